public import BigInt

/// An exact rational number: the only number type that money, rates, hours and proration ever use.
///
/// Settle never holds a money amount in a binary float. Decimal text from contracts and CSV files is
/// read into a `Rational` digit for digit, and proration fractions such as 11/30 stay fractions until
/// a statement line is rounded once to the currency's minor unit.
///
/// ```swift
/// let f = Rational(11, 30)
/// (Rational(decimal: "3000")! * f).description   // "1100"
/// ```
public struct Rational: Sendable, Hashable, Comparable {
    /// Numerator; carries the sign.
    public let numerator: BigInt
    /// Denominator; always positive, and coprime with the numerator.
    public let denominator: BigInt

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// Creates `numerator / denominator`, reduced.
    ///
    /// - Precondition: `denominator` is not zero.
    public init(_ numerator: BigInt, _ denominator: BigInt) {
        precondition(denominator != 0, "Rational with a zero denominator")
        let divisor = Self.gcd(numerator, denominator)
        let sign: BigInt = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    /// Creates `numerator / denominator`, reduced: `Rational(11, 30)`.
    public init(_ numerator: Int, _ denominator: Int) {
        self.init(BigInt(numerator), BigInt(denominator))
    }

    public init(_ integer: Int) {
        numerator = BigInt(integer)
        denominator = 1
    }

    public var isZero: Bool { numerator == 0 }
    public var isNegative: Bool { numerator < 0 }
    public var isPositive: Bool { numerator > 0 }
    public var magnitude: Rational { isNegative ? -self : self }

    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if lhs.denominator == rhs.denominator {
            return Rational(lhs.numerator + rhs.numerator, lhs.denominator)
        }
        return Rational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator,
                        lhs.denominator * rhs.denominator)
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational { lhs + (-rhs) }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    /// - Precondition: `rhs` is not zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    public static prefix func - (value: Rational) -> Rational {
        Rational(unreduced: -value.numerator, value.denominator)
    }

    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    public static func min(_ a: Rational, _ b: Rational) -> Rational { a < b ? a : b }
    public static func max(_ a: Rational, _ b: Rational) -> Rational { a < b ? b : a }

    /// The greatest common divisor; machine-word Euclid when both fit in 64 bits (the usual case:
    /// money with a few decimals), BigInt's own algorithm otherwise.
    private static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        let x = a.magnitude, y = b.magnitude
        guard x.bitWidth <= 64, y.bitWidth <= 64 else { return a.greatestCommonDivisor(with: b) }
        var m = UInt64(x), n = UInt64(y)
        while n != 0 { (m, n) = (n, m % n) }
        return BigInt(m)
    }

    /// Already reduced parts; skips the gcd.
    private init(unreduced numerator: BigInt, _ denominator: BigInt) {
        self.numerator = numerator
        self.denominator = denominator
    }
}

extension Rational: CustomStringConvertible {
    /// The exact decimal text when the value has one (`"12.5"`), else `"n/d"`.
    public var description: String {
        decimalText() ?? "\(numerator)/\(denominator)"
    }
}

extension Sequence where Element == Rational {
    /// The exact sum.
    public func sum() -> Rational { reduce(.zero, +) }
}
