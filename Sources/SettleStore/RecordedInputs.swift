public import SettleCore

/// Everything a run read, as recorded with it: the proof `close` and `verify` check.
///
/// Stored as canonical JSON (sorted keys) in `runs.inputs`; the run's fingerprint is the SHA-256
/// of that text. `close` compares what the period reads now with it, `verify` re-reads exactly
/// what it names, and both say which fields differ (`differences(from:)`).
///
/// Stored records are never rewritten: a field added later must decode when it is absent
/// (`decodeIfPresent` with a stated default), or every stored run stops decoding.
///
/// A re-run's record names the contract versions by reference (`contractsOf`, migration 23): the
/// store reads it back whole (`Store.currentRun(of:)`), and a re-run reads its draft without them
/// (`Store.draftRun(of:)`), so that its cost follows the providers it recomputes.
public struct RecordedInputs: Codable, Equatable, Sendable {
    public var period: Period
    /// The period's fact rows and FX rates.
    public var facts: FactSummary
    /// The contract versions of the providers in force, with their content hashes; empty when
    /// `contractsOf` names the record that lists them.
    public var contracts: [ContractRead]
    /// The run whose whole record lists the contract versions this one read (`contracts` is then
    /// empty): set by the store on a draft read for a re-run, which keeps its draft's versions;
    /// `nil` in a whole record.
    public internal(set) var contractsOf: Int64?
    /// The providers in force that were on hold, sorted.
    public var held: [String]
    /// Each provider's closing balance of its latest statement before the period, by provider.
    public var openingBalances: [OpeningBalance]
    /// The closed periods before this one that received rows after their run: what they hold now.
    public var lateFacts: [LateFacts]
    /// The closed periods before this one whose terms in force changed since their run.
    public var retroactiveVersions: [RetroactiveVersionsRead]
    /// The payouts owed again (rejected or returned, docs/REFERENCE.md §9) that the run brought
    /// back, sorted; absent in records from before schema version 15 (none then).
    public var returned: [ReturnedRead]

    public init(period: Period, facts: FactSummary, contracts: [ContractRead], held: Set<String>,
                openingBalances: [String: Rational], lateFacts: [LateFacts] = [],
                retroactiveVersions: [RetroactiveVersionsRead] = []) {
        self.period = period
        self.facts = facts
        self.contracts = contracts
        self.held = held.sorted()
        self.openingBalances = openingBalances.sorted { $0.key < $1.key }
            .map { OpeningBalance(provider: $0.key, balance: $0.value) }
        self.lateFacts = lateFacts
        self.retroactiveVersions = retroactiveVersions
        self.returned = []
    }

    private enum CodingKeys: String, CodingKey {
        case period, facts, contracts, contractsOf, held, openingBalances, lateFacts, retroactiveVersions, returned
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        period = try values.decode(Period.self, forKey: .period)
        facts = try values.decode(FactSummary.self, forKey: .facts)
        contractsOf = try values.decodeIfPresent(Int64.self, forKey: .contractsOf)
        contracts = contractsOf == nil ? try values.decode([ContractRead].self, forKey: .contracts) : []
        held = try values.decode([String].self, forKey: .held)
        openingBalances = try values.decode([OpeningBalance].self, forKey: .openingBalances)
        lateFacts = try values.decode([LateFacts].self, forKey: .lateFacts)
        retroactiveVersions = try values.decode([RetroactiveVersionsRead].self, forKey: .retroactiveVersions)
        returned = try values.decodeIfPresent([ReturnedRead].self, forKey: .returned) ?? []
    }

    /// `returned` only when there is any: a run without payouts owed again records exactly what it
    /// recorded before the field existed. `contractsOf` in place of `contracts` when it is set.
    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(period, forKey: .period)
        try values.encode(facts, forKey: .facts)
        if let contractsOf {
            assert(contracts.isEmpty, "a record by reference lists no contract versions")
            try values.encode(contractsOf, forKey: .contractsOf)
        } else {
            try values.encode(contracts, forKey: .contracts)
        }
        try values.encode(held, forKey: .held)
        try values.encode(openingBalances, forKey: .openingBalances)
        try values.encode(lateFacts, forKey: .lateFacts)
        try values.encode(retroactiveVersions, forKey: .retroactiveVersions)
        if !returned.isEmpty { try values.encode(returned, forKey: .returned) }
    }

    /// Whether anything was read from closed periods (so the run booked prior-period adjustments).
    public var readsClosedPeriods: Bool { !lateFacts.isEmpty || !retroactiveVersions.isEmpty }

    /// What differs from `recorded`, field by field, for a message: `revenue rows 2 → 3`.
    public func differences(from recorded: RecordedInputs) -> [String] {
        var found: [String] = []
        func compare<T: Equatable>(_ name: String, _ old: T, _ new: T, _ text: (T) -> String) {
            if old != new { found.append("\(name) \(text(old)) → \(text(new))") }
        }
        if recorded.period != period { found.append("period \(recorded.period) → \(period)") }
        found += facts.differences(from: recorded.facts, prefix: "")
        compare("contract versions", recorded.contracts, contracts) { $0.isEmpty ? "none" : $0.map(\.description).joined(separator: ", ") }
        compare("holds", recorded.held, held) { $0.isEmpty ? "none" : $0.joined(separator: ", ") }
        compare("opening balances", recorded.openingBalances, openingBalances) {
            $0.isEmpty ? "none" : $0.map { "\($0.provider) \($0.balance)" }.joined(separator: ", ")
        }
        let latePeriods = Set(recorded.lateFacts.map(\.period)).union(lateFacts.map(\.period))
        for late in latePeriods.sorted() {
            let old = recorded.lateFacts.first { $0.period == late }, new = lateFacts.first { $0.period == late }
            switch (old, new) {
            case (nil, _): found.append("late facts for \(late) arrived")
            case (_, nil): found.append("late facts for \(late) no longer read")
            case let (old?, new?): found += new.facts.differences(from: old.facts, prefix: "late facts for \(late): ")
            }
        }
        compare("retroactive versions", recorded.retroactiveVersions, retroactiveVersions) {
            $0.isEmpty ? "none" : $0.map(\.description).joined(separator: "; ")
        }
        compare("payouts owed again", recorded.returned, returned) {
            $0.isEmpty ? "none" : $0.map(\.description).joined(separator: ", ")
        }
        // The newest import ids change only with the rows, named above.
        return found.isEmpty && self != recorded ? ["the newest imports read"] : found
    }
}

/// A payout owed again as a run read it: `prov-b STL-202608-prov-b 100.00 EUR`.
public struct ReturnedRead: Codable, Equatable, Sendable, Comparable, CustomStringConvertible {
    public let provider: String
    public let endToEndId: String
    public let amount: String

    public init(provider: String, endToEndId: String, amount: Money) {
        self.provider = provider
        self.endToEndId = endToEndId
        self.amount = "\(amount) \(amount.currency)"
    }

    public var description: String { "\(provider) \(endToEndId) \(amount)" }
    public static func < (a: Self, b: Self) -> Bool { (a.provider, a.endToEndId) < (b.provider, b.endToEndId) }
}

/// A contract version as a run read it.
public struct ContractRead: Codable, Equatable, Sendable, CustomStringConvertible {
    public let id: String
    public let version: Int
    /// SHA-256 of the version's canonical content.
    public let contentHash: String

    public init(id: String, version: Int, contentHash: String) {
        self.id = id
        self.version = version
        self.contentHash = contentHash
    }

    public var name: ContractVersionName { ContractVersionName(id: id, version: version) }
    public var description: String { "\(name) \(contentHash.prefix(12))" }
}

extension Contract {
    /// `acme-cloud-2026 v3`.
    public var versionName: ContractVersionName { ContractVersionName(id: id, version: version) }
}

/// `acme-cloud-2026 v3`.
public struct ContractVersionName: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let id: String
    public let version: Int

    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }

    public var description: String { "\(id) v\(version)" }
    public static func < (a: Self, b: Self) -> Bool { (a.id, a.version) < (b.id, b.version) }
}

public struct OpeningBalance: Codable, Equatable, Sendable {
    public let provider: String
    public let balance: Rational
}

/// What a closed period holds now, when that is not what its run read.
public struct LateFacts: Codable, Equatable, Sendable {
    public let period: Period
    public let facts: FactSummary

    public init(period: Period, facts: FactSummary) {
        self.period = period
        self.facts = facts
    }
}

/// The versions in force now in a closed period, for one provider, that its run did not read.
public struct RetroactiveVersionsRead: Codable, Equatable, Sendable, CustomStringConvertible {
    public let period: Period
    public let provider: String
    public let versions: [ContractVersionName]

    public init(period: Period, provider: String, versions: [ContractVersionName]) {
        self.period = period
        self.provider = provider
        self.versions = versions
    }

    public var description: String {
        "\(period) \(provider) " + versions.map(\.description).joined(separator: ", ")
    }
}

/// Row counts, sums and newest import ids of a period's facts (from the rollups), and its FX rates.
/// Sums are PostgreSQL's exact numeric text, so a new row with a zero amount still changes `rows`.
public struct FactSummary: Codable, Equatable, Sendable {
    public struct Revenue: Codable, Equatable, Sendable {
        public var rows: Int64
        public var amount: String
        public var quantity: String
        public var newestImport: Int64
    }

    public struct Hours: Codable, Equatable, Sendable {
        public var rows: Int64
        public var hours: String
        public var newestImport: Int64
    }

    public struct Rate: Codable, Equatable, Sendable, CustomStringConvertible {
        public var from: String
        public var to: String
        public var rate: String
        public var description: String { "\(from)->\(to) \(rate)" }
    }

    public var revenue: Revenue
    public var hours: Hours
    /// Ordered by from and to currency.
    public var fxRates: [Rate]

    public static let empty = FactSummary(revenue: Revenue(rows: 0, amount: "0", quantity: "0", newestImport: 0),
                                   hours: Hours(rows: 0, hours: "0", newestImport: 0), fxRates: [])

    func differences(from old: FactSummary, prefix: String) -> [String] {
        var found: [String] = []
        func compare(_ name: String, _ before: String, _ after: String) {
            if before != after { found.append("\(prefix)\(name) \(before) → \(after)") }
        }
        compare("revenue rows", String(old.revenue.rows), String(revenue.rows))
        compare("revenue amount", old.revenue.amount, revenue.amount)
        compare("revenue quantity", old.revenue.quantity, revenue.quantity)
        compare("hours rows", String(old.hours.rows), String(hours.rows))
        compare("hours", old.hours.hours, hours.hours)
        func rates(_ list: [Rate]) -> String { list.isEmpty ? "none" : list.map(\.description).joined(separator: ", ") }
        compare("FX rates", rates(old.fxRates), rates(fxRates))
        return found
    }
}
