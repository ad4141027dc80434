/// VAT on payouts (docs/REFERENCE.md §10): under a self-billing agreement with a rate, the VAT on
/// the invoiced earnings is owed to the provider too, as a statement line of type `vat`.
extension ContractSchedule {
    /// The self-billing agreement of the version in force on `day`, with that version; `nil` when
    /// no version is in force that day, it has no agreement, or the agreement does not apply yet.
    /// The self-billed invoice of a period and its `vat` line both go by the period's last day.
    public func selfBilling(on day: Day) -> (agreement: SelfBilling, contract: Contract)? {
        guard let term = terms.last(where: { $0.includes(day) }),
              let agreement = term.contract.selfBilling, agreement.applies(on: day) else { return nil }
        return (agreement, term.contract)
    }
}

/// How a `vat` line came about: the agreement's rate on the statement's invoiced earnings.
public struct VATDerivation: Sendable, Hashable {
    /// The self-billing agreement's reference.
    public let agreement: String
    /// A fraction: 19% is 0.19.
    public let rate: Rational
    /// The earnings the self-billed invoice covers: every earnings line of the statement, limit
    /// and adjustment lines included, charges not.
    public let invoiced: Money
}

extension SelfBilling {
    /// The VAT owed on `invoiced` earnings, rounded once with `rounding` (both rounding modes are
    /// symmetric, so a credit note's VAT is the invoice's negated); `nil` unless the agreement
    /// has a rate.
    public func vat(on invoiced: Money, rounding: RoundingMode) -> Money? {
        guard case let .rate(rate) = vat else { return nil }
        return Money(rounding: invoiced.value * rate, in: invoiced.currency, rounding)
    }
}

extension Settlement {
    /// The statement's `vat` line and its derivation, or `nil` without an agreement with a rate on
    /// the period's last day, or when the invoiced earnings total zero (no invoice is issued).
    static func vatLine(of input: SettlementInput, invoiced: Money) -> (line: StatementLine, derivation: Derivation)? {
        let period = input.period
        guard !invoiced.isZero,
              let (agreement, contract) = input.schedule.selfBilling(on: period.lastDay),
              case let .rate(rate) = agreement.vat,
              let amount = agreement.vat(on: invoiced, rounding: contract.payment.rounding) else { return nil }
        let derivation = Derivation(contract: contract.id, version: contract.version, first: period.firstDay,
                                    last: period.lastDay, period: period,
                                    detail: .vat(VATDerivation(agreement: agreement.agreement, rate: rate, invoiced: invoiced)),
                                    exact: invoiced.value * rate, rounding: contract.payment.rounding)
        let line = StatementLine(rule: "self_billing.vat", type: .vat, contract: contract.id, version: contract.version,
                                 basis: invoiced.value, rate: rate, amount: amount,
                                 explanation: Explain.text(of: derivation, currency: invoiced.currency),
                                 first: period.firstDay, last: period.lastDay)
        return (line, derivation)
    }
}
