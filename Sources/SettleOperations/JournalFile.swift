import Foundation
public import SettleCore
import SettleExport
public import SettleStore

/// `settle journal`: the closed period's double-entry lines as CSV (docs/REFERENCE.md §10).
public enum JournalFile {
    /// Builds, checks (every entry balances per currency) and writes the journal atomically,
    /// owner-only.
    ///
    /// - Returns: how many entries and lines were written.
    public static func write(store: Store, period: Period, out: String) throws -> (entries: Int, lines: Int) {
        guard try store.status(of: period) == .closed else {
            throw OperationError("\(period) is not closed; the journal is written only for a closed period (`settle close \(period)`).")
        }
        let ledger = try store.storedPayer()?.ledger ?? Ledger()
        let statements = try store.statements(of: period).map(\.statement)
        let references = Dictionary(uniqueKeysWithValues: try store.issuedInvoices(of: period).map { ($0.provider, $0.number) })
        var lines = Journal.closeEntries(statements: statements, ledger: ledger, references: references)
        // The payout: the transfers of the period's last confirmed payout file (a reissue replaces
        // the file before it).
        if let file = try store.payoutFiles(of: period).last(where: \.confirmed) {
            let transfers = try store.transferStatuses(of: period).filter { $0.messageID == file.messageID }
            guard let date = Day(String(file.writtenAt.prefix(10))) else {
                throw OperationError("The payout file \(file.messageID) has no readable date (\(file.writtenAt)).")
            }
            lines += Journal.payoutEntries(period: period, messageID: file.messageID, date: date,
                                           transfers: transfers.map(\.transfer), ledger: ledger)
        }
        lines += Journal.returnedEntries(statements: statements, ledger: ledger)
        let unbalanced = Journal.unbalanced(lines)
        guard unbalanced.isEmpty else {
            throw OperationError("The journal of \(period) was not written; entries do not balance: " + unbalanced.joined(separator: "; "))
        }
        try OutputPath.file(out)
        AtomicFile.removeLeftovers(in: URL(fileURLWithPath: out).deletingLastPathComponent().path)
        try AtomicFile.write(Journal.csv(lines), to: out, permissions: 0o600, durable: true)
        return (Set(lines.map(\.entry)).count, lines.count)
    }
}
