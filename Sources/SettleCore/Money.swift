public import BigInt

/// A rounded amount: a whole number of the currency's minor units.
///
/// Only statement lines and the totals built from them are `Money`; everything before a line's
/// single rounding is a `Rational`.
///
/// ```swift
/// Money(rounding: Rational(decimal: "2.675")!, in: eur, .halfEven).description   // "2.68"
/// ```
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let minorUnits: BigInt
    public let currency: Currency

    public init(minorUnits: BigInt, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Rounds an exact amount once to the currency's minor unit.
    public init(rounding exact: Rational, in currency: Currency, _ mode: RoundingMode) {
        self.init(minorUnits: exact.rounded(scale: currency.minorUnitDigits, mode), currency: currency)
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// The exact value in major units.
    public var value: Rational {
        Rational(minorUnits, BigInt(10).power(currency.minorUnitDigits))
    }

    public var isZero: Bool { minorUnits == 0 }
    public var isPositive: Bool { minorUnits > 0 }
    public var isNegative: Bool { minorUnits < 0 }

    /// Machine form: exactly the minor-unit digits, `-` when negative, never `-0.00`: `"-1234.50"`.
    public var description: String {
        Rational.format(units: minorUnits, scale: currency.minorUnitDigits)
    }

    /// Human form with thousands separators: `"1,234.50"`.
    public var grouped: String {
        Rational.format(units: minorUnits, scale: currency.minorUnitDigits, grouped: true)
    }

    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "adding \(lhs.currency) to \(rhs.currency)")
        return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    public static func - (lhs: Money, rhs: Money) -> Money { lhs + (-rhs) }

    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }

    public static prefix func - (value: Money) -> Money {
        Money(minorUnits: -value.minorUnits, currency: value.currency)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "comparing \(lhs.currency) with \(rhs.currency)")
        return lhs.minorUnits < rhs.minorUnits
    }
}

extension Sequence where Element == Money {
    /// The sum of rounded amounts in `currency` (zero for an empty sequence).
    public func sum(in currency: Currency) -> Money { reduce(.zero(currency), +) }
}
