import SettleCore
import SettleStore

extension MonthEnd {
    /// The most providers whose facts and statements a run holds at once.
    public static let runBatch = 1_000

    /// A run of every provider in force, inside the run's transaction: the server sums the facts
    /// per contract window `batchSize` providers at a time, in provider order, and each batch is
    /// settled and written while the server sums the next one, so that memory stays flat however
    /// many providers there are. Each provider's statement depends only on its own contracts,
    /// facts, balance and adjustments, so the batches store exactly what one pass over all of them
    /// would.
    ///
    /// - Returns: the run recorded, the number of statements it stored and the draft's totals.
    /// - Throws: as `run`; the caller's transaction then writes nothing.
    func runFromScratch(_ period: Period, maxImportID: Int64, contractVersions: Int,
                        batchSize: Int = runBatch) throws -> (record: RunRecord, statements: Int, totals: DraftTotals) {
        precondition(batchSize > 0, "a batch holds at least one provider")
        let (contracts, windows, withoutWindows, outsideWindows) = try decodedWhileFindingOutside(period, maxImportID: maxImportID)
        try requireEarlierPeriodsClosed(before: period, contracts: contracts.map(\.contract))
        let inputs = try RunInputs.gather(store: store, period: period, maxImportID: maxImportID, contracts: contracts,
                                          loadFacts: false)
        func ordered(_ windows: [(provider: String, first: Day, last: Day)]) -> [(provider: String, first: Day, last: Day)] {
            windows.sorted { ($0.provider, $0.first, $0.last) < ($1.provider, $1.first, $1.last) }
        }
        guard ordered(inputs.windows).elementsEqual(ordered(windows), by: { $0 == $1 }) else {
            throw MonthEndError("\(period) was not computed: the contract windows of the stored versions' dates differ from those of their documents (a stored own_last_day out of step). Nothing was written.")
        }
        let late = try adjustments(before: period, maxImportID: maxImportID, stored: contracts,
                                   providers: Set(inputs.contractsByProvider.keys))
        let providers = inputs.contractsByProvider.keys.sorted()
        progress(.computing(providers: providers.count))
        let begun = try store.beginRun(period: period, engineVersion: Self.engineVersion, maxImportID: maxImportID,
                                       inputs: late.reading.added(to: inputs.recorded), contractVersions: contractVersions)
        let record = begun.record
        var totals = begun.totals
        // Providers with no contract in force in the period have no statement: all their rows lie
        // outside every window.
        try store.saveUnsettled(period, withoutWindows, replacing: nil, into: &totals)
        var settled = Settled()
        var stored = 0
        let batches = stride(from: 0, to: providers.count, by: batchSize).map {
            Array(providers[$0..<min($0 + batchSize, providers.count)])
        }
        let windowsOf = Dictionary(grouping: inputs.windows, by: \.provider)
        /// The batch's window sums, and its rows outside every window.
        func facts(of batch: Int) throws -> (facts: PeriodFacts, outside: [String: [Unsettled]])? {
            guard batch < batches.count else { return nil }
            let facts = try store.periodFacts(period, maxImportID: maxImportID,
                                              windows: batches[batch].flatMap { windowsOf[$0] ?? [] })
            let month = try store.monthFacts(period, maxImportID: maxImportID,
                                             providers: batches[batch].filter(outsideWindows.subtracted.contains))
            var outside: [String: [Unsettled]] = [:]
            for (provider, month) in month {
                outside[provider] = OutsideWindows.subtracting(revenue: facts.revenue[provider] ?? [],
                                                               hours: facts.hours[provider] ?? [], from: month)
            }
            return (facts, outside)
        }
        func save(_ batch: SettledBatch) throws {
            try store.saveStatements(batch.rows, into: &totals)
            try store.saveUnsettled(period, batch.unsettled, replacing: nil, into: &totals)
        }
        // A pipeline: while both cores settle and encode one batch, this thread stores the one
        // before it and has the server sum the one after it (one after another, the connection
        // sat idle through the settling and the cores through the sums).
        let job = BackgroundJob<SettledBatch>()
        var nextFacts = try facts(of: 0)
        var settledBefore: SettledBatch?
        for (index, batch) in batches.enumerated() {
            let (batchFacts, outside) = nextFacts!
            let settlements = Self.settlementInputs(period, inputs: inputs.only(batch, facts: batchFacts), adjustments: late.lines)
            job.start { try SettledBatch(settlements, outside: outside, of: record) }
            if let settledBefore { try save(settledBefore) }
            nextFacts = try facts(of: index + 1)
            settledBefore = try job.wait()
            settled.merge(settledBefore!.outcome)
            stored += settledBefore!.rows.count
        }
        progress(.storing(statements: stored))
        if let settledBefore { try save(settledBefore) }
        try settled.check(period)
        try store.finishRun(record, recomputed: stored, replaced: false, totals: totals)
        return (record, stored, totals)
    }
}

extension MonthEnd {
    /// Every stored contract version, the windows of `period`, how the run finds the rows outside
    /// every window (`OutsideWindows`), and those of providers with no window, which the server
    /// reads while both cores decode the documents: the windows need only each version's dates.
    private func decodedWhileFindingOutside(_ period: Period, maxImportID: Int64) throws
        -> (contracts: [StoredContract], windows: [(provider: String, first: Day, last: Day)], withoutWindows: [String: [Unsettled]],
            outsideWindows: OutsideWindows) {
        let documents = try store.storedContractDocuments()
        let decoding = BackgroundJob<[StoredContract]>()
        decoding.start { try documents.decoded() }
        let windows = Dictionary(grouping: documents.dates, by: \.provider).sorted { $0.key < $1.key }.flatMap { provider, dates in
            ContractSchedule.windowDays(of: dates, in: period).map { (provider: provider, first: $0.first, last: $0.last) }
        }
        let providers = Set(documents.dates.map(\.provider))
        progress(.summing(providers: providers.count))
        let plan = try OutsideWindows(windows: windows, providers: providers, in: period)
        let outside = try store.monthFacts(period, maxImportID: maxImportID, providers: plan.withoutWindows)
        return (try decoding.wait()!, windows, outside, plan)
    }
}

/// One batch of a run settled and encoded away from the connection.
private struct SettledBatch: Sendable {
    /// What stops the period, if anything did in this batch.
    var outcome = Settled()
    let rows: StatementRows
    /// What each provider's facts hold that counts for nothing, if anything.
    let unsettled: [String: [Unsettled]]

    /// - Parameter outside: the rows of the batch's providers outside every contract window.
    init(_ settlements: [SettlementInput], outside: [String: [Unsettled]], of record: RunRecord) throws {
        let statements = try outcome.settle(settlements)
        rows = try StatementRows(statements, of: record)
        let unsettled = settlements.concurrentMap { MonthEnd.unsettled(for: $0, outside: outside[$0.providerID] ?? []) }
        self.unsettled = Dictionary(uniqueKeysWithValues: zip(settlements.map(\.providerID), unsettled)).filter { !$0.value.isEmpty }
    }
}
