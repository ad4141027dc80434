public import SettleCore

/// `settle payouts status`: the transfers of a period's payout files and where each stands
/// (docs/REFERENCE.md §9), as a table or as JSON.
public enum TransferStatusText {
    /// One row per transfer: provider, amount, currency, EndToEndId, state, reason, and the date
    /// of each change (`sent 2026-12-15, rejected 2026-12-16`).
    public static func table(_ statuses: [TransferStatus]) -> String {
        let rows = statuses.map { status in
            [status.transfer.provider, status.transfer.amount.grouped, status.transfer.amount.currency.code, status.transfer.endToEndID,
             status.state.rawValue, status.reasonCode.map { "\($0) \(StatusReason.text(of: $0))" } ?? "",
             status.changes.map { "\($0.state.rawValue) \($0.at.prefix(10))" }.joined(separator: ", ")]
        }
        return TextTable.render([["provider", "amount", "currency", "end-to-end id", "state", "reason", "changes"]] + rows,
                                rightAligned: [1])
    }

    /// An array of `{provider, end_to_end_id, amount, currency, state, reason_code, reason,
    /// changes: [{state, at, file}]}`; the amount a decimal string with the currency's digits,
    /// `reason_code` and `reason` null when none.
    public static func json(_ statuses: [TransferStatus]) -> String {
        JSONText.array(statuses.map { status in
            JSONText.object([
                ("provider", JSONText.string(status.transfer.provider)),
                ("end_to_end_id", JSONText.string(status.transfer.endToEndID)),
                ("amount", JSONText.string(status.transfer.amount.description)),
                ("currency", JSONText.string(status.transfer.amount.currency.code)),
                ("state", JSONText.string(status.state.rawValue)),
                ("reason_code", JSONText.optional(status.reasonCode)),
                ("reason", JSONText.optional(status.reason)),
                ("changes", JSONText.array(status.changes.map { change in
                    JSONText.object([("state", JSONText.string(change.state.rawValue)), ("at", JSONText.string(change.at)),
                                     ("file", JSONText.string(change.file))], indent: 3)
                }, indent: 2)),
            ], indent: 1)
        }, indent: 0)
    }

    /// `1 settled, 1 rejected`, in the order of the states; for `settle periods`.
    public static func counts(_ counts: [TransferState: Int]) -> String {
        TransferState.allCases.compactMap { state in counts[state].map { "\($0) \(state.rawValue)" } }.joined(separator: ", ")
    }
}
