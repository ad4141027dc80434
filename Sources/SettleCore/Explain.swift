/// The explanation text of statement lines: every number a provider needs to check the amount.
enum Explain {
    static func share(_ rate: Rational, of basis: AmountBasis, streams: [String], role: String?,
                      currency: Currency) -> String {
        let roleText = role.map { " (role \($0))" } ?? ""
        return "\(percent(rate)) of \(money(basis.total, currency)) \(streamList(streams)) revenue\(roleText)"
            + conversions(basis, currency)
    }

    static func perUnit(_ quantity: Rational, streams: [String], price: Rational, currency: Currency) -> String {
        "\(number(quantity)) \(streamList(streams)) x \(money(price, currency))"
    }

    static func netDiscount(_ rate: Rational, of basis: AmountBasis, streams: [String], currency: Currency) -> String {
        "\(streamList(streams)) at list \(money(basis.total, currency)) less \(percent(rate)) discount, charged"
            + conversions(basis, currency)
    }

    static func rebate(_ rate: Rational, of basis: AmountBasis, streams: [String], currency: Currency) -> String {
        "\(percent(rate)) rebate on \(money(basis.total, currency)) \(streamList(streams)) purchases"
            + conversions(basis, currency)
    }

    static func volumeBonus(_ result: VolumeBonusCalculation, bonus: VolumeBonus, window: Window,
                            currency: Currency) -> String {
        let filter = bonus.gpuTypes.map { " (" + $0.joined(separator: ", ") + ")" } ?? ""
        let hours = "\(number(result.hours)) compute hours\(filter)"
        let scaled = window.coversWholePeriod ? "" : "; tiers scaled by \(fraction(window))"
        switch result.mode {
        case .graduated:
            let paid = result.portions.map { portion in
                "\(number(portion.hours)) h from \(number(portion.scaledFrom)) h at \(money(portion.tier.value, currency))/h"
            }
            return hours + ": " + (paid.isEmpty ? "no hours" : paid.joined(separator: " + ")) + scaled
        case .volume:
            let from = result.portions.first.map { number($0.scaledFrom) } ?? "0"
            return "\(hours) at \(money(result.reached.value, currency))/h (tier from \(from) h)" + scaled
        case .threshold:
            return "\(hours) reach the tier from \(number(result.reached.from * result.fraction)) h: "
                + money(result.reached.value, currency) + prorated(window)
        }
    }

    static func fixed(_ amount: Rational, window: Window, currency: Currency) -> String {
        "fixed \(money(amount, currency)) per month" + prorated(window)
    }

    /// `cap 200,000.00 USD on the month's earnings of 270,000.00 USD, versions 1 and 2`; one
    /// window: `cap 1,000.00 EUR x 15/31 = about 483.8710 on earnings of 0.00 EUR`.
    static func limit(_ rule: String, limit: Rational, earnings: Money, group: LimitGroup) -> String {
        let name = rule == "limits.floor" ? "minimum guarantee" : "cap"
        let days = "\(group.dayCount)/\(group.windows[0].period.dayCount)"
        let scaledLimit = group.coversWholePeriod ? "" : " x \(days) = \(number(limit * group.fraction))"
        let whose = group.windows.count > 1 && group.coversWholePeriod ? "the month's earnings" : "earnings"
        let versions = group.windows.count > 1 ? ", versions " + group.windows.map { String($0.contract.version) }.joinedInWords : ""
        return "\(name) \(money(limit, earnings.currency))\(scaledLimit) on \(whose) of \(earnings.grouped) \(earnings.currency)\(versions)"
    }


    // MARK: Pieces

    /// `0.075` -> `7.5%`.
    static func percent(_ rate: Rational) -> String { number(rate * Rational(100)) + "%" }

    /// An exact amount with at least the currency's digits: `1,234,567.891 EUR`.
    static func money(_ value: Rational, _ currency: Currency) -> String {
        (value.decimalText(minimumFractionDigits: currency.minorUnitDigits, grouped: true)
            ?? "about " + Rational.format(units: value.rounded(scale: 6, .halfEven), scale: 6, grouped: true))
            + " " + currency.code
    }

    /// An exact number, grouped: `12,000.5`; a fraction without a finite decimal shows 4 digits.
    static func number(_ value: Rational) -> String {
        value.decimalText(grouped: true)
            ?? "about " + Rational.format(units: value.rounded(scale: 4, .halfEven), scale: 4, grouped: true)
    }

    static func streamList(_ streams: [String]) -> String { streams.joined(separator: " + ") }

    static func fraction(_ window: Window) -> String { "\(window.dayCount)/\(window.period.dayCount)" }

    static func prorated(_ window: Window) -> String {
        window.coversWholePeriod ? "" : " x \(fraction(window)) (in force \(window.first) to \(window.last))"
    }

    /// ` (1,000.00 USD at 0.92)` for every currency that was converted.
    static func conversions(_ basis: AmountBasis, _ currency: Currency) -> String {
        let converted = basis.parts.filter { $0.currency != currency }
        guard !converted.isEmpty else { return "" }
        let parts = converted.map { "\(money($0.sum, $0.currency)) at \(number($0.rate))" }
        return " (" + parts.joined(separator: ", ") + ")"
    }
}
