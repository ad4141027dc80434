public import SettleContracts
import SettleCore
public import SettleMonthEnd
public import SettleStore

/// `settle contracts load`: checked contract files stored, all or nothing.
public enum ContractLoading {
    /// What a load did, and which of the new versions reach closed periods.
    public struct Outcome: Sendable {
        public let summary: ContractLoadSummary
        public let retroactive: [RetroactiveVersions.Reach]
    }

    /// Checks parsed files against what is stored (under the store's lock) and stores them.
    ///
    /// - Parameter retroactive: load versions in force in a closed period too (else refused).
    /// - Throws: `ContractErrors` for the rules across versions, with file and line;
    ///   `OperationError` for a version that reaches a closed period without `retroactive`.
    public static func load(_ catalog: ContractCatalog, into store: Store, retroactive: Bool = false) throws -> Outcome {
        let files = catalog.contracts.map {
            ContractVersionFile(contract: $0.contract, sourceFile: $0.file, sourceText: $0.text)
        }
        var reaches: [RetroactiveVersions.Reach] = []
        let summary = try store.load(contracts: files, payer: catalog.payer.map { ($0.payer, $0.file) }) { stored in
            try check(catalog, against: stored)
            try checkSelfBilling(catalog, stored: stored, storedPayer: try store.storedPayer())
            reaches = try closedPeriodsReached(catalog, stored: stored, store: store)
            if !retroactive, !reaches.isEmpty { throw refusal(reaches, catalog) }
        }
        return Outcome(summary: summary, retroactive: reaches)
    }

    /// The checks of a load against what is stored (docs/REFERENCE.md §1): the rules across
    /// versions, with a stored version given again counting as unchanged only with the same
    /// content. `settle preview` checks its files with it too.
    ///
    /// - Throws: `ContractErrors`, every problem with its file and line.
    static func check(_ catalog: ContractCatalog, against stored: [StoredContract]) throws {
        let storedSources = stored.map {
            SourcedContract(stored: $0.contract, origin: "the database (loaded from \($0.sourceFile))")
        }
        let diagnostics = ContractRules.check(catalog.contracts, stored: storedSources)
        if !diagnostics.isEmpty { throw ContractErrors(diagnostics) }
    }

    /// A self-billing agreement needs the payer's VAT id (docs/REFERENCE.md §10), across what is
    /// loaded and what is stored: new agreements against the stored payer when no payer file is
    /// loaded, and a payer file without `vat_id` against stored agreements. (An agreement beside a
    /// payer file is checked by `ContractFiles.load` already.)
    static func checkSelfBilling(_ catalog: ContractCatalog, stored: [StoredContract], storedPayer: Payer?) throws {
        var diagnostics: [Diagnostic] = []
        if catalog.payer == nil, let payer = storedPayer, payer.vatID == nil {
            for sourced in newVersions(catalog, stored: stored) where sourced.contract.selfBilling != nil {
                diagnostics.append(sourced.location(of: "self_billing").diagnostic(
                    "contract '\(sourced.contract.id)' version \(sourced.contract.version) has a self-billing agreement, "
                    + "but the stored payer has no 'vat_id'; load payer.yaml with it"))
            }
        }
        if let payer = catalog.payer, payer.payer.vatID == nil,
           let agreed = stored.first(where: { $0.contract.selfBilling != nil })?.contract {
            diagnostics.append(Diagnostic(file: payer.file, line: 1, column: 1, message:
                "the payer has no 'vat_id', but stored contract '\(agreed.id)' version \(agreed.version) has a "
                + "self-billing agreement; add 'vat_id' under 'payer:'"))
        }
        if !diagnostics.isEmpty { throw ContractErrors(diagnostics) }
    }

    /// The files' versions that are not stored yet (a stored one given again is unchanged).
    static func newVersions(_ catalog: ContractCatalog, stored: [StoredContract]) -> [SourcedContract] {
        let storedKeys = Set(stored.map(\.contract.versionName))
        return catalog.contracts.filter { !storedKeys.contains($0.contract.versionName) }
    }

    /// The new versions (not stored yet) that are in force in a closed period.
    static func closedPeriodsReached(_ catalog: ContractCatalog, stored: [StoredContract], store: Store) throws
        -> [RetroactiveVersions.Reach] {
        let new = newVersions(catalog, stored: stored).map(\.contract)
        guard !new.isEmpty else { return [] }
        let closed = try store.periodStatuses().filter { $0.1 == .closed }.map(\.0)
        return RetroactiveVersions.reach(of: new, stored: stored.map(\.contract), closed: closed)
    }

    private static func refusal(_ reaches: [RetroactiveVersions.Reach], _ catalog: ContractCatalog) -> OperationError {
        let sentences = reaches.map { reach in
            let file = catalog.contracts.first { $0.contract.id == reach.contract.id && $0.contract.version == reach.contract.version }?.file ?? ""
            return "\(file): \(reach.contract.id) version \(reach.contract.version) takes effect on \(reach.contract.effective) "
                + "and is in force in the closed \(reach.closedPeriods.map(\.description).joinedInWords), whose statements never change"
        }
        return OperationError(sentences.joined(separator: "\n") + "\nNothing was loaded. To load "
            + (reaches.count == 1 ? "it" : "them") + " anyway, pass --retroactive: the next run books the difference "
            + "as prior-period adjustments.")
    }
}
