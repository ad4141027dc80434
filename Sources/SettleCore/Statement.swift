/// What one provider is owed for one period, line by line (docs/REFERENCE.md §3 and §5).
public struct Statement: Sendable, Hashable, Codable {
    public var provider: Provider
    /// The contract id of the last window's version; its terms govern the period.
    public var contract: String
    public var version: Int
    public var period: Period
    public var currency: Currency
    public var lines: [StatementLine]
    /// Earning lines, limit lines included.
    public var earnings: Money
    /// The signed sum of the charge lines.
    public var charges: Money
    public var periodNet: Money
    public var openingBalance: Money
    /// Payouts of earlier periods that came back (rejected or returned) and are owed again:
    /// available = opening balance + returned + period net.
    public var returned: [ReturnedPayout]
    public var payout: Money
    public var closingBalance: Money
    public var dueDate: Day
    public var onHold: Bool
    public var benefits: [String]
    public var payee: Payee

    public init(provider: Provider, contract: String, version: Int, period: Period, currency: Currency,
                lines: [StatementLine], earnings: Money, charges: Money, periodNet: Money, openingBalance: Money,
                returned: [ReturnedPayout] = [], payout: Money, closingBalance: Money, dueDate: Day, onHold: Bool,
                benefits: [String], payee: Payee) {
        self.provider = provider
        self.contract = contract
        self.version = version
        self.period = period
        self.currency = currency
        self.lines = lines
        self.earnings = earnings
        self.charges = charges
        self.periodNet = periodNet
        self.openingBalance = openingBalance
        self.returned = returned
        self.payout = payout
        self.closingBalance = closingBalance
        self.dueDate = dueDate
        self.onHold = onHold
        self.benefits = benefits
        self.payee = payee
    }

    private enum CodingKeys: String, CodingKey {
        case provider, contract, version, period, currency, lines, earnings, charges, periodNet, openingBalance, returned,
             payout, closingBalance, dueDate, onHold, benefits, payee
    }

    /// Stored statements are never rewritten: those from before returned payouts existed (and any
    /// without one) have no `returned` and decode with none.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        provider = try values.decode(Provider.self, forKey: .provider)
        contract = try values.decode(String.self, forKey: .contract)
        version = try values.decode(Int.self, forKey: .version)
        period = try values.decode(Period.self, forKey: .period)
        currency = try values.decode(Currency.self, forKey: .currency)
        lines = try values.decode([StatementLine].self, forKey: .lines)
        earnings = try values.decode(Money.self, forKey: .earnings)
        charges = try values.decode(Money.self, forKey: .charges)
        periodNet = try values.decode(Money.self, forKey: .periodNet)
        openingBalance = try values.decode(Money.self, forKey: .openingBalance)
        returned = try values.decodeIfPresent([ReturnedPayout].self, forKey: .returned) ?? []
        payout = try values.decode(Money.self, forKey: .payout)
        closingBalance = try values.decode(Money.self, forKey: .closingBalance)
        dueDate = try values.decode(Day.self, forKey: .dueDate)
        onHold = try values.decode(Bool.self, forKey: .onHold)
        benefits = try values.decode([String].self, forKey: .benefits)
        payee = try values.decode(Payee.self, forKey: .payee)
    }

    /// `returned` only when there is any, so that a statement without returned payouts is stored
    /// exactly as before the field existed.
    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(provider, forKey: .provider)
        try values.encode(contract, forKey: .contract)
        try values.encode(version, forKey: .version)
        try values.encode(period, forKey: .period)
        try values.encode(currency, forKey: .currency)
        try values.encode(lines, forKey: .lines)
        try values.encode(earnings, forKey: .earnings)
        try values.encode(charges, forKey: .charges)
        try values.encode(periodNet, forKey: .periodNet)
        try values.encode(openingBalance, forKey: .openingBalance)
        if !returned.isEmpty { try values.encode(returned, forKey: .returned) }
        try values.encode(payout, forKey: .payout)
        try values.encode(closingBalance, forKey: .closingBalance)
        try values.encode(dueDate, forKey: .dueDate)
        try values.encode(onHold, forKey: .onHold)
        try values.encode(benefits, forKey: .benefits)
        try values.encode(payee, forKey: .payee)
    }
}

extension Statement {
    /// The sum of the returned payouts (zero when none).
    public var returnedTotal: Money { returned.map(\.amount).sum(in: currency) }

    /// VAT on payouts (its `vat` line; zero when none): period net = earnings + charges + VAT.
    public var vat: Money { lines.filter { $0.type == .vat }.map(\.amount).sum(in: currency) }

    /// What the balance walk makes available: opening balance + returned payouts + period net.
    public var available: Money { openingBalance + returnedTotal + periodNet }
}

/// One line of a statement: computed exactly, then rounded once.
public struct StatementLine: Sendable, Hashable, Codable {
    /// The rule id, or `limits.floor` / `limits.cap`.
    public var rule: String
    public var type: LineType
    public var contract: String
    public var version: Int
    public var role: String?
    /// What the rate applies to, in its own unit (contract currency, quantity or hours).
    public var basis: Rational?
    /// A fraction for percentages (0.1 is 10%), a price for `per_unit`, a per-hour rate, ...
    public var rate: Rational?
    public var amount: Money
    /// For the provider: how the amount came about, with every number needed to check it.
    public var explanation: String
    /// The window the line was computed over.
    public var first: Day
    public var last: Day
    /// For a prior-period adjustment: the closed period it corrects.
    public var adjusts: Period?

    /// Charges are `discount` lines settled net and `fixed` lines of a negative amount; limits
    /// never touch them. Every other line but `vat` is an earning.
    public var isCharge: Bool

    public init(rule: String, type: LineType, contract: String, version: Int, role: String? = nil,
                basis: Rational?, rate: Rational?, amount: Money, explanation: String,
                first: Day, last: Day, isCharge: Bool = false, adjusts: Period? = nil) {
        self.rule = rule
        self.type = type
        self.contract = contract
        self.version = version
        self.role = role
        self.basis = basis
        self.rate = rate
        self.amount = amount
        self.explanation = explanation
        self.first = first
        self.last = last
        self.isCharge = isCharge
        self.adjusts = adjusts
    }

    /// Whether the line counts in earnings: neither a charge nor `vat` (which counts in neither).
    public var isEarning: Bool { !isCharge && type != .vat }

    /// What identifies "the same line" across a recomputation: contract version, rule and role.
    public var key: String { "\(contract) v\(version) \(rule) \(role ?? "")" }
}

/// The `type` of a statement line.
public enum LineType: String, Sendable, Hashable, CaseIterable, Codable {
    case revenueShare = "revenue_share"
    case perUnit = "per_unit"
    case discount
    case volumeBonus = "volume_bonus"
    case fixed
    case limit
    /// VAT on payouts under a self-billing agreement with a rate (docs/REFERENCE.md §10).
    case vat
}

/// Whether a statement is final: a draft (its period computed, not closed) may still change and
/// promises no payment; a closed one is frozen.
public enum StatementStatus: String, Sendable, Hashable, Codable {
    case draft, closed
}

extension Statement {
    /// Whether the statement pays its provider: a payout above zero, to a provider not on hold.
    ///
    /// Settlement gives a held provider no payout, so on a computed statement the hold changes
    /// nothing. The payout file refuses a held provider whatever its payout says; the finance
    /// summary and the payment reference go by the payout alone (`ignoringHold`).
    public func isPayable(ignoringHold: Bool = false) -> Bool {
        payout.isPositive && (ignoringHold || !onHold)
    }
}
