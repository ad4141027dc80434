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
///
/// Values whose parts fit in 64 bits (nearly every amount, rate and fraction Settle meets) are
/// computed with machine integers and 128-bit intermediates, which cannot overflow; anything larger
/// moves to `BigInt` and stays exact.
public struct Rational: Sendable, Hashable, Comparable {
    /// Reduced, with a positive denominator, and `.small` whenever both parts fit in `Int64` (the
    /// numerator never `Int64.min`), so that equal values have equal storage.
    private enum Storage: Sendable, Hashable {
        case small(Int64, Int64)
        case big(BigInt, BigInt)
    }

    private let storage: Storage

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// Numerator; carries the sign.
    public var numerator: BigInt {
        switch storage {
        case .small(let numerator, _): BigInt(numerator)
        case .big(let numerator, _): numerator
        }
    }

    /// Denominator; always positive, and coprime with the numerator.
    public var denominator: BigInt {
        switch storage {
        case .small(_, let denominator): BigInt(denominator)
        case .big(_, let denominator): denominator
        }
    }

    /// Creates `numerator / denominator`, reduced.
    ///
    /// - Precondition: `denominator` is not zero.
    public init(_ numerator: BigInt, _ denominator: BigInt) {
        precondition(denominator != 0, "Rational with a zero denominator")
        let divisor = numerator.greatestCommonDivisor(with: denominator)
        let sign: BigInt = denominator < 0 ? -1 : 1
        self.init(reduced: sign * numerator / divisor, sign * denominator / divisor)
    }

    /// Creates `numerator / denominator`, reduced: `Rational(11, 30)`.
    ///
    /// - Precondition: `denominator` is not zero.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational with a zero denominator")
        self = Self.reducing(Int128(numerator), Int128(denominator))
    }

    public init(_ integer: Int) {
        self = integer == .min ? Rational(reduced: BigInt(integer), 1) : Rational(storage: .small(Int64(integer), 1))
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    /// From parts already reduced, with a positive denominator; picks the canonical storage.
    private init(reduced numerator: BigInt, _ denominator: BigInt) {
        if let n = Int64(exactly: numerator), n != .min, let d = Int64(exactly: denominator) {
            storage = .small(n, d)
        } else {
            storage = .big(numerator, denominator)
        }
    }

    /// `numerator / denominator` from 128-bit parts (products of two small values always fit).
    private static func reducing(_ numerator: Int128, _ denominator: Int128) -> Rational {
        var n = numerator, d = denominator
        if d < 0 { n = -n; d = -d }
        let divisor = Int128(gcd(n.magnitude, d.magnitude))
        if divisor > 1 { n /= divisor; d /= divisor }
        if let small = Int64(exactly: n), small != .min, let smallDenominator = Int64(exactly: d) {
            return Rational(storage: .small(small, smallDenominator))
        }
        return Rational(storage: .big(BigInt(n), BigInt(d)))
    }

    /// Euclid on machine words; 64-bit steps once both values fit.
    private static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var m = a, n = b
        while n != 0, m > UInt128(UInt64.max) || n > UInt128(UInt64.max) { (m, n) = (n, m % n) }
        var x = UInt64(truncatingIfNeeded: m), y = UInt64(truncatingIfNeeded: n)
        while y != 0 { (x, y) = (y, x % y) }
        return n == 0 ? m : UInt128(x)
    }

    /// Both values' parts as 64-bit integers, when both are small.
    private static func small(_ lhs: Rational, _ rhs: Rational) -> (Int128, Int128, Int128, Int128)? {
        guard case .small(let a, let b) = lhs.storage, case .small(let c, let d) = rhs.storage else { return nil }
        return (Int128(a), Int128(b), Int128(c), Int128(d))
    }

    public var isZero: Bool { sign == 0 }
    public var isNegative: Bool { sign < 0 }
    public var isPositive: Bool { sign > 0 }
    public var magnitude: Rational { isNegative ? -self : self }

    private var sign: Int {
        switch storage {
        case .small(let numerator, _): Int(numerator.signum())
        case .big(let numerator, _): numerator.isZero ? 0 : (numerator < 0 ? -1 : 1)
        }
    }

    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        if let (a, b, c, d) = small(lhs, rhs) {
            return b == d ? reducing(a + c, b) : reducing(a * d + c * b, b * d)
        }
        let (a, b, c, d) = (lhs.numerator, lhs.denominator, rhs.numerator, rhs.denominator)
        return b == d ? Rational(a + c, b) : Rational(a * d + c * b, b * d)
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational { lhs + (-rhs) }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        if let (a, b, c, d) = small(lhs, rhs) { return reducing(a * c, b * d) }
        return Rational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    /// - Precondition: `rhs` is not zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "Rational division by zero")
        if let (a, b, c, d) = small(lhs, rhs) { return reducing(a * d, b * c) }
        return Rational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    public static prefix func - (value: Rational) -> Rational {
        switch value.storage {
        case .small(let numerator, let denominator): Rational(storage: .small(-numerator, denominator))
        case .big(let numerator, let denominator): Rational(reduced: -numerator, denominator)
        }
    }

    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if let (a, b, c, d) = small(lhs, rhs) { return a * d < c * b }
        return lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    public static func min(_ a: Rational, _ b: Rational) -> Rational { a < b ? a : b }
    public static func max(_ a: Rational, _ b: Rational) -> Rational { a < b ? b : a }

    /// The parts as 64-bit integers when they fit (for fast formatting and rounding).
    var smallParts: (numerator: Int64, denominator: Int64)? {
        guard case .small(let numerator, let denominator) = storage else { return nil }
        return (numerator, denominator)
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
