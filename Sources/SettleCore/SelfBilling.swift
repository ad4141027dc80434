/// A self-billing agreement (EU VAT Directive Art. 224): we issue the provider's invoices on its
/// behalf (docs/REFERENCE.md §10).
///
/// ```swift
/// SelfBilling(agreement: "SBA-2026-01", since: Day("2026-01-01")!, vatID: "ATU12345678", vat: .reverseCharge)
/// ```
public struct SelfBilling: Sendable, Hashable, Codable {
    /// The agreement's own reference, printed on each invoice.
    public var agreement: String
    /// First day the agreement applies.
    public var since: Day
    /// The provider's VAT id; `nil` only under `.outsideScope` (the parser sees to it).
    public var vatID: String?
    public var vat: VATTreatment

    public init(agreement: String, since: Day, vatID: String?, vat: VATTreatment) {
        self.agreement = agreement
        self.since = since
        self.vatID = vatID
        self.vat = vat
    }

    /// Whether the agreement covers `day` (from `since`; the contract must be in force too).
    public func applies(on day: Day) -> Bool { day >= since }
}

/// How VAT applies to a provider's self-billed invoices.
///
/// Stored as text: `"reverse_charge"`, `"outside_scope"`, or the rate as an exact decimal fraction
/// followed by `%` of the percentage (`"19%"`).
public enum VATTreatment: Sendable, Hashable, CodableAsText, CustomStringConvertible {
    /// The provider is established in another EU member state: the buyer (we) accounts for the VAT
    /// (category AE).
    case reverseCharge
    /// The supply is outside the scope of EU VAT (category O).
    case outsideScope
    /// Standard-rated: the provider charges VAT at this rate (a fraction: 19% is 0.19), category S.
    case rate(Rational)

    public init?(text: String) {
        switch text {
        case "reverse_charge": self = .reverseCharge
        case "outside_scope": self = .outsideScope
        default:
            guard text.hasSuffix("%"), let percent = Rational(decimal: text.dropLast()),
                  percent >= .zero, percent <= Rational(100) else { return nil }
            self = .rate(percent / Rational(100))
        }
    }

    /// The text of the contract file: `reverse_charge`, `outside_scope`, `19%`.
    public var description: String {
        switch self {
        case .reverseCharge: "reverse_charge"
        case .outsideScope: "outside_scope"
        case let .rate(rate): "\((rate * Rational(100)).decimalText() ?? "\(rate * Rational(100))")%"
        }
    }
}

extension VATTreatment {
    /// Stored as the contract file writes it (`reverse_charge`, `19%`).
    init?(codingText: String) { self.init(text: codingText) }
    var codingText: String { description }
}
