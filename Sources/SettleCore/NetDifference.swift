/// Earnings, charges and period net of a statement, or the difference between two statements'
/// (proposed minus current, docs/REFERENCE.md §8), in one currency.
///
/// ```swift
/// NetDifference(proposed, in: eur) - NetDifference(current, in: eur)   // earnings 25.49, charges 0.00, ...
/// ```
public struct NetDifference: Sendable, Hashable {
    public let currency: Currency
    public let earnings: Money
    public let charges: Money
    public let periodNet: Money

    public init(currency: Currency, earnings: Money, charges: Money, periodNet: Money) {
        self.currency = currency
        self.earnings = earnings
        self.charges = charges
        self.periodNet = periodNet
    }

    /// A statement's own totals; zero for no statement.
    public init(_ statement: Statement?, in currency: Currency) {
        self.init(currency: currency, earnings: statement?.earnings ?? .zero(currency),
                  charges: statement?.charges ?? .zero(currency), periodNet: statement?.periodNet ?? .zero(currency))
    }

    public static func zero(_ currency: Currency) -> NetDifference { NetDifference(nil, in: currency) }

    public static func + (lhs: NetDifference, rhs: NetDifference) -> NetDifference {
        NetDifference(currency: lhs.currency, earnings: lhs.earnings + rhs.earnings, charges: lhs.charges + rhs.charges,
                      periodNet: lhs.periodNet + rhs.periodNet)
    }

    public static func - (lhs: NetDifference, rhs: NetDifference) -> NetDifference {
        NetDifference(currency: lhs.currency, earnings: lhs.earnings - rhs.earnings, charges: lhs.charges - rhs.charges,
                      periodNet: lhs.periodNet - rhs.periodNet)
    }
}
