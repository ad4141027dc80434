import BigInt

/// Values that are stored and exchanged as their text: `"0.075"`, `"2026-03-15"`, `"EUR"`.
///
/// A stored contract round-trips exactly: a `Rational` is written as its exact decimal (or `n/d`).
protocol CodableAsText: Codable {
    init?(codingText: String)
    /// The value as stored, without the quotes of its JSON string.
    var codingText: String { get }
}

extension CodableAsText {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(codingText: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid value '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codingText)
    }
}

extension Rational: CodableAsText {
    /// `"0.075"` or `"1/3"`: the exact decimal, or a fraction of two.
    public init?(codingText: String) {
        let parts = codingText.split(separator: "/")
        if parts.count == 2, let n = Rational(decimal: parts[0]), let d = Rational(decimal: parts[1]), !d.isZero {
            self = n / d
        } else if let value = Rational(decimal: codingText) {
            self = value
        } else {
            return nil
        }
    }

    public var codingText: String { description }
}

extension Day: CodableAsText {
    init?(codingText: String) { self.init(codingText) }
    public var codingText: String { description }
}

extension Period: CodableAsText {
    init?(codingText: String) { self.init(codingText) }
    public var codingText: String { description }
}

extension Currency: CodableAsText {
    init?(codingText: String) { self.init(code: codingText) }
    var codingText: String { code }
}

extension Money: CodableAsText {
    /// `"1234.50 EUR"`.
    init?(codingText: String) {
        guard let money = Self(plainCodingText: codingText) ?? Self(decimalCodingText: codingText) else { return nil }
        self = money
    }

    public var codingText: String { "\(description) \(currency.code)" }

    /// The general reading: a decimal with exactly the currency's fraction digits, a space, the code.
    init?(decimalCodingText text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let currency = Currency(code: parts[1]), let value = Rational(decimal: parts[0]),
              Rational.fractionDigits(ofDecimal: parts[0]) == currency.minorUnitDigits else { return nil }
        self.init(rounding: value, in: currency, .halfEven)
    }

    /// The text as Settle writes it (`"-1234.50 EUR"`: an optional minus, at most 18 digits with
    /// the currency's own fraction digits, one space, the code) read straight into minor units,
    /// without a `Rational`: stored documents hold 190,000 amounts at 20,000 providers, and reading
    /// them through `Rational` was a seventh of `settle report` (issue 19). `nil` for any other
    /// text, which `init(decimalCodingText:)` then reads (a test compares the two readings).
    init?(plainCodingText text: String) {
        var units = 0, digits = 0, fraction: Int?, negative = false, space: Int?
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 18 else { return nil }   // 10^18 - 1 fits an Int
                units = units * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if let seen = fraction { fraction = seen + 1 }
            case UInt8(ascii: "-") where offset == 0: negative = true
            case UInt8(ascii: ".") where fraction == nil && digits > 0: fraction = 0
            case UInt8(ascii: " "): space = offset
            default: return nil
            }
            if space != nil { break }
        }
        guard let space, digits > 0, fraction != 0,
              let currency = Currency(code: Substring(text.utf8.dropFirst(space + 1))),
              (fraction ?? 0) == currency.minorUnitDigits else { return nil }
        self.init(minorUnits: BigInt(negative ? -units : units), currency: currency)
    }
}
