/// Values that are stored and exchanged as their text: `"0.075"`, `"2026-03-15"`, `"EUR"`.
///
/// A stored contract round-trips exactly: a `Rational` is written as its exact decimal (or `n/d`).
protocol CodableAsText: Codable {
    init?(codingText: String)
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
    init?(codingText: String) {
        let parts = codingText.split(separator: "/")
        if parts.count == 2, let n = Rational(decimal: parts[0]), let d = Rational(decimal: parts[1]), !d.isZero {
            self = n / d
        } else if let value = Rational(decimal: codingText) {
            self = value
        } else {
            return nil
        }
    }

    var codingText: String { description }
}

extension Day: CodableAsText {
    init?(codingText: String) { self.init(codingText) }
    var codingText: String { description }
}

extension Period: CodableAsText {
    init?(codingText: String) { self.init(codingText) }
    var codingText: String { description }
}

extension Currency: CodableAsText {
    init?(codingText: String) { self.init(code: codingText) }
    var codingText: String { code }
}

extension Money: CodableAsText {
    /// `"1234.50 EUR"`.
    init?(codingText: String) {
        let parts = codingText.split(separator: " ")
        guard parts.count == 2, let currency = Currency(code: parts[1]), let value = Rational(decimal: parts[0]),
              Rational.fractionDigits(ofDecimal: parts[0]) == currency.minorUnitDigits else { return nil }
        self.init(rounding: value, in: currency, .halfEven)
    }

    var codingText: String { "\(description) \(currency.code)" }
}
