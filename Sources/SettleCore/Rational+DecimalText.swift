extension Rational {
    /// Decimal text read once, on its bytes: what `init(decimal:)` builds its number from, what the
    /// CSV checks bound and what the import's rollups sum, so that all of them take the same text.
    ///
    /// The grammar is an optional `-`, digits, and optionally `.` and digits. Exponents, a leading
    /// `+`, thousands separators, spaces and a bare `.5` or `5.` are refused, so the text a user
    /// wrote is the number stored.
    public struct DecimalText: Sendable, Hashable {
        /// -1, 0 or 1 (`-0.00` is 0).
        public let sign: Int
        /// The digits after the point: `1.250` has 3.
        public let fractionDigits: Int
        /// The significant digits before the point, leading zeros not counted: `007.5` has 1.
        public let wholeDigits: Int
        /// Every digit, the point left out, as one whole number (`-1.25` has 125); `nil` past
        /// `Int64.max`.
        public let magnitude: Int64?

        /// The value in whole 10^-`scale` units (`-1.25` at scale 6 is -1250000); `nil` when it has
        /// more than `scale` fraction digits or its units pass 64 bits.
        public func units(scale: Int) -> Int64? {
            guard var units = magnitude, fractionDigits <= scale else { return nil }
            for _ in fractionDigits..<scale {
                let (times, overflow) = units.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                units = times
            }
            return sign < 0 ? -units : units
        }
    }

    /// Scans decimal text without building the number; `nil` when it is not decimal text. For
    /// checking millions of CSV values fast.
    ///
    /// ```swift
    /// Rational.scanDecimal("-12.50")   // sign -1, 2 fraction digits, 2 whole digits, magnitude 1250
    /// Rational.scanDecimal("1e3")      // nil
    /// ```
    public static func scanDecimal(_ text: String) -> DecimalText? { scan(text.utf8) }

    /// `scanDecimal` on raw bytes (a CSV field as read), with no `String` made.
    public static func scanDecimal(bytes: UnsafeBufferPointer<UInt8>) -> DecimalText? { scan(bytes) }

    static func scan(_ bytes: some Collection<UInt8>) -> DecimalText? {
        var rest = bytes[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        var wholeDigits = 0, significantWholeDigits = 0, fractionDigits = 0, sawPoint = false, nonZero = false
        var magnitude: Int64 = 0, overflowed = false
        for byte in rest {
            switch byte {
            case UInt8(ascii: "."):
                guard !sawPoint, wholeDigits > 0 else { return nil }
                sawPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if sawPoint { fractionDigits += 1 } else {
                    wholeDigits += 1
                    if nonZero || digit != 0 { significantWholeDigits += 1 }
                }
                if digit != 0 { nonZero = true }
                let (times, timesOverflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (plus, plusOverflow) = times.addingReportingOverflow(digit)
                overflowed = overflowed || timesOverflow || plusOverflow
                magnitude = plus
            default:
                return nil
            }
        }
        guard wholeDigits > 0, !sawPoint || fractionDigits > 0 else { return nil }
        return DecimalText(sign: nonZero ? (negative ? -1 : 1) : 0, fractionDigits: fractionDigits,
                           wholeDigits: significantWholeDigits, magnitude: overflowed ? nil : magnitude)
    }
}
