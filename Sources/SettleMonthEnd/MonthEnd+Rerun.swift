import SettleCore
import SettleStore

extension MonthEnd {
    /// A re-run that recomputes only what changed since the period's draft.
    ///
    /// It applies when the draft was computed by this engine, no contract version was loaded since,
    /// and the imports since bring rows dated in the period only (no FX rate of it or before,
    /// nothing for an earlier period). Then only the providers with new rows or a changed hold are
    /// recomputed, from their rollups; every other statement stays as it is, and the recorded
    /// inputs are the draft's with the new fact totals and holds. Opening balances and prior-period
    /// adjustments come from closed periods, which cannot change, so the result is exactly what a
    /// run from scratch would store (the tests compare the two).
    ///
    /// - Returns: the run, the statements it recomputed and the draft's totals; `nil` when the
    ///   period must be run from scratch.
    func rerunChanged(_ period: Period, draft: RunRecord, maxImportID: Int64, contractVersions: Int)
        throws -> (record: RunRecord, recomputed: Int, totals: DraftTotals)? {
        guard draft.engineVersion == Self.engineVersion, draft.contractVersions == contractVersions else { return nil }
        let changes = try store.changes(after: draft.maxImportID, upTo: maxImportID, for: period)
        guard !changes.reachBeyondPeriod else { return nil }
        let (owedNow, heldNow, wasHeld) = (try store.returnedPayouts(before: period), try store.heldProviders(),
                                           Set(draft.inputs.held))
        // Every provider in force has a draft statement, on hold as its record says.
        let inForce = try store.draftProviders(of: period, among: changes.providers.union(owedNow.keys).union(heldNow)
            .union(wasHeld))
        // A payout that came back since the draft changes its provider's balance: run from scratch.
        let owed = owedNow.filter { inForce.contains($0.key) }
        guard Set(owed.values.joined().map(\.endToEndId)) == Set(draft.inputs.returned.map(\.endToEndId)) else { return nil }
        let held = heldNow.intersection(inForce)
        let changed = changes.providers.intersection(inForce).union(held.symmetricDifference(wasHeld))
        progress(.summing(providers: changed.count))
        // What the draft read, with the new fact totals and holds; contracts, opening balances and
        // what it read of closed periods as they were.
        var recorded = draft.inputs
        recorded.facts = try store.factSummary(period, adding: draft.inputs.facts, importsAbove: draft.maxImportID,
                                               upTo: maxImportID)
        recorded.held = held.sorted()
        let inputs = try RunInputs.gather(store: store, period: period, maxImportID: maxImportID,
                                          only: store.storedContracts(of: changed), held: held,
                                          recorded: recorded, owed: owed)
        // Prior-period adjustments cannot have changed; they are carried over from the draft (only
        // a draft that read late facts has any).
        var adjustments: [String: [BookedAdjustment]] = [:]
        for kept in draft.inputs.readsClosedPeriods ? try store.statements(of: period, providers: changed) : [] {
            adjustments[kept.statement.provider.id] = kept.statement.lines.filter { $0.adjusts != nil }
                .map { BookedAdjustment(line: $0, origin: nil) }
        }
        progress(.computing(providers: inputs.contractsByProvider.count))
        let statements = try compute(period, inputs: inputs, adjustments: adjustments)
        progress(.storing(statements: statements.count))
        let begun = try store.beginRun(period: period, engineVersion: Self.engineVersion, maxImportID: maxImportID,
                                       inputs: recorded, contractVersions: contractVersions, replacing: changed)
        let record = begun.record
        var totals = begun.totals
        try store.saveStatements(StatementRows(statements, of: record), into: &totals)
        // Providers with new rows and no contract in force have no statement, but may have rows
        // outside every window.
        let touched = changed.union(changes.providers)
        try store.saveUnsettled(period, try unsettled(period, inputs: inputs, maxImportID: maxImportID, only: touched),
                                replacing: touched, into: &totals)
        try store.finishRun(record, recomputed: statements.count, replaced: true, totals: totals)
        return (record, statements.count, totals)
    }
}
