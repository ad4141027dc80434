/// Facts of a period that count for nothing (docs/REFERENCE.md §4): no rule reads them. They are not errors,
/// but finance must see them: a stream misspelt in a contract (`api-usage`) would otherwise
/// disappear in silence.
public struct Unsettled: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// Revenue of a stream that no rule of the version in force reads.
        case streamNotRead = "stream_not_read"
        /// Revenue of a role that no `rate_by_role` lists, on a stream no other rule reads.
        case roleNotListed = "role_not_listed"
        /// Rows dated on days outside every window of the provider (or of a provider with no
        /// contract in force in the period).
        case outsideWindows = "outside_windows"
        /// Compute hours that every volume bonus's `gpu_types` excludes (or that no volume bonus reads).
        case hoursNotRead = "hours_not_read"
        /// A provider with a contract in force and no rows at all in the period.
        case noRows = "no_rows"

        public static func < (a: Reason, b: Reason) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }

    }

    public var reason: Reason
    /// What was not read: the stream (`api-usage`), the stream and role (`custom_development/advised`),
    /// the GPU type (`a100`, `-` for none), or `revenue` / `compute hours` for rows outside windows.
    public var subject: String
    /// The rows' currency (revenue); `nil` for compute hours and for no rows.
    public var currency: Currency?
    public var rows: Int
    /// Revenue: the sums of `quantity` and `amount`; compute hours: `amount` is zero.
    public var quantity: Rational
    public var amount: Rational
    /// Compute hours: their sum; revenue: zero.
    public var hours: Rational

    public init(reason: Reason, subject: String, currency: Currency? = nil, rows: Int, quantity: Rational = .zero,
                amount: Rational = .zero, hours: Rational = .zero) {
        self.reason = reason
        self.subject = subject
        self.currency = currency
        self.rows = rows
        self.quantity = quantity
        self.amount = amount
        self.hours = hours
    }

    /// Adds up items of the same reason, subject and currency, in a stable order.
    public static func merged(_ items: [Unsettled]) -> [Unsettled] {
        struct Key: Hashable { let reason: Reason, subject: String, currency: Currency? }
        var byKey: [Key: Unsettled] = [:]
        for item in items {
            let key = Key(reason: item.reason, subject: item.subject, currency: item.currency)
            if var sum = byKey[key] {
                sum.rows += item.rows
                sum.quantity += item.quantity
                sum.amount += item.amount
                sum.hours += item.hours
                byKey[key] = sum
            } else {
                byKey[key] = item
            }
        }
        return byKey.values.sorted {
            ($0.reason, $0.subject, $0.currency?.code ?? "") < ($1.reason, $1.subject, $1.currency?.code ?? "")
        }
    }
}

/// What a period's unsettled data adds up to, for the one line a run prints.
public struct UnsettledCounts: Sendable, Equatable {
    /// Rows that count for nothing, per reason (`noRows` has none).
    public var rows: [Unsettled.Reason: Int] = [:]
    /// The providers with rows that count for nothing.
    public var providers = 0
    /// The providers in force with no rows at all.
    public var providersWithoutRows = 0

    public init(rows: [Unsettled.Reason: Int] = [:], providers: Int = 0, providersWithoutRows: Int = 0) {
        self.rows = rows
        self.providers = providers
        self.providersWithoutRows = providersWithoutRows
    }

    public init(_ unsettled: [(provider: String, item: Unsettled)]) {
        let counted = unsettled.filter { $0.item.reason != .noRows }
        for (_, item) in counted { rows[item.reason, default: 0] += item.rows }
        providers = Set(counted.map(\.provider)).count
        providersWithoutRows = unsettled.count - counted.count
    }

    public var isEmpty: Bool { providers == 0 && providersWithoutRows == 0 }
}

extension Settlement {
    /// The provider's facts that no rule of the version in force on their day reads, merged per
    /// reason, subject and currency. Entries carry their row counts (a window sum counts its rows).
    public static func unsettled(for input: SettlementInput) -> [Unsettled] {
        let windows = input.schedule.windows(in: input.period)
        let reading = windows.map { RulesReading($0.contract.rules) }
        func rules(of day: Day) -> RulesReading? { windows.firstIndex { $0.contains(day) }.map { reading[$0] } }
        var items: [Unsettled] = []
        for entry in input.revenue {
            guard let rules = rules(of: entry.date) else {
                items.append(Unsettled(reason: .outsideWindows, subject: "revenue", currency: entry.currency, rows: entry.rows,
                                       quantity: entry.quantity, amount: entry.amount))
                continue
            }
            switch rules.reads(entry) {
            case .read: break
            case .streamNotRead:
                items.append(Unsettled(reason: .streamNotRead, subject: entry.stream, currency: entry.currency, rows: entry.rows,
                                       quantity: entry.quantity, amount: entry.amount))
            case .roleNotListed:
                items.append(Unsettled(reason: .roleNotListed, subject: "\(entry.stream)/\(entry.role ?? "no role")",
                                       currency: entry.currency, rows: entry.rows, quantity: entry.quantity, amount: entry.amount))
            }
        }
        for entry in input.hours {
            guard let rules = rules(of: entry.date) else {
                items.append(Unsettled(reason: .outsideWindows, subject: "compute hours", rows: entry.rows, hours: entry.hours))
                continue
            }
            if !rules.reads(gpuType: entry.gpuType) {
                items.append(Unsettled(reason: .hoursNotRead, subject: entry.gpuType ?? "no GPU type", rows: entry.rows,
                                       hours: entry.hours))
            }
        }
        return Unsettled.merged(items)
    }
}

/// What the rules of one contract version read, looked up per entry: asking every rule for every
/// entry copied each rule's streams once per question (a run at 20,000 providers spent 1.2 s of
/// CPU on it, perf).
private struct RulesReading {
    enum Answer { case read, streamNotRead, roleNotListed }

    /// Per stream read: whether some rule reads it whatever the role, and the roles the
    /// `rate_by_role` rules on it list.
    private var streams: [String: (anyRole: Bool, roles: Set<String>)] = [:]
    /// The GPU types the volume bonuses read; `nil` in `bonuses` for one that reads every type.
    private var bonuses: [Set<String>?] = []

    init(_ rules: [Rule]) {
        for rule in rules {
            switch rule.kind {
            case let .revenueShare(ruleStreams, .byRole(roles)):
                for stream in ruleStreams { streams[stream, default: (false, [])].roles.formUnion(roles.map(\.role)) }
            case let .volumeBonus(bonus):
                bonuses.append(bonus.gpuTypes.map(Set.init))
            default:
                for stream in rule.streams { streams[stream, default: (false, [])].anyRole = true }
            }
        }
    }

    func reads(_ entry: RevenueEntry) -> Answer {
        guard let stream = streams[entry.stream] else { return .streamNotRead }
        return stream.anyRole || entry.role.map(stream.roles.contains) == true ? .read : .roleNotListed
    }

    func reads(gpuType: String?) -> Bool {
        bonuses.contains { types in types.map { types in gpuType.map(types.contains) ?? false } ?? true }
    }
}

extension Rule {
    /// The revenue streams the rule reads (none for volume bonuses and fixed amounts).
    var streams: [String] {
        switch kind {
        case let .revenueShare(streams, _), let .perUnit(streams, _), let .discount(streams, _, _): streams
        case .volumeBonus, .fixed: []
        }
    }

    /// Whether the entry counts for this rule: its stream, and for `rate_by_role` a listed role.
    func reads(_ entry: RevenueEntry) -> Bool {
        switch kind {
        case let .revenueShare(streams, .byRole(roles)):
            streams.contains(entry.stream) && roles.contains { $0.role == entry.role }
        default:
            streams.contains(entry.stream)
        }
    }
}
