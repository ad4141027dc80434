/// The lines of one window: every rule of the window's version (limits apply per `LimitGroup`),
/// each with its derivation (docs/REFERENCE.md §7), from which its explanation is rendered.
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

    /// Appends the lines of every rule, in rule order.
    func appendLines(to lines: inout [(line: StatementLine, derivation: Derivation)]) {
        for rule in contract.rules { lines += self.lines(for: rule) }
    }

    // MARK: Rules

    private func lines(for rule: Rule) -> [(line: StatementLine, derivation: Derivation)] {
        switch rule.kind {
        case let .revenueShare(streams, .flat(rate)):
            let basis = amountBasis(streams: streams, role: nil), total = basis.total
            return [line(rule, .revenueShare, .revenue(rule, role: nil, rate: rate, basis: basis), basis: total, rate: rate,
                         exact: total * rate)]
        case let .revenueShare(streams, .byRole(roleRates)):
            return roleRates.map { roleRate in
                let basis = amountBasis(streams: streams, role: roleRate.role), total = basis.total
                return line(rule, .revenueShare, .revenue(rule, role: roleRate.role, rate: roleRate.rate, basis: basis),
                            role: roleRate.role, basis: total, rate: roleRate.rate, exact: total * roleRate.rate)
            }
        case let .perUnit(streams, price):
            let basis = streams.uniqued.compactMap { stream -> BasisPart? in
                let entries = revenue.filter { $0.stream == stream }
                guard !entries.isEmpty else { return nil }
                return BasisPart(stream: stream, currency: nil, rows: entries.map(\.rows).reduce(0, +),
                                 sum: entries.map(\.quantity).sum(), rate: .one)
            }
            return [line(rule, .perUnit, .revenue(rule, role: nil, rate: price, basis: basis), rate: price,
                         exact: basis.total * price)]
        case let .discount(streams, rate, settle):
            let basis = amountBasis(streams: streams, role: nil), total = basis.total
            let detail = Derivation.Detail.revenue(rule, role: nil, rate: rate, basis: basis)
            switch settle {
            case .net: return [line(rule, .discount, detail, basis: total, rate: rate, exact: -(total * (.one - rate)), isCharge: true)]
            case .rebate: return [line(rule, .discount, detail, basis: total, rate: rate, exact: total * rate)]
            }
        case let .volumeBonus(bonus):
            let derivation = volumeBonus(bonus)
            return [line(rule, .volumeBonus, .volumeBonus(rule, derivation), basis: derivation.totalHours,
                         rate: derivation.mode == .volume ? derivation.reached.tier.value : nil,
                         exact: derivation.tiers.map(\.amount).sum())]
        case let .fixed(amount):
            return [line(rule, .fixed, .fixed(rule, amount: amount), basis: amount, rate: nil, exact: amount * f,
                         isCharge: amount.isNegative)]
        }
    }

    /// Sum of `amount` over the streams (and role), per stream and currency, each currency
    /// converted at its own pair's rate.
    private func amountBasis(streams: [String], role: String?) -> [BasisPart] {
        var parts: [BasisPart] = []
        for stream in streams.uniqued {  // a stream named twice counts once
            // A stream's rows come in a currency or two: a list, not a dictionary.
            var byCurrency: [(currency: Currency, rows: Int, sum: Rational)] = []
            for entry in revenue where entry.stream == stream && (role == nil || entry.role == role) {
                if let index = byCurrency.firstIndex(where: { $0.currency == entry.currency }) {
                    byCurrency[index].rows += entry.rows
                    byCurrency[index].sum += entry.amount
                } else {
                    byCurrency.append((entry.currency, entry.rows, entry.amount))
                }
            }
            parts += byCurrency.sorted { $0.currency < $1.currency }.map { total in
                // Rates were checked before any window was evaluated.
                BasisPart(stream: stream, currency: total.currency, rows: total.rows, sum: total.sum,
                          rate: rates.rate(from: total.currency, to: currency)!)
            }
        }
        return parts
    }

    /// The hours per GPU type that count and that `gpu_types` excludes, and every tier's part.
    private func volumeBonus(_ bonus: VolumeBonus) -> VolumeBonusDerivation {
        var byType: [String?: (rows: Int, hours: Rational)] = [:]
        for entry in hours {
            byType[entry.gpuType, default: (0, .zero)].rows += entry.rows
            byType[entry.gpuType, default: (0, .zero)].hours += entry.hours
        }
        let all = byType.sorted { ($0.key ?? "") < ($1.key ?? "") }
            .map { VolumeBonusDerivation.GPUHours(gpuType: $0.key, rows: $0.value.rows, hours: $0.value.hours) }
        let counts: (VolumeBonusDerivation.GPUHours) -> Bool = { part in
            guard let filter = bonus.gpuTypes else { return true }
            return part.gpuType.map(filter.contains) ?? false
        }
        let counted = all.filter(counts)
        let tiers = VolumeBonusDerivation.tiers(of: bonus, hours: counted.map(\.hours).sum(), fraction: f)
        return VolumeBonusDerivation(mode: bonus.mode, hours: counted, excluded: all.filter { !counts($0) }, tiers: tiers)
    }

    // MARK: Lines

    /// The one place a rule's line is rounded.
    private func line(_ rule: Rule, _ type: LineType, _ detail: Derivation.Detail, role: String? = nil,
                      basis: Rational? = nil, rate: Rational?, exact: Rational, isCharge: Bool = false)
        -> (line: StatementLine, derivation: Derivation) {
        let derivation = Derivation(contract: contract.id, version: contract.version, first: window.first, last: window.last,
                                    period: window.period, detail: detail, exact: exact, rounding: contract.payment.rounding)
        let line = StatementLine(rule: rule.id, type: type, contract: contract.id, version: contract.version, role: role,
                                 basis: basis ?? derivation.basis, rate: rate,
                                 amount: Money(rounding: exact, in: currency, contract.payment.rounding),
                                 explanation: Explain.text(of: derivation, currency: currency),
                                 first: window.first, last: window.last, isCharge: isCharge)
        return (line, derivation)
    }
}

extension [BasisPart] {
    /// The basis: the parts' converted values added up.
    var total: Rational { map(\.converted).sum() }
}
