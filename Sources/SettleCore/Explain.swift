/// The explanation text of statement lines: every number a provider needs to check the amount.
public enum Explain {
    /// The explanation of a rule's line, rendered from its derivation.
    static func text(of derivation: Derivation, currency: Currency) -> String {
        switch derivation.detail {
        case let .revenue(rule, role, rate, basis):
            switch rule.kind {
            case let .revenueShare(streams, _): share(rate, of: basis, streams: streams, role: role, currency: currency)
            case let .perUnit(streams, _): "\(number(basis.total)) \(streamList(streams)) x \(money(rate, currency))"
            case let .discount(streams, _, .net):
                "\(streamList(streams)) at list \(money(basis.total, currency)) less \(percent(rate)) discount, charged"
                    + conversions(basis, currency)
            case let .discount(streams, _, .rebate):
                "\(percent(rate)) rebate on \(money(basis.total, currency)) \(streamList(streams)) purchases"
                    + conversions(basis, currency)
            case .volumeBonus, .fixed: preconditionFailure("\(rule.typeName) has no revenue basis")
            }
        case let .volumeBonus(rule, bonus): volumeBonus(bonus, rule: rule, derivation, currency: currency)
        case let .fixed(_, amount): "fixed \(money(amount, currency)) per month" + prorated(derivation)
        case let .limit(limit): self.limit(limit, derivation)
        case .adjustment: preconditionFailure("the month end words its adjustments (Explain.adjustment)")
        case let .vat(vat):
            "VAT \(percent(vat.rate)) on invoiced earnings of \(vat.invoiced.grouped) \(currency), "
                + "self-billing agreement \(vat.agreement)"
        }
    }

    static func share(_ rate: Rational, of basis: [BasisPart], streams: [String], role: String?, currency: Currency) -> String {
        let roleText = role.map { " (role \($0))" } ?? ""
        return "\(percent(rate)) of \(money(basis.total, currency)) \(streamList(streams)) revenue\(roleText)"
            + conversions(basis, currency)
    }

    static func volumeBonus(_ bonus: VolumeBonusDerivation, rule: Rule, _ derivation: Derivation, currency: Currency) -> String {
        guard case let .volumeBonus(terms) = rule.kind else { preconditionFailure("\(rule.typeName) is not a volume bonus") }
        let filter = terms.gpuTypes.map { " (" + $0.joined(separator: ", ") + ")" } ?? ""
        let hours = "\(number(bonus.totalHours)) compute hours\(filter)"
        let scaled = derivation.coversWholePeriod ? "" : "; tiers scaled by \(fraction(derivation))"
        switch bonus.mode {
        case .graduated:
            let paid = bonus.tiers.filter(\.hours.isPositive).map { part in
                "\(number(part.hours)) h from \(number(part.scaledFrom)) h at \(money(part.tier.value, currency))/h"
            }
            return hours + ": " + (paid.isEmpty ? "no hours" : paid.joined(separator: " + ")) + scaled
        case .volume:
            return "\(hours) at \(money(bonus.reached.tier.value, currency))/h (tier from \(number(bonus.reached.scaledFrom)) h)" + scaled
        case .threshold:
            return "\(hours) reach the tier from \(number(bonus.reached.scaledFrom)) h: "
                + money(bonus.reached.tier.value, currency) + prorated(derivation)
        }
    }

    /// `prior-period adjustment for 2026-08: ... is now 1,300.00 EUR (settled 1,200.00 EUR) after rows that arrived late`.
    public static func adjustment(_ origin: AdjustmentOrigin, rule: String) -> String {
        let currency = origin.now.currency
        let already = origin.alreadyAdjusted.isZero ? "" : ", \(origin.alreadyAdjusted.grouped) \(currency) already adjusted"
        return "prior-period adjustment for \(origin.corrects): \(rule) is now "
            + "\(origin.now.grouped) \(currency) (settled \(origin.settled.grouped) \(currency)\(already)) after \(origin.cause)"
    }

    /// `cap 200,000.00 USD on the month's earnings of 270,000.00 USD, versions 1 and 2`; one
    /// window: `cap 1,000.00 EUR x 15/31 = about 483.8710 on earnings of 0.00 EUR`.
    static func limit(_ limit: LimitDerivation, _ derivation: Derivation) -> String {
        let name = limit.rule == "limits.floor" ? "minimum guarantee" : "cap"
        let currency = limit.earnings.currency
        let scaledLimit = derivation.coversWholePeriod ? "" : " x \(fraction(derivation)) = \(number(limit.scaledLimit))"
        let whose = limit.windows.count > 1 && derivation.coversWholePeriod ? "the month's earnings" : "earnings"
        let versions = limit.windows.count > 1 ? ", versions " + limit.windows.map { String($0.version) }.joinedInWords : ""
        return "\(name) \(money(limit.limit, currency))\(scaledLimit) on \(whose) of \(limit.earnings.grouped) \(currency)\(versions)"
    }

    // MARK: Pieces

    /// `0.075` -> `7.5%`.
    public static func percent(_ rate: Rational) -> String { number(rate * Rational(100)) + "%" }

    /// An exact amount with at least the currency's digits: `1,234,567.891 EUR`.
    public static func money(_ value: Rational, _ currency: Currency) -> String {
        (value.decimalText(minimumFractionDigits: currency.minorUnitDigits, grouped: true)
            ?? "about " + Rational.format(units: value.rounded(scale: 6, .halfEven), scale: 6, grouped: true))
            + " " + currency.code
    }

    /// An exact number, grouped: `12,000.5`; a fraction without a finite decimal shows 4 digits.
    public static func number(_ value: Rational) -> String {
        value.decimalText(grouped: true)
            ?? "about " + Rational.format(units: value.rounded(scale: 4, .halfEven), scale: 4, grouped: true)
    }

    static func streamList(_ streams: [String]) -> String { streams.joined(separator: " + ") }

    /// `11/30`: days in force / days in the month.
    static func fraction(_ derivation: Derivation) -> String { "\(derivation.dayCount)/\(derivation.period.dayCount)" }

    static func prorated(_ derivation: Derivation) -> String {
        derivation.coversWholePeriod ? ""
            : " x \(fraction(derivation)) (in force \(derivation.first) to \(derivation.last))"
    }

    /// ` (1,000.00 USD at 0.92)` for every currency that was converted (the streams of one
    /// currency added up).
    static func conversions(_ basis: [BasisPart], _ currency: Currency) -> String {
        // A line converts from a currency or two: a list, not a dictionary (hashing showed in the
        // profile of a run at 20,000 providers).
        var sums: [(currency: Currency, sum: Rational, rate: Rational)] = []
        for part in basis {
            guard let from = part.currency, from != currency else { continue }
            if let index = sums.firstIndex(where: { $0.currency == from }) {
                sums[index].sum += part.sum
            } else {
                sums.append((from, part.sum, part.rate))
            }
        }
        guard !sums.isEmpty else { return "" }
        let parts = sums.sorted { $0.currency < $1.currency }.map { "\(money($0.sum, $0.currency)) at \(number($0.rate))" }
        return " (" + parts.joined(separator: ", ") + ")"
    }
}
