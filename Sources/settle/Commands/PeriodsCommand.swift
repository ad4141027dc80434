import ArgumentParser
import SettleCore
import SettleExport
import SettleStore

struct PeriodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "periods",
        abstract: "Every period with a contract in force: open, draft or closed, its runs, close and payout files.",
        discussion: "Example: settle periods"
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore()
        let runs = Dictionary(uniqueKeysWithValues: try store.periodOverviews().map { ($0.period, $0) })
        let schedules = Dictionary(grouping: try store.storedContracts().map(\.contract), by: \.provider.id).values
            .map(ContractSchedule.init)
        guard let first = (schedules.flatMap { $0.terms.map(\.first) }.min()?.period).map({ min($0, runs.keys.min() ?? $0) }) else {
            print("No contract is loaded yet, so there is no period; load them with `settle contracts load`.")
            return
        }
        let last = max(try Today.resolve().period, runs.keys.max() ?? first)
        var rows: [[String]] = [["period", "status", "statements", "last run", "closed", "payout files"]]
        var month = first
        while month <= last {
            if let overview = runs[month] {
                rows.append([month.description, overview.status == .closed ? "closed" : "draft", String(overview.statements),
                             overview.lastRun, (overview.closed ?? "") + (overview.closedEarly ? " (early)" : ""),
                             try Self.files(overview.payoutFiles, of: month, store: store)])
            } else if schedules.contains(where: { !$0.windows(in: month).isEmpty }) {
                rows.append([month.description, "open", "", "", "", ""])
            }
            month = month.next
        }
        print(StatementTable.table(rows, rightAligned: [2]))
    }

    /// `STL-202610-PAY-1 (4 transfers: 1,234.00 EUR, 13,839 JPY; 3 settled, 1 rejected); STL-202610-PAY-2 reissue (...)`.
    static func files(_ files: [PayoutFileRecord], of period: Period, store: Store) throws -> String {
        let states = files.isEmpty ? [:] : try store.transferStateCounts(of: period)
        return try files.map { file in
            let sums = try store.payoutFileDocument(period: period, issue: file.issue).map(PayoutFile.sumsPerCurrency)
                .map { $0.joined(separator: ", ") } ?? "control sum \(file.controlSum)"
            return "\(file.messageID)\(file.reissue ? " reissue" : "") (\(file.transactions) transfer\(file.transactions == 1 ? "" : "s"): "
                + "\(sums)\(states[file.messageID].map { "; " + TransferStatusText.counts($0) } ?? "")"
                + "\(file.confirmed ? "" : "; not confirmed written"))"
        }.joined(separator: "; ")
    }
}
