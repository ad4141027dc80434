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
        // While both cores decode the contract documents, the server reads what needs only each
        // version's dates: the rows of providers with no window, and the first batch's sums.
        let documents = try store.storedContractDocuments()
        let windows = Dictionary(grouping: documents.dates, by: \.provider).sorted { $0.key < $1.key }.flatMap { provider, dates in
            ContractSchedule.windowDays(of: dates, in: period).map { (provider: provider, first: $0.first, last: $0.last) }
        }
        let everyProvider = Set(documents.dates.map(\.provider))
        let batches = try RunBatches(windows: windows, providers: everyProvider, in: period, size: batchSize)
        let decoding = BackgroundJob<[StoredContract]>()
        decoding.start { try documents.decoded() }
        progress(.summing(providers: everyProvider.count))
        let withoutWindows = try store.monthFacts(period, maxImportID: maxImportID, providers: batches.outside.withoutWindows)
        func facts(of batch: Int) throws -> (facts: PeriodFacts, outside: [String: [Unsettled]])? {
            try batches.facts(of: batch, in: period, maxImportID: maxImportID, from: store)
        }
        var nextFacts = try facts(of: 0)
        let contracts = try decoding.wait()!

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
        progress(.computing(providers: inputs.contractsByProvider.count))
        let begun = try store.beginRun(period: period, engineVersion: Self.engineVersion, maxImportID: maxImportID,
                                       inputs: late.reading.added(to: inputs.recorded), contractVersions: contractVersions)
        let record = begun.record
        var totals = begun.totals
        // Providers with no contract in force in the period have no statement: all their rows lie
        // outside every window.
        try store.saveUnsettled(period, withoutWindows, replacing: nil, into: &totals)
        var settled = Settled()
        var stored = 0
        func save(_ batch: SettledBatch) throws {
            try store.saveStatements(batch.rows, into: &totals)
            try store.saveUnsettled(period, batch.unsettled, replacing: nil, into: &totals)
        }
        // A pipeline: while both cores settle and encode one batch, this thread stores the one
        // before it and has the server sum the one after it (one after another, the connection
        // sat idle through the settling and the cores through the sums).
        let job = BackgroundJob<SettledBatch>()
        var settledBefore: SettledBatch?
        for (index, batch) in batches.providers.enumerated() {
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

/// A run's providers in force in batches, in provider order, with their windows.
private struct RunBatches {
    let providers: [[String]]
    let windows: [String: [(provider: String, first: Day, last: Day)]]
    /// How each batch's rows outside every window are found.
    let outside: OutsideWindows

    /// - Parameters:
    ///   - windows: the windows in `period` of every provider with a stored contract.
    ///   - providers: every provider with a stored contract.
    init(windows: [(provider: String, first: Day, last: Day)], providers: Set<String>, in period: Period, size: Int) throws {
        let inForce = Set(windows.map(\.provider)).sorted()
        self.providers = stride(from: 0, to: inForce.count, by: size).map { Array(inForce[$0..<min($0 + size, inForce.count)]) }
        self.windows = Dictionary(grouping: windows, by: \.provider)
        outside = try OutsideWindows(windows: windows, providers: providers, in: period)
    }

    /// The window sums of batch `batch`, and its providers' rows outside every window; `nil` past
    /// the last batch.
    func facts(of batch: Int, in period: Period, maxImportID: Int64, from store: Store) throws
        -> (facts: PeriodFacts, outside: [String: [Unsettled]])? {
        guard batch < providers.count else { return nil }
        let facts = try store.periodFacts(period, maxImportID: maxImportID, windows: providers[batch].flatMap { windows[$0] ?? [] })
        var outside: [String: [Unsettled]] = [:]
        for (provider, month) in try store.monthFacts(period, maxImportID: maxImportID,
                                                      providers: providers[batch].filter(self.outside.subtracted.contains)) {
            outside[provider] = try OutsideWindows.subtracting(revenue: facts.revenue[provider] ?? [], hours: facts.hours[provider] ?? [],
                                                               from: month, of: provider, in: period)
        }
        return (facts, outside)
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
