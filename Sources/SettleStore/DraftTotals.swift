public import SettleCore

/// What a period's draft adds up to, for the summary line a run prints: its statements, their
/// payouts per currency and its unsettled data counted.
///
/// Kept beside the period (`periods.draft_totals`, migration 27) and brought up to date by each
/// run from what it removes and writes, so that a re-run of 20 providers does not count the
/// period's 20,000 statements and 100,000 unsettled rows again (155 ms of its 0.35 s at 10 M rows,
/// issue 19). `Store.countedDraftTotals(of:)` counts the same from the tables; the tests hold the
/// two equal after runs and re-runs.
public struct DraftTotals: Codable, Sendable, Equatable {
    public private(set) var statements = 0
    /// The payouts above zero summed per currency code.
    private var payoutSums: [String: Rational] = [:]
    /// Unsettled rows per reason (`noRows` has none).
    private var unsettledRows: [String: Int] = [:]
    /// The providers with rows that count for nothing.
    private var unsettledProviders = 0
    /// The providers in force with no rows at all.
    private var providersWithoutRows = 0

    public init() {}

    init(statements: Int, payouts: [Money], unsettled: UnsettledCounts) {
        self.statements = statements
        for payout in payouts { payoutSums[payout.currency.code] = payout.value }
        for (reason, rows) in unsettled.rows where rows != 0 { unsettledRows[reason.rawValue] = rows }
        unsettledProviders = unsettled.providers
        providersWithoutRows = unsettled.providersWithoutRows
    }

    /// The payouts per currency in currency order, as `Store.payoutTotals` gives them.
    public var payouts: [Money] {
        payoutSums.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.compactMap { code, sum in
            Currency(code: code).map { Money(rounding: sum, in: $0, .halfEven) }
        }
    }

    public var unsettled: UnsettledCounts {
        UnsettledCounts(rows: Dictionary(uniqueKeysWithValues: unsettledRows.compactMap { reason, rows in
                            Unsettled.Reason(rawValue: reason).map { ($0, rows) } }),
                        providers: unsettledProviders, providersWithoutRows: providersWithoutRows)
    }

    /// Counts a statement with its payout in (`sign` 1) or out (-1).
    mutating func count(statementPaying payout: Money, sign: Int) {
        statements += sign
        guard payout.minorUnits > 0 else { return }
        let sum = (payoutSums[payout.currency.code] ?? .zero) + (sign > 0 ? payout.value : -payout.value)
        payoutSums[payout.currency.code] = sum.isZero ? nil : sum
    }

    /// Counts one provider's unsettled data, all of it, in (`sign` 1) or out (-1).
    mutating func count(unsettledOfOneProvider items: some Sequence<(reason: Unsettled.Reason, rows: Int)>, sign: Int) {
        var counted = false
        for item in items {
            if item.reason == .noRows {
                providersWithoutRows += sign
            } else {
                counted = true
                let rows = (unsettledRows[item.reason.rawValue] ?? 0) + sign * item.rows
                unsettledRows[item.reason.rawValue] = rows == 0 ? nil : rows
            }
        }
        if counted { unsettledProviders += sign }
    }

    /// These totals with `other`'s added (two batches of one run).
    mutating func add(_ other: DraftTotals) {
        statements += other.statements
        payoutSums.merge(other.payoutSums, uniquingKeysWith: +)
        unsettledRows.merge(other.unsettledRows, uniquingKeysWith: +)
        unsettledProviders += other.unsettledProviders
        providersWithoutRows += other.providersWithoutRows
    }
}
