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
    /// The payouts owed again that the period brings back, by provider (docs/REFERENCE.md §9).
    var returned: [String: [ReturnedPayout]] = [:]

    /// - Parameters:
    ///   - contracts: the contract versions to settle with (all stored ones for a run).
    ///   - held: the providers on hold (for a run, as stored now).
    ///   - loadFacts: false when only the record is needed (close).
    ///   - record: false when only the facts are needed (a recomputation of some providers'
    ///     statements): the record's fact summary, a sum over the whole period, is left empty.
    ///   - returnedOnly: the `EndToEndId`s of the payouts owed again that a recorded run brought
    ///     back (to recompute it); `nil` for every one not brought back by another closed period.
    static func gather(store: Store, period: Period, maxImportID: Int64, contracts stored: [StoredContract],
                       held: Set<String>? = nil, loadFacts: Bool = true, record: Bool = true, sent: WindowsSent = .asTable,
                       returnedOnly: Set<String>? = nil) throws -> RunInputs {
        let (inForce, windows) = inForceContracts(stored, in: period)
        let held = try held ?? store.heldProviders().intersection(inForce.keys)
        let balances = try store.openingBalances(before: period).filter { inForce.keys.contains($0.key) }
        let facts = loadFacts ? try store.periodFacts(period, maxImportID: maxImportID, windows: windows, sent: sent)
            : PeriodFacts()
        let versions = stored.filter { inForce.keys.contains($0.contract.provider.id) }
            .map { ContractRead(id: $0.contract.id, version: $0.contract.version, contentHash: $0.contentHash) }
        var recorded = RecordedInputs(period: period, facts: record ? try store.factSummary(period, maxImportID: maxImportID) : .empty,
                                      contracts: versions, held: held, openingBalances: balances)
        let returned = try returnedPayouts(store: store, period: period, providers: Set(inForce.keys), only: returnedOnly)
        recorded.returned = returned.flatMap { provider, payouts in
            payouts.map { ReturnedRead(provider: provider, endToEndId: $0.endToEndId, amount: $0.amount) }
        }.sorted()
        return RunInputs(facts: facts, contractsByProvider: inForce, windows: windows, held: held, openingBalances: balances,
                         recorded: recorded, returned: returned)
    }

    /// The payouts owed again for `providers` that no other closed period brought back, or only
    /// those named in `only`.
    private static func returnedPayouts(store: Store, period: Period, providers: Set<String>, only: Set<String>?) throws
        -> [String: [ReturnedPayout]] {
        try store.returnedPayouts(before: period).filter { providers.contains($0.key) }
            .mapValues { payouts in payouts.filter { only?.contains($0.endToEndId) ?? true } }
            .filter { !$0.value.isEmpty }
    }

    /// The inputs of some providers only (`stored` holds just their contracts), for a re-run that
    /// recomputes them and keeps the others; `recorded` is the whole run's, built by the caller.
    ///
    /// - Parameter owed: the payouts owed again, by provider, as the caller read them: those the
    ///   draft read (a re-run applies only when they are).
    static func gather(store: Store, period: Period, maxImportID: Int64, only stored: [StoredContract],
                       held: Set<String>, recorded: RecordedInputs, owed: [String: [ReturnedPayout]]) throws -> RunInputs {
        let (inForce, windows) = inForceContracts(stored, in: period)
        let balances = try store.openingBalances(before: period).filter { inForce.keys.contains($0.key) }
        let facts = try store.periodFacts(period, maxImportID: maxImportID, windows: windows)
        let returned = owed.filter { inForce.keys.contains($0.key) }
        return RunInputs(facts: facts, contractsByProvider: inForce, windows: windows,
                         held: held.intersection(inForce.keys), openingBalances: balances, recorded: recorded, returned: returned)
    }

    /// These inputs with the opening balances of `balances` in place of the stored ones, for the
    /// providers in force that it names (a preview carries its proposed closing balances forward).
    func opening(with balances: [String: Rational]) -> RunInputs {
        let carried = balances.filter { contractsByProvider.keys.contains($0.key) }
        return RunInputs(facts: facts, contractsByProvider: contractsByProvider, windows: windows, held: held,
                         openingBalances: openingBalances.merging(carried) { $1 }, recorded: recorded, returned: returned)
    }

    /// These inputs for `providers` only, with `facts` (theirs, with the period's FX rates) in place
    /// of the facts read: one batch of a run.
    func only(_ providers: [String], facts: PeriodFacts) -> RunInputs {
        var contracts: [String: [Contract]] = [:]
        for provider in providers { contracts[provider] = contractsByProvider[provider] }
        return RunInputs(facts: facts, contractsByProvider: contracts, windows: windows, held: held,
                         openingBalances: openingBalances, recorded: recorded, returned: returned)
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
