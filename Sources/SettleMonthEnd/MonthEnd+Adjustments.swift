import SettleCore
import SettleStore

extension MonthEnd {
    /// Prior-period adjustments (docs/REFERENCE.md §4): every closed period before `period` that received rows
    /// after its run, or in which a contract version loaded since (`--retroactive`) is in force, is
    /// recomputed with all rows and terms now known; the difference per line (contract version,
    /// rule, role), net of adjustments already booked for it, becomes an adjustment line naming the
    /// period it corrects. The lines of a replaced version are reversed, those of the new one booked.
    ///
    /// - Parameters:
    ///   - stored: the contract versions known (for `verify`: those its run knew).
    ///   - providers: the providers in force in `period`, the only ones that can book adjustments.
    ///   - facts: how the closed periods' facts are read (`.asParameter` in a preview).
    ///   - pending: adjustment lines per provider to count as booked already besides those in
    ///     closed statements (a preview: the lines the run would book under the stored terms, so
    ///     that only what the files change is left, docs/REFERENCE.md §8).
    /// - Returns: the adjustment lines per provider, in period and line order, and the late facts
    ///   and retroactive versions they come from (part of what the run read).
    ///   - closed: the closed periods' facts, when the caller read them once for several calls.
    func adjustments(before period: Period, maxImportID: Int64, stored: [StoredContract], providers: Set<String>,
                     facts: WindowsSent = .asTable, pending: [String: [StatementLine]] = [:], closed: [ClosedPeriodFacts]? = nil)
        throws -> (lines: [String: [BookedAdjustment]], reading: ClosedPeriodsRead) {
        var adjustments: [String: [BookedAdjustment]] = [:]
        let late = try lateFacts(before: period, maxImportID: maxImportID, stored: stored, providers: providers, closed: closed)
        let booked = late.periods.isEmpty ? [:]
            : try bookedAdjustments(in: late.closed.filter { $0 > late.periods[0].period }, providers: providers)
        for corrected in late.periods {
            let inputs = try RunInputs.gather(store: store, period: corrected.period, maxImportID: maxImportID,
                                              contracts: stored.filter { providers.contains($0.contract.provider.id) },
                                              held: Set(corrected.run.inputs.held), sent: facts,
                                              returnedOnly: Set(corrected.run.inputs.returned.map(\.endToEndId)))
            let recomputed = Dictionary(uniqueKeysWithValues: try compute(corrected.period, inputs: inputs).map { ($0.provider.id, $0) })
            let settled = Dictionary(uniqueKeysWithValues: try store.statements(of: corrected.period, providers: providers)
                .map { ($0.statement.provider.id, $0.statement) })
            for provider in Set(recomputed.keys).union(settled.keys).intersection(providers).sorted() {
                guard let currency = (recomputed[provider] ?? settled[provider])?.currency else { continue }
                let lines = Self.differences(settled: settled[provider]?.lines ?? [], recomputed: recomputed[provider]?.lines ?? [],
                                             booked: (booked[corrected.period]?[provider] ?? [])
                                                + (pending[provider] ?? []).filter { $0.adjusts == corrected.period },
                                             currency: currency,
                                             corrects: corrected.period, cause: corrected.cause(of: provider))
                if !lines.isEmpty { adjustments[provider, default: []] += lines }
            }
        }
        return (adjustments, late.reading)
    }

    /// A closed period to recompute, and why.
    struct CorrectedPeriod {
        let period: Period
        let run: RunRecord
        let hasLateFacts: Bool
        /// The providers whose versions in force in the period changed since its run, with the
        /// versions in force now that the run did not read (`acme-cloud-2026 v3`).
        let retroactive: [String: [ContractVersionName]]

        func cause(of provider: String) -> String {
            let versions = retroactive[provider].map { $0.map(\.description).joined(separator: ", ") + " took effect retroactively" }
            let causes = [hasLateFacts ? "rows that arrived late" : nil, versions].compactMap { $0 }
            return causes.isEmpty ? "a recomputation with the rows and terms now known" : causes.joined(separator: " and ")
        }
    }

    /// The closed periods before `period` that received rows after their run or whose terms in
    /// force changed since (for the providers given), every closed period before it, and what was
    /// read of both (part of what a run reads, so that `close` notices a change since the run).
    func lateFacts(before period: Period, maxImportID: Int64, stored: [StoredContract], providers: Set<String>,
                   closed known: [ClosedPeriodFacts]? = nil)
        throws -> (periods: [CorrectedPeriod], closed: [Period], reading: ClosedPeriodsRead) {
        var periods: [CorrectedPeriod] = []
        var reading = ClosedPeriodsRead()
        let closedFacts = try known ?? closedPeriodFacts(before: period, maxImportID: maxImportID)
        for facts in closedFacts {
            guard let run = facts.run else { continue }
            let (corrected, then, now) = (facts.period, facts.then, facts.now)
            if then != now { reading.lateFacts.append(LateFacts(period: corrected, facts: now)) }
            let retroactive = Self.changedTerms(in: corrected, run: run, stored: stored, providers: providers)
            reading.retroactiveVersions += retroactive.sorted { $0.key < $1.key }.map {
                RetroactiveVersionsRead(period: corrected, provider: $0.key, versions: $0.value)
            }
            guard then != now || !retroactive.isEmpty else { continue }
            periods.append(CorrectedPeriod(period: corrected, run: run, hasLateFacts: then != now, retroactive: retroactive))
        }
        return (periods, closedFacts.map(\.period), reading)
    }

    /// Every closed period before `period`, with its run and its facts as the run read them and as
    /// they are up to `maxImportID`: what `lateFacts` reads whichever providers it is asked about.
    func closedPeriodFacts(before period: Period, maxImportID: Int64) throws -> [ClosedPeriodFacts] {
        try store.periodStatuses().filter { $0.0 < period && $0.1 == .closed }.map(\.0).map { closed in
            guard let run = try store.currentRun(of: closed) else { return ClosedPeriodFacts(period: closed, run: nil) }
            return ClosedPeriodFacts(period: closed, run: run, then: try store.factSummary(closed, maxImportID: run.maxImportID),
                                     now: try store.factSummary(closed, maxImportID: maxImportID))
        }
    }

    /// The providers whose contract windows in `period` differ between the versions its run read
    /// and the versions known now, each with the versions in force now that the run did not read.
    static func changedTerms(in period: Period, run: RunRecord, stored: [StoredContract], providers: Set<String>)
        -> [String: [ContractVersionName]] {
        let read = Set(run.inputs.contracts.map(\.name))
        let byProvider = Dictionary(grouping: stored.map(\.contract).filter { providers.contains($0.provider.id) }, by: \.provider.id)
        var changed: [String: [ContractVersionName]] = [:]
        for (provider, versions) in byProvider {
            func terms(_ versions: [Contract]) -> [String] {
                ContractSchedule(versions: versions).windows(in: period).map { "\($0.contract.id) v\($0.contract.version) \($0.first)" }
            }
            let now = terms(versions)
            guard now != terms(versions.filter { read.contains($0.versionName) }) else { continue }
            changed[provider] = ContractSchedule(versions: versions).windows(in: period).map(\.contract.versionName)
                .filter { !read.contains($0) }
        }
        return changed
    }

    /// The adjustment lines booked in `periods`, by the period they correct and provider; each
    /// period's statements are read once.
    private func bookedAdjustments(in periods: [Period], providers: Set<String>) throws -> [Period: [String: [StatementLine]]] {
        var booked: [Period: [String: [StatementLine]]] = [:]
        for later in periods {
            for statement in try store.statements(of: later, providers: providers).map(\.statement) {
                for line in statement.lines {
                    if let corrected = line.adjusts { booked[corrected, default: [:]][statement.provider.id, default: []].append(line) }
                }
            }
        }
        return booked
    }

    /// One adjustment line per line whose recomputed amount differs from what was settled and
    /// already adjusted; a line of a version no longer in force is reversed (its window as settled
    /// then), a line of a new version booked in full. A line that exists only as an earlier
    /// adjustment (a cap line that a later correction made unnecessary) is taken back too.
    /// A `vat` line is never adjusted: the VAT on a correction is levied in the statement that
    /// books it, on the adjustment lines its self-billed invoice covers (docs/REFERENCE.md §10).
    static func differences(settled: [StatementLine], recomputed allRecomputed: [StatementLine], booked: [StatementLine],
                            currency: Currency, corrects period: Period, cause: String) -> [BookedAdjustment] {
        let settledLines = settled.filter { $0.adjusts == nil && $0.type != .vat }
        let recomputed = allRecomputed.filter { $0.type != .vat }
        var keys: [String] = []
        var template: [String: StatementLine] = [:]
        for line in recomputed + settledLines + booked where template[line.key] == nil {
            keys.append(line.key)
            template[line.key] = line
        }
        func total(_ lines: [StatementLine], _ key: String) -> Money { lines.filter { $0.key == key }.map(\.amount).sum(in: currency) }
        return keys.compactMap { key in
            let now = total(recomputed, key)
            let was = total(settledLines, key)
            let already = total(booked, key)
            let difference = now - was - already
            guard !difference.isZero, let line = template[key] else { return nil }
            let origin = AdjustmentOrigin(corrects: period, settled: was, alreadyAdjusted: already, now: now, cause: cause)
            return BookedAdjustment(line: StatementLine(
                rule: line.rule, type: line.type, contract: line.contract, version: line.version, role: line.role,
                basis: nil, rate: nil, amount: difference, explanation: Explain.adjustment(origin, rule: line.rule),
                first: line.first, last: line.last, isCharge: line.isCharge, adjusts: period), origin: origin)
        }
    }
}

/// A closed period, its run (none: never run) and its facts as the run read them and as they are now.
struct ClosedPeriodFacts {
    let period: Period
    let run: RunRecord?
    var then = FactSummary.empty
    var now = FactSummary.empty
}

/// A prior-period adjustment line and why it was booked (`nil`: carried over from a draft).
struct BookedAdjustment {
    let line: StatementLine
    let origin: AdjustmentOrigin?
}

/// What a run read of the closed periods before its own: their late facts and retroactive versions.
struct ClosedPeriodsRead {
    var lateFacts: [LateFacts] = []
    var retroactiveVersions: [RetroactiveVersionsRead] = []

    /// `inputs` with this added: everything the run read.
    func added(to inputs: RecordedInputs) -> RecordedInputs {
        var all = inputs
        all.lateFacts = lateFacts
        all.retroactiveVersions = retroactiveVersions
        return all
    }
}
