import SettleCore
import SettleStore

extension MonthEnd {
    /// The most providers whose facts and statements a run holds at once.
    public static let runBatch = 1_000

    /// A run of every provider in force, inside the run's transaction: the window sums are stored
    /// by the server, then read back, settled and written `batchSize` providers at a time in
    /// provider order, so that memory stays flat however many providers there are. Each provider's
    /// statement depends only on its own contracts, facts, balance and adjustments, so the batches
    /// store exactly what one pass over all of them would.
    ///
    /// - Returns: the run recorded and the number of statements it stored.
    /// - Throws: as `run`; the caller's transaction then writes nothing.
    func runFromScratch(_ period: Period, maxImportID: Int64, contractVersions: Int, contracts: [StoredContract],
                        batchSize: Int = runBatch) throws -> (record: RunRecord, statements: Int) {
        precondition(batchSize > 0, "a batch holds at least one provider")
        let inputs = try RunInputs.gather(store: store, period: period, maxImportID: maxImportID, contracts: contracts,
                                          loadFacts: false)
        try store.storeDraftSums(period, maxImportID: maxImportID, windows: inputs.windows)
        let rates = try store.fxRates(period, maxImportID: maxImportID)
        let late = try adjustments(before: period, maxImportID: maxImportID, stored: contracts,
                                   providers: Set(inputs.contractsByProvider.keys))
        let providers = inputs.contractsByProvider.keys.sorted()
        progress(.computing(providers: providers.count))
        let record = try store.beginRun(period: period, engineVersion: Self.engineVersion, maxImportID: maxImportID,
                                        inputs: late.reading.added(to: inputs.recorded), contractVersions: contractVersions)
        // Rows outside every window: providers not in force keep only these.
        var unsettled = try store.outsideWindowFacts(period, maxImportID: maxImportID, windows: inputs.windows, providers: nil)
        var settled = Settled()
        var stored = 0
        for start in stride(from: 0, to: providers.count, by: batchSize) {
            let batch = Array(providers[start..<min(start + batchSize, providers.count)])
            var facts = try store.draftSums(period, providers: batch)
            facts.rates = rates
            let settlements = Self.settlementInputs(period, inputs: inputs.only(batch, facts: facts), adjustments: late.lines)
            let statements = try settled.settle(settlements)
            try store.saveStatements(statements, of: record)
            stored += statements.count
            for input in settlements {
                unsettled[input.providerID] = Self.unsettled(for: input, outside: unsettled[input.providerID] ?? [])
            }
        }
        try settled.check(period)
        progress(.storing(statements: stored))
        try store.finishRun(record, statements: stored, recomputed: false)
        try store.saveUnsettled(period, unsettled.filter { !$0.value.isEmpty }, replacing: nil)
        return (record, stored)
    }
}
