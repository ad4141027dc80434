import SettleCore
import SettleStore

/// Everything one run reads, and its record (what `close` compares and the fingerprint hashes):
/// fact counts and sums, FX rates, contract versions with their content hashes, holds and opening
/// balances.
struct RunInputs {
    let facts: PeriodFacts
    let contractsByProvider: [String: [Contract]]
    /// The contract windows of the providers read, as the store takes them.
    let windows: [(provider: String, first: Day, last: Day)]
    let held: Set<String>
    let openingBalances: [String: Rational]
    /// The period's own inputs; what a run read from closed periods is added by the caller.
    let recorded: RecordedInputs

    /// - Parameters:
    ///   - contracts: the contract versions to settle with (all stored ones for a run).
    ///   - held: the providers on hold (for a run, as stored now).
    ///   - loadFacts: false when only the record is needed (close).
    static func gather(store: Store, period: Period, maxImportID: Int64, contracts stored: [StoredContract],
                       held: Set<String>? = nil, loadFacts: Bool = true, draft: DraftSums = .untouched) throws -> RunInputs {
        let (inForce, windows) = inForceContracts(stored, in: period)
        let held = try held ?? store.heldProviders().intersection(inForce.keys)
        let balances = try store.openingBalances(before: period).filter { inForce.keys.contains($0.key) }
        let facts = loadFacts ? try store.periodFacts(period, maxImportID: maxImportID, windows: windows, draft: draft)
            : PeriodFacts()
        let versions = stored.filter { inForce.keys.contains($0.contract.provider.id) }
            .map { ContractRead(id: $0.contract.id, version: $0.contract.version, contentHash: $0.contentHash) }
        let recorded = RecordedInputs(period: period, facts: try store.factSummary(period, maxImportID: maxImportID),
                                      contracts: versions, held: held, openingBalances: balances)
        return RunInputs(facts: facts, contractsByProvider: inForce, windows: windows, held: held, openingBalances: balances,
                         recorded: recorded)
    }

    /// The inputs of some providers only (`stored` holds just their contracts), for a re-run that
    /// recomputes them and keeps the others; `recorded` is the whole run's, built by the caller.
    static func gather(store: Store, period: Period, maxImportID: Int64, only stored: [StoredContract],
                       held: Set<String>, draftImportID: Int64, recorded: RecordedInputs) throws -> RunInputs {
        let (inForce, windows) = inForceContracts(stored, in: period)
        let balances = try store.openingBalances(before: period).filter { inForce.keys.contains($0.key) }
        let facts = try store.periodFacts(period, maxImportID: maxImportID, windows: windows,
                                          draft: .update(importsAbove: draftImportID))
        return RunInputs(facts: facts, contractsByProvider: inForce, windows: windows,
                         held: held.intersection(inForce.keys), openingBalances: balances, recorded: recorded)
    }

    /// These inputs with the opening balances of `balances` in place of the stored ones, for the
    /// providers in force that it names (a preview carries its proposed closing balances forward).
    func opening(with balances: [String: Rational]) -> RunInputs {
        let carried = balances.filter { contractsByProvider.keys.contains($0.key) }
        return RunInputs(facts: facts, contractsByProvider: contractsByProvider, windows: windows, held: held,
                         openingBalances: openingBalances.merging(carried) { $1 }, recorded: recorded)
    }

    /// The providers with a contract in force in `period`, with their versions, and their windows.
    private static func inForceContracts(_ stored: [StoredContract], in period: Period)
        -> ([String: [Contract]], [(provider: String, first: Day, last: Day)]) {
        var windows: [(provider: String, first: Day, last: Day)] = []
        let inForce = Dictionary(grouping: stored.map(\.contract), by: \.provider.id).filter { provider, versions in
            let providerWindows = ContractSchedule(versions: versions).windows(in: period)
            windows += providerWindows.map { (provider, $0.first, $0.last) }
            return !providerWindows.isEmpty
        }
        return (inForce, windows)
    }
}
