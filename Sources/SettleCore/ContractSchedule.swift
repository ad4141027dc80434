/// When each contract version of one provider is in force.
///
/// A version is in force from its `effective` day to the earliest of the day before the next
/// version of the same contract takes effect, its own `expires` and its own `terminated`.
///
/// ```swift
/// let schedule = ContractSchedule(versions: [v1, v2])   // v2 effective 2026-03-15
/// schedule.windows(in: Period("2026-03")!).map(\.dayCount)   // [14, 17]
/// ```
public struct ContractSchedule: Sendable {
    /// Every version's span in force, ordered by first day (empty spans left out).
    public let terms: [Term]

    /// The days one version is in force; `last` is `nil` while nothing ends it.
    public struct Term: Sendable, Hashable {
        public let contract: Contract
        public let first: Day
        public let last: Day?

        public func includes(_ day: Day) -> Bool {
            day >= first && (last.map { day <= $0 } ?? true)
        }
    }

    /// - Parameter versions: all versions of all contracts of one provider, in any order.
    public init(versions: [Contract]) {
        terms = Self.spans(of: versions).map { Term(contract: $0.version, first: $0.first, last: $0.last) }
    }

    /// The days of `period` on which each of `versions` (all versions of all contracts of one
    /// provider, known by their dates only) is in force: the windows' days, in `windows(in:)`'s
    /// order, without decoding any rule.
    public static func windowDays(of versions: [ContractDates], in period: Period) -> [(first: Day, last: Day)] {
        spans(of: versions).compactMap { clip($0.first, $0.last, to: period) }
    }

    /// Every version's span in force, ordered by first day and then contract id (empty spans left out).
    private static func spans<Version: ScheduledVersion>(of versions: [Version]) -> [(version: Version, first: Day, last: Day?)] {
        var spans: [(version: Version, first: Day, last: Day?)] = []
        for (_, contractVersions) in Dictionary(grouping: versions, by: \.id) {
            let ordered = contractVersions.sorted { $0.version < $1.version }
            for (index, version) in ordered.enumerated() {
                var last = version.ownLastDay
                if index + 1 < ordered.count {
                    let replaced = ordered[index + 1].effective.adding(days: -1)
                    last = last.map { min($0, replaced) } ?? replaced
                }
                if let last, last < version.effective { continue }
                spans.append((version, version.effective, last))
            }
        }
        return spans.sorted { ($0.first, $0.version.id) < ($1.first, $1.version.id) }
    }

    /// A span's days within `period`, if any.
    private static func clip(_ first: Day, _ last: Day?, to period: Period) -> (first: Day, last: Day)? {
        let first = max(first, period.firstDay)
        let last = min(last ?? period.lastDay, period.lastDay)
        return first <= last ? (first, last) : nil
    }

    /// The windows of `period`: each version's days in force within it, in date order.
    public func windows(in period: Period) -> [Window] {
        terms.compactMap { term in
            Self.clip(term.first, term.last, to: period).map {
                Window(contract: term.contract, period: period, first: $0.first, last: $0.last)
            }
        }
    }

    /// Whether the provider's last contract ends within `period`: no later version or contract
    /// follows, and the last term ends on a day of the period.
    public func endsFinally(in period: Period) -> Bool {
        guard let final = terms.max(by: { $0.first < $1.first }), let last = final.last else { return false }
        return period.contains(last) && !terms.contains { ($0.last.map { $0 > last } ?? true) }
    }

    /// Every pair of terms in force on a same day, the earlier-starting one first.
    public func overlaps() -> [(Term, Term)] {
        terms.indices.flatMap { index in
            terms[(index + 1)...].filter { terms[index].includes($0.first) }.map { (terms[index], $0) }
        }
    }
}

/// The days of one period on which one contract version is in force.
public struct Window: Sendable, Hashable {
    public let contract: Contract
    public let period: Period
    public let first: Day
    public let last: Day

    public var dayCount: Int { last.ordinal - first.ordinal + 1 }

    /// f = days in the window / days in the month, exact (11/30 stays 11/30).
    public var fraction: Rational { Rational(dayCount, period.dayCount) }

    public var coversWholePeriod: Bool { dayCount == period.dayCount }

    public func contains(_ day: Day) -> Bool { day >= first && day <= last }
}

/// What a schedule reads of a contract version.
protocol ScheduledVersion {
    var id: String { get }
    var version: Int { get }
    var effective: Day { get }
    /// The last day the version can be in force by its own terms (see `Contract.ownLastDay`).
    var ownLastDay: Day? { get }
}

extension Contract: ScheduledVersion {}

/// A contract version known by the days it can be in force only, as stored beside its document:
/// enough for its windows (`ContractSchedule.windowDays`) before the document is decoded.
public struct ContractDates: Sendable, Hashable, ScheduledVersion {
    public let provider: String
    public let id: String
    public let version: Int
    public let effective: Day
    public let ownLastDay: Day?

    public init(provider: String, id: String, version: Int, effective: Day, ownLastDay: Day?) {
        self.provider = provider
        self.id = id
        self.version = version
        self.effective = effective
        self.ownLastDay = ownLastDay
    }
}
