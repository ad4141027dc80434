public import SettleCore
public import SettleStore

/// The month end (docs/REFERENCE.md §3 and §4): run a period from what is stored, close it, verify it later.
///
/// Runs and closes are serialised by a lock in the database and each is one transaction, so a
/// second one waits for the first, and a process killed at any point leaves the previous draft or
/// the new one, never a mix.
public struct MonthEnd {
    /// Recorded with every run; change it whenever the engine's arithmetic changes.
    /// (2: window sums count their rows, for the unsettled data; 3: limits per limit group; 4: payouts that
    /// came back are owed again: available = opening balance + returned + period net.)
    public static let engineVersion = "settle-engine 5"

    let store: Store
    let progress: @Sendable (RunStage) -> Void

    /// - Parameter progress: told as a run enters each stage (for a progress display).
    public init(store: Store, progress: @escaping @Sendable (RunStage) -> Void = { _ in }) {
        self.store = store
        self.progress = progress
    }

    /// Computes every provider with a contract in force in `period` and stores the statements as
    /// the period's draft, replacing any earlier draft. A re-run after new rows dated in the period
    /// recomputes only the providers they concern (see `rerunChanged`), unless `recomputeAll`.
    ///
    /// - Parameter batchSize: the most providers a run from scratch holds at once (see `runFromScratch`).
    /// - Throws: `MonthEndError` when the period is closed, an earlier period is not, or FX rates
    ///   are missing (every missing pair is named); nothing is written then.
    public func run(_ period: Period, recomputeAll: Bool = false, batchSize: Int = runBatch) throws -> RunSummary {
        try store.requireCurrentSchema()
        return try store.monthEndTransaction(waiting: { progress(.waiting) }) {
            if try store.status(of: period) == .closed {
                throw MonthEndError("\(period) is closed; its statements can no longer change. Late rows dated in it are settled as adjustments in the next open period.")
            }
            let maxImportID = try store.maxImportID()
            let contractVersions = try store.contractVersionCount()
            if !recomputeAll, let draft = try store.draftRun(of: period),
               let rerun = try rerunChanged(period, draft: draft, maxImportID: maxImportID, contractVersions: contractVersions) {
                return RunSummary(rerun.record, recomputed: rerun.recomputed, totals: rerun.totals)
            }
            let (record, statements, totals) = try runFromScratch(period, maxImportID: maxImportID,
                                                                  contractVersions: contractVersions, batchSize: batchSize)
            return RunSummary(record, recomputed: statements, totals: totals)
        }
    }

    /// Freezes a computed period.
    ///
    /// - Parameters:
    ///   - today: the day it is (`SETTLE_TODAY` or the clock): a month closes only once it has ended.
    ///   - early: close a month that has not ended yet (recorded as such).
    /// - Throws: when the month has not ended (without `early`), the period was never run, an
    ///   earlier period is still open, or anything the run read has changed since (then run it
    ///   again first).
    public func close(_ period: Period, today: Day, early: Bool = false) throws {
        try store.requireCurrentSchema()
        let endsEarly = period.lastDay >= today
        if endsEarly && !early {
            throw MonthEndError("\(period) ends on \(period.lastDay); today is \(today). A closed period can never be reopened: wait until the month has ended, or close it now with `settle close \(period) --early` (recorded as an early close).")
        }
        try store.monthEndTransaction {
            switch try store.status(of: period) {
            case nil: throw MonthEndError("\(period) has not been run; run it with `settle run \(period)` first.")
            case .closed: throw MonthEndError("\(period) is already closed.")
            case .computed: break
            }
            try store.requireApproval(period, before: "it is closed")
            let contracts = try store.storedContracts()
            try requireEarlierPeriodsClosed(before: period, contracts: contracts.map(\.contract))
            guard let run = try store.currentRun(of: period) else {
                throw MonthEndError("\(period) has no current run to close; run it with `settle run \(period)` first.")
            }
            let maxImportID = try store.maxImportID()
            let now = try RunInputs.gather(store: store, period: period, maxImportID: maxImportID, contracts: contracts,
                                           loadFacts: false)
            // Only what the late facts are; the adjustments they make were booked by the run.
            let late = try lateFacts(before: period, maxImportID: maxImportID, stored: contracts,
                                     providers: Set(now.contractsByProvider.keys))
            let reads = late.reading.added(to: now.recorded)
            guard reads == run.inputs else {
                let changed = reads.differences(from: run.inputs).joined(separator: ", ")
                throw MonthEndError("What \(period) reads has changed since its run (\(changed)); run it again with `settle run \(period)` before closing.")
            }
            try store.markClosed(period, early: endsEarly)
        }
    }

    /// What the engine gets for each provider with a contract in force, in provider order.
    static func settlementInputs(_ period: Period, inputs: RunInputs, adjustments: [String: [BookedAdjustment]] = [:])
        -> [SettlementInput] {
        inputs.contractsByProvider.sorted(by: { $0.key < $1.key }).map { provider, versions in
            SettlementInput(
                providerID: provider, period: period, contracts: versions,
                revenue: inputs.facts.revenue[provider] ?? [], hours: inputs.facts.hours[provider] ?? [],
                rates: inputs.facts.rates, openingBalance: inputs.openingBalances[provider] ?? .zero,
                returned: inputs.returned[provider] ?? [],
                onHold: inputs.held.contains(provider), adjustments: adjustments[provider]?.map(\.line) ?? [],
                adjustmentOrigins: adjustments[provider]?.map(\.origin) ?? [])
        }
    }

    /// The engine over gathered inputs: one statement per provider with a contract in force.
    func compute(_ period: Period, inputs: RunInputs, adjustments: [String: [BookedAdjustment]] = [:]) throws -> [Statement] {
        var settled = Settled()
        let statements = try settled.settle(Self.settlementInputs(period, inputs: inputs, adjustments: adjustments))
        try settled.check(period)
        return statements
    }

    /// A period can be run or closed only when every earlier period in which a contract was in
    /// force is closed.
    func requireEarlierPeriodsClosed(before period: Period, contracts: [Contract]) throws {
        guard let first = contracts.map(\.effective).min()?.period, first < period else { return }
        let closed = Set(try store.periodStatuses().filter { $0.1 == .closed }.map(\.0))
        let schedules = Dictionary(grouping: contracts, by: \.provider.id).values.map(ContractSchedule.init)
        var month = first
        while month < period {
            if !closed.contains(month), schedules.contains(where: { !$0.windows(in: month).isEmpty }) {
                throw MonthEndError("\(month) is not closed, and a contract was in force in it; run and close \(month) before \(period).")
            }
            month = month.next
        }
    }
}

/// The engine run over providers, one batch after another, and what stops their period from being
/// computed: every provider's, whichever batch it is in.
struct Settled: Sendable {
    /// The providers whose compute hours add up to less than zero, with their sums.
    var negativeHours: [String] = []
    var missingRates = Set<CurrencyPair>()

    /// The statements of `settlements`, in their order; none once anything stops the period (only
    /// what else stops it is collected then).
    mutating func settle(_ settlements: [SettlementInput]) throws -> [Statement] {
        negativeHours += settlements.flatMap(Settlement.negativeHours(for:))
        guard negativeHours.isEmpty else { return [] }
        // Providers are independent: both cores share them.
        // The engine names the missing rates itself (asking first worked them out twice).
        let results = settlements.concurrentMap { input -> (Statement?, [CurrencyPair]) in
            do throws(SettlementError) {
                return (try Settlement.statement(for: input), [])
            } catch {
                switch error { case let .missingFXRates(_, pairs): return (nil, pairs) }
            }
        }
        for (_, pairs) in results { missingRates.formUnion(pairs) }
        return missingRates.isEmpty ? results.compactMap(\.0) : []
    }

    /// Adds what stopped the period in `other` (a batch settled on its own).
    mutating func merge(_ other: Settled) {
        negativeHours += other.negativeHours
        missingRates.formUnion(other.missingRates)
    }

    /// - Throws: `MonthEndError` naming every provider with negative hours, else every missing FX rate.
    func check(_ period: Period) throws {
        guard negativeHours.isEmpty else {
            throw MonthEndError("\(period) was not computed: compute hours add up to less than zero in \(negativeHours.joined(separator: "; ")). A reversal must not take back more hours than were reported; import the missing rows first. Nothing was written.")
        }
        guard missingRates.isEmpty else {
            throw MonthEndError(SettlementError.missingFXRates(period, missingRates.sorted()).description + " Nothing was written.")
        }
    }
}

/// What a run computed.
public struct RunSummary: Sendable {
    public let period: Period
    public let runID: Int64
    /// The statements the period's draft holds now.
    public let statements: Int
    /// How many of them this run computed (the others were kept from the previous draft).
    public let recomputed: Int
    /// The payouts per currency, held and zero ones left out.
    public let payouts: [Money]
    /// What the period's facts hold that counts for nothing, added up.
    public let unsettled: UnsettledCounts

    init(_ record: RunRecord, recomputed: Int, totals: DraftTotals) {
        (period, runID, statements, self.recomputed) = (record.period, record.runID, totals.statements, recomputed)
        (payouts, unsettled) = (totals.payouts, totals.unsettled)
    }
}

/// The stages of a run, in order, for a progress display.
public enum RunStage: Sendable, Equatable {
    /// Waiting for another run or close, or an import, contract load or hold change, to finish.
    case waiting
    /// Summing the period's facts per contract window (for a re-run: adding the new rollups).
    case summing(providers: Int)
    case computing(providers: Int)
    case storing(statements: Int)
}

/// A refusal of the month end, as one sentence a user can act on.
public struct MonthEndError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
