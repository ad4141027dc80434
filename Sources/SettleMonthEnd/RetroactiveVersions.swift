public import SettleCore

/// Contract versions that reach periods already closed (docs/REFERENCE.md §4): their closed statements never
/// change, so such a version is loaded only when asked (`--retroactive`), and the next run books
/// the difference as prior-period adjustments.
public enum RetroactiveVersions {
    /// A new version and the closed periods in which it is in force.
    public struct Reach: Sendable, Hashable {
        public let contract: Contract
        public let closedPeriods: [Period]
        /// The provider has no day in force after the last closed period (a termination back in
        /// time): no later statement can book the difference, since statements exist only for
        /// providers in force.
        public let noLaterStatement: Bool
    }

    /// The new versions that are in force on a day of a closed period, alongside everything stored.
    ///
    /// - Parameters:
    ///   - new: the versions about to be loaded (those already stored are left out by the caller).
    ///   - stored: every stored version.
    ///   - closed: the closed periods.
    public static func reach(of new: [Contract], stored: [Contract], closed: [Period]) -> [Reach] {
        guard let lastClosed = closed.max(), !new.isEmpty else { return [] }
        // Only the new versions' providers: a copy of every stored version was 12 MB at 20,000 providers.
        let providers = Set(new.map(\.provider.id))
        let all = Dictionary(grouping: stored.filter { providers.contains($0.provider.id) } + new, by: \.provider.id)
        return new.compactMap { version in
            let schedule = ContractSchedule(versions: all[version.provider.id] ?? [])
            let reached = closed.filter { period in
                schedule.windows(in: period).contains { $0.contract.id == version.id && $0.contract.version == version.version }
            }
            let inForceLater = schedule.terms.contains { ($0.last.map { $0 > lastClosed.lastDay }) ?? true }
            return reached.isEmpty ? nil : Reach(contract: version, closedPeriods: reached.sorted(), noLaterStatement: !inForceLater)
        }
    }

}
