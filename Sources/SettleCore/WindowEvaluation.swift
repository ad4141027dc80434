/// The lines of one window: every rule of the window's version (limits apply per `LimitGroup`).
struct WindowEvaluation {
    let window: Window
    let revenue: [RevenueEntry]
    let hours: [HoursEntry]
    let rates: FXRates
    private var contract: Contract { window.contract }
    private var currency: Currency { contract.currency }
    private var f: Rational { window.fraction }

    init(window: Window, input: SettlementInput) {
        self.window = window
        self.revenue = input.revenue.filter { window.contains($0.date) }
        self.hours = input.hours.filter { window.contains($0.date) }
        self.rates = input.rates
    }

    func lines() -> [StatementLine] {
        contract.rules.flatMap(lines(for:))
    }

    // MARK: Rules

    private func lines(for rule: Rule) -> [StatementLine] {
        switch rule.kind {
        case let .revenueShare(streams, .flat(rate)):
            let basis = amountBasis(streams: streams, role: nil)
            return [line(rule, .revenueShare, basis: basis.total, rate: rate, exact: basis.total * rate,
                         Explain.share(rate, of: basis, streams: streams, role: nil, currency: currency))]
        case let .revenueShare(streams, .byRole(roleRates)):
            return roleRates.map { roleRate in
                let basis = amountBasis(streams: streams, role: roleRate.role)
                return line(rule, .revenueShare, role: roleRate.role, basis: basis.total, rate: roleRate.rate,
                            exact: basis.total * roleRate.rate,
                            Explain.share(roleRate.rate, of: basis, streams: streams, role: roleRate.role,
                                          currency: currency))
            }
        case let .perUnit(streams, price):
            let quantity = revenue.filter { streams.contains($0.stream) }.map(\.quantity).sum()
            return [line(rule, .perUnit, basis: quantity, rate: price, exact: quantity * price,
                         Explain.perUnit(quantity, streams: streams, price: price, currency: currency))]
        case let .discount(streams, rate, settle):
            let basis = amountBasis(streams: streams, role: nil)
            switch settle {
            case .net:
                return [line(rule, .discount, basis: basis.total, rate: rate, exact: -(basis.total * (.one - rate)),
                             Explain.netDiscount(rate, of: basis, streams: streams, currency: currency),
                             isCharge: true)]
            case .rebate:
                return [line(rule, .discount, basis: basis.total, rate: rate, exact: basis.total * rate,
                             Explain.rebate(rate, of: basis, streams: streams, currency: currency))]
            }
        case let .volumeBonus(bonus):
            let matching = hours.filter { entry in
                guard let filter = bonus.gpuTypes else { return true }
                return entry.gpuType.map(filter.contains) ?? false
            }
            let total = matching.map(\.hours).sum()
            let result = VolumeBonusCalculation(bonus: bonus, hours: total, fraction: f)
            return [line(rule, .volumeBonus, basis: total, rate: result.rate, exact: result.amount,
                         Explain.volumeBonus(result, bonus: bonus, window: window, currency: currency))]
        case let .fixed(amount):
            return [line(rule, .fixed, basis: amount, rate: nil, exact: amount * f,
                         Explain.fixed(amount, window: window, currency: currency),
                         isCharge: amount.isNegative)]
        }
    }

    /// Sum of `amount` over the streams (and role), each currency converted at its own pair's rate.
    private func amountBasis(streams: [String], role: String?) -> AmountBasis {
        var byCurrency: [Currency: Rational] = [:]
        for entry in revenue where streams.contains(entry.stream) && (role == nil || entry.role == role) {
            byCurrency[entry.currency, default: .zero] += entry.amount
        }
        let parts = byCurrency.sorted { $0.key < $1.key }.map { currency, sum in
            // Rates were checked before any window was evaluated.
            AmountBasis.Part(currency: currency, sum: sum, rate: rates.rate(from: currency, to: self.currency)!)
        }
        return AmountBasis(parts: parts)
    }

    // MARK: Lines

    private func line(_ rule: Rule, _ type: LineType, role: String? = nil, basis: Rational?, rate: Rational?,
                      exact: Rational, _ explanation: String, isCharge: Bool = false) -> StatementLine {
        line(rule.id, type, role: role, basis: basis, rate: rate, exact: exact, explanation, isCharge: isCharge)
    }

    /// The one place a line is rounded.
    private func line(_ rule: String, _ type: LineType, role: String? = nil, basis: Rational?, rate: Rational?,
                      exact: Rational, _ explanation: String, isCharge: Bool = false) -> StatementLine {
        StatementLine(rule: rule, type: type, contract: contract.id, version: contract.version, role: role,
                      basis: basis, rate: rate,
                      amount: Money(rounding: exact, in: currency, contract.payment.rounding),
                      explanation: explanation, first: window.first, last: window.last, isCharge: isCharge)
    }
}

/// A revenue basis in the contract currency and the per-currency sums it was converted from.
struct AmountBasis {
    struct Part {
        let currency: Currency
        let sum: Rational
        let rate: Rational
        var converted: Rational { sum * rate }
    }

    let parts: [Part]
    var total: Rational { parts.map(\.converted).sum() }
}
