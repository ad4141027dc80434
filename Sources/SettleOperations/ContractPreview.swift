public import SettleContracts
public import SettleCore
public import SettleMonthEnd
public import SettleStore

/// `settle preview FILE...` (docs/REFERENCE.md §8): what contract files not loaded yet would
/// change, statement by statement, while the database stays exactly as it was.
public enum ContractPreview {
    /// The preview, and what else a load of the files would say.
    public struct Outcome: Sendable {
        public let preview: ContractChangePreview
        /// `contract-id vN` of each version in the files that is stored already with the same
        /// content: it changes nothing and is not previewed.
        public let unchanged: [String]
        /// The new versions in force in a closed period: `contracts load` needs `--retroactive`.
        public let retroactive: [RetroactiveVersions.Reach]
    }

    /// Checks the files as `contracts load` would and previews them, all inside one READ ONLY,
    /// REPEATABLE READ transaction: one snapshot, and a server that refuses any write (so no
    /// table, sequence or audit log entry can change). Nothing is logged.
    ///
    /// - Parameters:
    ///   - from: the first period to compare (default: the first the files reach).
    ///   - to: the last (default: the latest period with a run, else the month of `today`).
    /// - Throws: `ContractErrors` for files that `contracts load` would refuse (file and line);
    ///   `MonthEndError` for a range it cannot compare or a period that cannot be computed.
    public static func preview(_ catalog: ContractCatalog, store: Store, from: Period?, to: Period?, today: Day) throws -> Outcome {
        try store.requireCurrentSchema()
        return try store.transaction(.readOnlySnapshot) {
            let stored = try store.storedContracts()
            try ContractLoading.check(catalog, against: stored)
            let new = ContractLoading.newVersions(catalog, stored: stored)
            let versions = try new.map {
                try store.unloaded(ContractVersionFile(contract: $0.contract, sourceFile: $0.file, sourceText: $0.text))
            }
            let holds = Store.payeeHolds(added: versions.map(\.contract), stored: stored.map(\.contract))
            let preview = try MonthEnd(store: store).preview(versions, holds: holds.map { ($0.provider, $0.reason) },
                                                             from: from, to: to, today: today)
            let newNames = Set(new.map(\.contract.versionName))
            let unchanged = catalog.contracts.map(\.contract).filter { !newNames.contains($0.versionName) }
                .map { "\($0.id) v\($0.version)" }
            return Outcome(preview: preview, unchanged: unchanged,
                           retroactive: try ContractLoading.closedPeriodsReached(catalog, stored: stored, store: store))
        }
    }
}
