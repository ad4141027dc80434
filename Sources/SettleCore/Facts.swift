/// Revenue attributed to a provider on one day: a CSV row, or the sum of such rows (a rollup).
///
/// The engine only ever adds entries up, so a single row and a per-day sum of rows with the same
/// stream, currency and role give the same statement.
public struct RevenueEntry: Sendable, Hashable {
    public var date: Day
    public var stream: String
    public var currency: Currency
    public var role: String?
    /// Calls, upgrades, seats: what `per_unit` rules pay for.
    public var quantity: Rational
    /// Money in `currency`; negative for refunds and reversals.
    public var amount: Rational
    /// How many rows the entry sums (1 for a row); only unsettled data reports it.
    public var rows: Int

    public init(date: Day, stream: String, currency: Currency, role: String? = nil,
                quantity: Rational, amount: Rational, rows: Int = 1) {
        self.date = date
        self.stream = stream
        self.currency = currency
        self.role = role
        self.quantity = quantity
        self.amount = amount
        self.rows = rows
    }
}

/// Compute hours used by a provider on one day (a row or a per-day sum).
public struct HoursEntry: Sendable, Hashable {
    public var date: Day
    public var gpuType: String?
    public var hours: Rational
    /// How many rows the entry sums (1 for a row).
    public var rows: Int

    public init(date: Day, gpuType: String? = nil, hours: Rational, rows: Int = 1) {
        self.date = date
        self.gpuType = gpuType
        self.hours = hours
        self.rows = rows
    }
}

/// A conversion direction: `USD->EUR`.
public struct CurrencyPair: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var from: Currency
    public var to: Currency

    public init(from: Currency, to: Currency) {
        self.from = from
        self.to = to
    }

    public var description: String { "\(from.code)->\(to.code)" }

    public static func < (lhs: CurrencyPair, rhs: CurrencyPair) -> Bool {
        (lhs.from.code, lhs.to.code) < (rhs.from.code, rhs.to.code)
    }
}

/// The FX rates of one period: 1 unit of `from` = `rate` units of `to`.
///
/// Only the exact pair is ever used: never an inverse, never a cross rate.
public struct FXRates: Sendable, Hashable {
    public private(set) var rates: [CurrencyPair: Rational]

    public init(_ rates: [CurrencyPair: Rational] = [:]) {
        self.rates = rates
    }

    /// The rate for the pair; 1 when both currencies are the same.
    public func rate(from: Currency, to: Currency) -> Rational? {
        from == to ? .one : rates[CurrencyPair(from: from, to: to)]
    }

    public subscript(from: Currency, to: Currency) -> Rational? {
        get { rates[CurrencyPair(from: from, to: to)] }
        set { rates[CurrencyPair(from: from, to: to)] = newValue }
    }
}
