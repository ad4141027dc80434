import Foundation
public import SettleCore
public import SettleExport
public import SettleStore

/// `settle payouts`: the ISO 20022 payout file of a closed period, made, checked, written and
/// recorded in three steps (`Store.recordPayoutFile`).
public enum PayoutFiles {
    /// Builds, validates, writes and records the period's payout file; `nil` when none is due.
    ///
    /// - Parameter today: the day the file is made: execution dates that have passed move to it.
    public static func write(store: Store, period: Period, out: String, reissue: Bool, reason: String? = nil, today: Day,
                             validator: XMLSchemaValidator) throws -> PayoutFileOutcome? {
        if reissue && (reason ?? "").allSatisfy(\.isWhitespace) {
            throw OperationError("A payout file is written again only with a reason, for the record.")
        }
        guard try store.status(of: period) == .closed else {
            throw OperationError("\(period) is not closed; payouts are made only for a closed period (`settle close \(period)`).")
        }
        guard let payer = try store.storedPayer() else {
            throw OperationError("No payer is loaded; load contracts/payer.yaml with `settle contracts load`.")
        }
        try OutputPath.file(out)
        return try store.recordPayoutFile(period: period, reissue: reissue, reason: reason, path: out, make: { issue, earlier in
            if let first = earlier.first, !reissue {
                throw OperationError("A payout file for \(period) was already written (\(first.messageID) to \(first.path) on \(first.writtenAt)); pass --reissue to write it again.")
            }
            // A payout the bank rejected or returned is owed again through the provider's balance
            // (docs/REFERENCE.md §9): a reissue would pay it a second time.
            let owed = try store.transfersOwedAgain().filter { $0.period == period }
            if reissue, !owed.isEmpty {
                let named = owed.map { "\($0.endToEndID) (\($0.provider), \($0.amount.grouped) \($0.amount.currency), \($0.state.rawValue))" }
                throw OperationError("No payout file was written: \(named.joinedInWords) came back from the bank and "
                    + "\(owed.count == 1 ? "is" : "are") owed again through the provider's balance in a later period; a reissue "
                    + "of \(period) would pay \(owed.count == 1 ? "it" : "them") twice.")
            }
            try store.requireApproval(period, before: "its payout file is written")
            // Under the month-end lock: the statements paid are the ones closed, unchanged since.
            if let tampered = try store.statementsTampered(in: period) {
                throw OperationError("No payout file was written: \(tampered); run `settle verify \(period)` to see what changed.")
            }
            // Only what the file pays: 10,537 of 20,000 statements in issue 19's month; `make` and
            // `problems` look at no other.
            let statements = try store.decodedStatements(of: period, as: PayoutFile.Entry.self, payableOnly: true)
            guard let file = PayoutFile.make(period: period, statements: statements, payer: payer, issue: issue,
                                             created: utcNow(), today: today) else { return nil }
            let problems = validator.problems(in: file.xml)
                + PayoutFile.problems(period: period, statements: statements, payer: payer, file: file)
            guard problems.isEmpty else {
                throw OperationError("The payout file for \(period) was not written; it fails its checks: " + problems.joined(separator: "; "))
            }
            return (file.messageID, file.xml, file.transactionCount, PayoutFile.decimal(file.controlSum),
                    PayoutFile.sumsPerCurrency(file.xml).joined(separator: ", "), file.transfers)
        }, write: { path, text in
            AtomicFile.removeLeftovers(in: URL(fileURLWithPath: path).deletingLastPathComponent().path)
            try AtomicFile.write(text, to: path, permissions: 0o600, durable: true)
        })
    }

    /// After a reissue: the warning that the first file may already be at the bank, with the sums
    /// per currency of both files; empty when `written` is the period's first file.
    public static func reissueWarning(store: Store, period: Period, written: PayoutFileRecord) throws -> [String] {
        guard let first = try store.payoutFiles(of: period).first, first.issue != written.issue else { return [] }
        var lines = ["Warning: the first payout file of \(period) (\(first.messageID), written \(first.writtenAt)) may "
                     + "already be at the bank; make sure it is withdrawn there, or the providers are paid twice."]
        for file in [first, written] {
            let sums = try store.payoutFileDocument(period: period, issue: file.issue).map(PayoutFile.sumsPerCurrency) ?? []
            lines.append("  \(file.messageID): " + (sums.isEmpty ? "sums not recorded" : sums.joined(separator: ", ")))
        }
        return lines
    }

    /// `MsgId, N transfers, control sum S`.
    public static func summary(_ record: PayoutFileRecord) -> String {
        "\(record.messageID), \(record.transactions) transfer\(record.transactions == 1 ? "" : "s"), control sum \(record.controlSum)"
    }

    /// Now in UTC, `YYYY-MM-DDThh:mm:ss`.
    static func utcNow() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return String(formatter.string(from: Date()).prefix(19))
    }
}
