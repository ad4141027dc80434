/// An ISO 4217 currency and the number of digits of its minor unit (EUR 2, JPY 0, KWD 3).
public struct Currency: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The three-letter code, `EUR`.
    public let code: String
    /// Digits after the decimal point in amounts of this currency.
    public let minorUnitDigits: Int

    /// The active ISO 4217 currency with this code, or `nil` for an unknown code.
    public init?(code: some StringProtocol) {
        guard let digits = Self.minorUnits[String(code)] else { return nil }
        self.code = String(code)
        self.minorUnitDigits = digits
    }

    public var description: String { code }

    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.code < rhs.code }
}
