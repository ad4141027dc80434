/// Everything the engine needs to settle one provider for one period.
public struct SettlementInput: Sendable {
    public var providerID: String
    public var period: Period
    /// Every version of every contract of the provider (the engine picks the windows).
    public var contracts: [Contract] { didSet { schedule = ContractSchedule(versions: contracts) } }
    /// When each of `contracts` is in force, worked out once (the engine asks it five times per
    /// provider: 4% of a run's CPU at 20,000 providers, issue 19).
    public private(set) var schedule: ContractSchedule
    /// The provider's revenue entries; entries outside every window count for nothing.
    public var revenue: [RevenueEntry]
    public var hours: [HoursEntry]
    /// The period's FX rates.
    public var rates: FXRates
    /// The previous period's closing balance in the contract currency; zero in a first period.
    public var openingBalance: Rational
    /// Payouts of earlier periods that came back and are owed again (docs/REFERENCE.md §9).
    public var returned: [ReturnedPayout]
    public var onHold: Bool
    /// Prior-period adjustment lines to book in this statement (already rounded, in the contract
    /// currency); they count in earnings or charges like the lines they correct.
    public var adjustments: [StatementLine]
    /// Why each adjustment was booked (`adjustmentOrigins[i]` explains `adjustments[i]`); `nil`
    /// or absent for adjustments carried over from an earlier draft.
    public var adjustmentOrigins: [AdjustmentOrigin?]

    public init(providerID: String, period: Period, contracts: [Contract], revenue: [RevenueEntry] = [],
                hours: [HoursEntry] = [], rates: FXRates = FXRates(), openingBalance: Rational = .zero,
                returned: [ReturnedPayout] = [], onHold: Bool = false, adjustments: [StatementLine] = [], adjustmentOrigins: [AdjustmentOrigin?] = []) {
        self.providerID = providerID
        self.period = period
        self.contracts = contracts
        self.schedule = ContractSchedule(versions: contracts)
        self.revenue = revenue
        self.hours = hours
        self.rates = rates
        self.openingBalance = openingBalance
        self.returned = returned
        self.onHold = onHold
        self.adjustments = adjustments
        self.adjustmentOrigins = adjustmentOrigins
    }
}

/// Why a period cannot be settled.
public enum SettlementError: Error, Hashable, CustomStringConvertible {
    /// Revenue needs converting but the period has no rate for these pairs (sorted).
    case missingFXRates(Period, [CurrencyPair])

    public var description: String {
        switch self {
        case let .missingFXRates(period, pairs):
            let names = pairs.map(\.description).joined(separator: ", ")
            return "No FX rate for \(period) for \(pairs.count == 1 ? "the pair" : "the pairs") \(names); import them with `settle import fx-rates`."
        }
    }
}

/// The settlement engine (docs/REFERENCE.md §3): contracts and facts in, a statement out. Pure and deterministic:
/// the order of the facts does not change a single digit.
public enum Settlement {
    /// The statement of one provider for one period, or `nil` when no contract version of the
    /// provider is in force on any day of the period.
    ///
    /// - Throws: `SettlementError.missingFXRates` naming every missing pair.
    public static func statement(for input: SettlementInput) throws(SettlementError) -> Statement? {
        try explained(for: input)?.statement
    }

    /// The statement with the derivation of every line: the same computation as `statement(for:)`.
    public static func explained(for input: SettlementInput) throws(SettlementError) -> ExplainedStatement? {
        let windows = input.schedule.windows(in: input.period)
        guard let terms = windows.last?.contract else { return nil }
        let missing = missingRates(for: input, windows: windows)
        guard missing.isEmpty else { throw .missingFXRates(input.period, missing) }

        let currency = terms.currency
        // Each limit group's floor and cap follow the rule lines of its windows. Every line is
        // appended to one array (nested `flatMap`s copied each line and its derivation three
        // times: a third of the engine's time at 20,000 providers, issue 19).
        var allLines: [(line: StatementLine, derivation: Derivation)] = []
        for group in LimitGroup.groups(windows) {
            let groupStart = allLines.count
            for window in group.windows { WindowEvaluation(window: window, input: input).appendLines(to: &allLines) }
            allLines += group.limitLines(after: allLines[groupStart...].map(\.line))
        }
        allLines += adjustments(of: input, terms: terms)
        let earnings = allLines.lazy.filter(\.line.isEarning).map(\.line.amount).sum(in: currency)
        let charges = allLines.lazy.filter(\.line.isCharge).map(\.line.amount).sum(in: currency)
        // VAT on payouts follows everything it is levied on; it counts in neither earnings nor charges.
        let vat = vatLine(of: input, invoiced: earnings)
        if let vat { allLines.append(vat) }
        let lines = allLines.map(\.line)
        let periodNet = earnings + charges + (vat?.line.amount ?? .zero(currency))
        // The opening balance is a previous closing balance: already a whole number of minor units.
        let opening = Money(rounding: input.openingBalance, in: currency, terms.payment.rounding)
        let returned = input.returned.map(\.amount).sum(in: currency)
        let available = opening + returned + periodNet
        let isFinalPeriod = input.schedule.endsFinally(in: input.period)
        let meetsMinimum = isFinalPeriod || available.value >= terms.payment.minimumPayout
        let pays = !input.onHold && available.isPositive && meetsMinimum

        let statement = Statement(
            provider: terms.provider,
            contract: terms.id,
            version: terms.version,
            period: input.period,
            currency: currency,
            lines: lines,
            earnings: earnings,
            charges: charges,
            periodNet: periodNet,
            openingBalance: opening,
            returned: input.returned,
            payout: pays ? available : .zero(currency),
            closingBalance: pays ? .zero(currency) : available,
            dueDate: input.period.lastDay.adding(days: terms.payment.netDays),
            onHold: input.onHold,
            benefits: terms.benefits,
            payee: terms.payee
        )
        return ExplainedStatement(statement: statement, derivations: allLines.map(\.derivation))
    }

    /// The booked adjustment lines with their derivations: the amount was rounded when it was
    /// settled and recomputed, so it is its own exact value.
    private static func adjustments(of input: SettlementInput, terms: Contract) -> [(line: StatementLine, derivation: Derivation)] {
        input.adjustments.enumerated().map { index, line in
            let version = input.contracts.first { $0.id == line.contract && $0.version == line.version } ?? terms
            let origin = input.adjustmentOrigins.indices.contains(index) ? input.adjustmentOrigins[index] : nil
            return (line, Derivation(contract: line.contract, version: line.version, first: line.first, last: line.last,
                                     period: line.adjusts ?? input.period, detail: .adjustment(origin),
                                     exact: line.amount.value, rounding: version.payment.rounding))
        }
    }

    /// The currency pairs the period needs but `input.rates` lacks, sorted: only revenue that feeds
    /// an amount-based rule (`revenue_share`, `discount`) in a window is converted.
    public static func missingRates(for input: SettlementInput) -> [CurrencyPair] {
        missingRates(for: input, windows: input.schedule.windows(in: input.period))
    }

    /// The windows whose compute hours add up to less than zero, in total or after a volume
    /// bonus's `gpu_types` (reversal rows may be negative; a window's total may not), one phrase
    /// each: `acme-cloud, 2026-10-01 to 2026-10-31 (h100, h200): -12.5 hours`.
    public static func negativeHours(for input: SettlementInput) -> [String] {
        var found: [String] = []
        for window in input.schedule.windows(in: input.period) {
            let hours = input.hours.filter { window.contains($0.date) }
            var filters: [[String]?] = [nil]
            for rule in window.contract.rules {
                if case let .volumeBonus(bonus) = rule.kind, let types = bonus.gpuTypes, !filters.contains(types) {
                    filters.append(types)
                }
            }
            for filter in filters {
                let total = hours.filter { entry in filter.map { types in entry.gpuType.map(types.contains) ?? false } ?? true }
                    .map(\.hours).sum()
                guard total.isNegative else { continue }
                let types = filter.map { " (" + $0.joined(separator: ", ") + ")" } ?? ""
                found.append("\(input.providerID), \(window.first) to \(window.last)\(types): \(total.decimalText() ?? "\(total)") hours")
            }
        }
        return found
    }

    private static func missingRates(for input: SettlementInput, windows: [Window]) -> [CurrencyPair] {
        var missing: Set<CurrencyPair> = []
        for window in windows {
            let target = window.contract.currency
            for entry in input.revenue where window.contains(entry.date) && entry.currency != target {
                // The rate first: asking every rule whether it converts the entry was 2.5% of a
                // run's CPU at 20,000 providers (perf), and nearly every entry has its rate.
                guard input.rates.rate(from: entry.currency, to: target) == nil else { continue }
                if window.contract.rules.contains(where: { $0.convertsAmount(of: entry) }) {
                    missing.insert(CurrencyPair(from: entry.currency, to: target))
                }
            }
        }
        return missing.sorted()
    }
}

extension Rule {
    /// Whether this rule reads the entry's `amount` (and so must convert it): quantities, hours and
    /// rows of roles a `rate_by_role` does not list need no rate.
    func convertsAmount(of entry: RevenueEntry) -> Bool {
        switch kind {
        case .revenueShare, .discount: reads(entry)
        case .perUnit, .volumeBonus, .fixed: false
        }
    }
}
