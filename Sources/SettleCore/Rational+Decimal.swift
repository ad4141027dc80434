public import BigInt

extension Rational {
    /// Reads decimal text (`scanDecimal`) exactly.
    ///
    /// ```swift
    /// Rational(decimal: "0.1")      // 1/10 exactly
    /// Rational(decimal: "1e3")      // nil
    /// ```
    public init?(decimal text: some StringProtocol) {
        self.init(decimal: String(text))
    }

    /// `init(decimal:)` on a string's bytes, in place: through the generic collection a run read
    /// 1.4 million sums at about a microsecond each (issue 19, perf).
    public init?(decimal text: String) {
        var text = text
        guard let value = text.withUTF8(Self.decimal) else { return nil }
        self = value
    }

    /// `init(decimal:)` on raw bytes (an element of a PostgreSQL array as read), with no `String` made.
    public init?(decimalBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = Self.decimal(bytes) else { return nil }
        self = value
    }

    private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Rational? {
        guard let scanned = scan(bytes) else { return nil }
        if let magnitude = scanned.magnitude, scanned.fractionDigits < powersOfTen.count {
            return Rational(Int(scanned.sign < 0 ? -magnitude : magnitude), powersOfTen[scanned.fractionDigits])
        }
        // Past 64 bits: the digits, the point left out, as a BigInt.
        let digits = bytes.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ".") }
        guard let value = BigInt(String(decoding: digits, as: UTF8.self)) else { return nil }
        return Rational(scanned.sign < 0 ? -value : value, BigInt(10).power(scanned.fractionDigits))
    }

    /// 10^0 ... 10^18, every power of ten an `Int` holds.
    static let powersOfTen: [Int] = (0...18).map { (0..<$0).reduce(1) { product, _ in product * 10 } }

    /// The number of digits after the decimal point in the decimal text `text` (`"1.250"` has 3;
    /// 0 when `text` is not decimal text).
    public static func fractionDigits(ofDecimal text: some StringProtocol) -> Int {
        scan(text.utf8)?.fractionDigits ?? 0
    }

    /// The exact decimal text, or `nil` when the value has no finite decimal expansion (1/3).
    ///
    /// - Parameters:
    ///   - minimumFractionDigits: pad with zeros to at least this many fraction digits.
    ///   - grouped: separate thousands with `,` (for people, never for machines).
    public func decimalText(minimumFractionDigits: Int = 0, grouped: Bool = false) -> String? {
        if let (numerator, denominator) = smallParts {
            guard let digits = Self.fractionDigits(ofDenominator: denominator) else { return nil }
            let scale = Swift.max(digits, minimumFractionDigits)
            if scale <= 18 {
                let units = Int128(numerator) * Int128(Self.powersOfTen[scale]) / Int128(denominator)
                if let magnitude = UInt64(exactly: units.magnitude) {
                    return Self.format(magnitude: magnitude, negative: units < 0, scale: scale, grouped: grouped)
                }
                return Self.format(digits: String(units.magnitude), negative: units < 0, scale: scale, grouped: grouped)
            }
        }
        guard let digits = Self.fractionDigits(ofDenominator: denominator) else { return nil }
        let scale = Swift.max(digits, minimumFractionDigits)
        let scaled = numerator * BigInt(10).power(scale) / denominator
        return Self.format(units: scaled, scale: scale, grouped: grouped)
    }

    /// How many decimals a fraction with this (reduced, positive) denominator needs: the larger
    /// power of 2 and 5 in it; `nil` when it has another prime factor (1/3 has no decimal text).
    private static func fractionDigits<T: BinaryInteger>(ofDenominator denominator: T) -> Int? {
        var rest = denominator, twos = 0, fives = 0
        while rest % 2 == 0 { rest /= 2; twos += 1 }
        while rest % 5 == 0 { rest /= 5; fives += 1 }
        return rest == 1 ? Swift.max(twos, fives) : nil
    }

    /// Formats `units` x 10^-scale as decimal text: `format(units: -1234, scale: 2)` is `"-12.34"`.
    /// Zero never carries a minus sign.
    public static func format(units: BigInt, scale: Int, grouped: Bool = false) -> String {
        if let small = Int64(exactly: units) {
            return format(magnitude: small.magnitude, negative: small < 0, scale: scale, grouped: grouped)
        }
        return format(digits: String(units.magnitude), negative: units < 0, scale: scale, grouped: grouped)
    }

    /// Formats the decimal digits of a magnitude x 10^-scale, with a sign when `negative`.
    private static func format(digits magnitude: String, negative: Bool, scale: Int, grouped: Bool) -> String {
        // On bytes: String indexing here was a tenth of encoding a statement (issue 19).
        var digits = Array(magnitude.utf8)
        if digits.count <= scale {
            digits = [UInt8](repeating: UInt8(ascii: "0"), count: scale - digits.count + 1) + digits
        }
        let whole = digits.count - scale
        var text: [UInt8] = []
        text.reserveCapacity(digits.count + 2 + (grouped ? whole / 3 : 0))
        if negative { text.append(UInt8(ascii: "-")) }
        for index in 0..<whole {
            if grouped && index > 0 && (whole - index) % 3 == 0 { text.append(UInt8(ascii: ",")) }
            text.append(digits[index])
        }
        if scale > 0 {
            text.append(UInt8(ascii: "."))
            text.append(contentsOf: digits[whole...])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `format(digits:...)` for a magnitude that fits 64 bits, written from the last digit back
    /// straight into the string's storage: no digit string or byte array made first. Formatting
    /// was a twentieth of writing 20,000 statements (issue 19).
    static func format(magnitude: UInt64, negative: Bool, scale: Int, grouped: Bool) -> String {
        var digitCount = 1, rest = magnitude / 10
        while rest > 0 { digitCount += 1; rest /= 10 }
        // At least one digit before the point: 0.05, not .05.
        let whole = Swift.max(digitCount, scale + 1) - scale
        let sign = negative ? 1 : 0
        let count = sign + whole + (grouped ? (whole - 1) / 3 : 0) + (scale > 0 ? scale + 1 : 0)
        return String(unsafeUninitializedCapacity: count) { text in
            var position = count, rest = magnitude
            func put(_ byte: UInt8) { position -= 1; text[position] = byte }
            for _ in 0..<scale { put(UInt8(ascii: "0") + UInt8(rest % 10)); rest /= 10 }
            if scale > 0 { put(UInt8(ascii: ".")) }
            for index in 0..<whole {
                if grouped && index > 0 && index % 3 == 0 { put(UInt8(ascii: ",")) }
                put(UInt8(ascii: "0") + UInt8(rest % 10)); rest /= 10
            }
            if negative { put(UInt8(ascii: "-")) }
            assert(position == 0 && rest == 0, "formatted \(magnitude) into \(count) bytes")
            return count
        }
    }

    /// Formats `units` x 10^-scale: `format(units: 199, scale: 2)` is `"1.99"`.
    public static func format(units: Int, scale: Int, grouped: Bool = false) -> String {
        format(magnitude: UInt64(units.magnitude), negative: units < 0, scale: scale, grouped: grouped)
    }

    /// The value rounded once with `mode` to `scale` decimals, as decimal text:
    /// `format(units: rounded(scale: scale, mode), scale: scale, grouped: grouped)`, on machine
    /// words when the value is small.
    ///
    /// ```swift
    /// Rational(1, 3).roundedText(scale: 2, .halfEven)   // "0.33"
    /// ```
    public func roundedText(scale: Int, _ mode: RoundingMode, grouped: Bool = false) -> String {
        if let (numerator, denominator) = smallParts, scale <= 18 {
            let units = Self.rounded(Int128(numerator) * Int128(Self.powersOfTen[scale]), Int128(denominator), mode)
            if let magnitude = UInt64(exactly: units.magnitude) {
                return Self.format(magnitude: magnitude, negative: units < 0, scale: scale, grouped: grouped)
            }
        }
        return Self.format(units: rounded(scale: scale, mode), scale: scale, grouped: grouped)
    }

    /// Rounds to a whole number of 10^-scale units, once, with `mode`.
    ///
    /// ```swift
    /// Rational(decimal: "0.125")!.rounded(scale: 2, .halfEven)   // 12 (0.12)
    /// Rational(decimal: "0.125")!.rounded(scale: 2, .halfUp)     // 13 (0.13)
    /// ```
    public func rounded(scale: Int, _ mode: RoundingMode) -> BigInt {
        if let (numerator, denominator) = smallParts, scale <= 18 {
            return BigInt(Self.rounded(Int128(numerator) * Int128(Self.powersOfTen[scale]), Int128(denominator), mode))
        }
        let scaled = numerator * BigInt(10).power(scale)
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: denominator)
        // Truncated division: the quotient is rounded toward zero, remainder has the sign of scaled.
        let twiceRemainder = remainder.magnitude * 2
        let halfComparison: Int = twiceRemainder < denominator.magnitude ? -1
            : (twiceRemainder == denominator.magnitude ? 0 : 1)
        let awayFromZero: Bool
        switch (halfComparison, mode) {
        case (-1, _): awayFromZero = false
        case (1, _): awayFromZero = true
        case (_, .halfUp): awayFromZero = true
        default: awayFromZero = quotient % 2 != 0
        }
        guard awayFromZero else { return quotient }
        return quotient + (scaled < 0 ? -1 : 1)
    }
}

extension Rational {
    /// `scaled / denominator` rounded with `mode`, on machine integers (`denominator` positive).
    fileprivate static func rounded(_ scaled: Int128, _ denominator: Int128, _ mode: RoundingMode) -> Int128 {
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: denominator)
        let twiceRemainder = remainder.magnitude * 2, half = denominator.magnitude
        let awayFromZero = twiceRemainder > half || (twiceRemainder == half && (mode == .halfUp || quotient % 2 != 0))
        guard awayFromZero else { return quotient }
        return quotient + (scaled < 0 ? -1 : 1)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Int {
    /// A count for people, thousands separated with `,` as in every grouped amount: `1234567`
    /// -> `1,234,567`.
    public var grouped: String { Rational.format(units: self, scale: 0, grouped: true) }

    /// `1 row`, `1,204 rows`.
    public func counted(_ noun: String) -> String { "\(grouped) \(noun)\(self == 1 ? "" : "s")" }
}
