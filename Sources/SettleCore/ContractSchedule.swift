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
        let byContract = Dictionary(grouping: versions, by: \.id)
        var terms: [Term] = []
        for (_, contractVersions) in byContract {
            let ordered = contractVersions.sorted { $0.version < $1.version }
            for (index, version) in ordered.enumerated() {
                var last = version.ownLastDay
                if index + 1 < ordered.count {
                    let replaced = ordered[index + 1].effective.adding(days: -1)
                    last = last.map { min($0, replaced) } ?? replaced
                }
                if let last, last < version.effective { continue }
                terms.append(Term(contract: version, first: version.effective, last: last))
            }
        }
        self.terms = terms.sorted { ($0.first, $0.contract.id) < ($1.first, $1.contract.id) }
    }

    /// The windows of `period`: each version's days in force within it, in date order.
    public func windows(in period: Period) -> [Window] {
        terms.compactMap { term in
            let first = max(term.first, period.firstDay)
            let last = min(term.last ?? period.lastDay, period.lastDay)
            guard first <= last else { return nil }
            return Window(contract: term.contract, period: period, first: first, last: last)
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
