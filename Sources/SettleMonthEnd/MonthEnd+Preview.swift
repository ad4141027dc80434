public import SettleCore
public import SettleStore

extension MonthEnd {
    /// The most periods one preview compares: each is a run's worth of reading.
    public static let previewPeriodLimit = 36

    /// What contract versions not loaded yet would change (`settle preview`, docs/REFERENCE.md §8),
    /// computed by the run's own engine over the stored versions plus `versions`, for the
    /// providers they concern:
    ///
    /// - a closed period is recomputed as a run recomputes a corrected period (all rows now known,
    ///   the holds its run read), keeping the adjustment lines it booked itself;
    /// - an open period is computed as its run would be, with the holds now plus `holds`, and the
    ///   period after the last closed one carries the adjustment lines its run books under the
    ///   stored terms; later ones start from the proposed closing balances before them;
    /// - `adjustments` are the lines that loading the versions (`--retroactive`) makes that run book
    ///   besides: `differences` over the corrected periods, net of what is booked already and of
    ///   what the run books under the stored terms. So each is listed once, never in a proposed
    ///   statement.
    ///
    /// Call inside a `.readOnlySnapshot` transaction: it refuses to run otherwise, and reads the
    /// facts without the temporary table a run uses (`WindowsSent.asParameter`).
    ///
    /// - Parameters:
    ///   - versions: the versions not stored yet (`Store.unloaded`), checked against the stored ones.
    ///   - holds: the payee holds loading them would put on (`Store.payeeHolds`).
    ///   - from: the first period (default: the earliest `effective` of `versions`).
    ///   - to: the last (default: the latest period with a run, else today's; not before `from`).
    /// - Throws: `MonthEndError` for a range that is empty or longer than `previewPeriodLimit`, or
    ///   when a period cannot be computed (missing FX rates, negative hours).
    public func preview(_ versions: [StoredContract], holds: [(provider: String, reason: String)], from: Period?, to: Period?,
                        today: Day) throws -> ContractChangePreview {
        try store.requireReadOnlyTransaction()
        let stored = try store.storedContracts()
        let proposed = stored + versions
        let providers = Set(versions.map(\.contract.provider.id))
        let statuses = Dictionary(try store.periodStatuses(), uniquingKeysWith: { $1 })
        let maxImportID = try store.maxImportID()
        let bookedIn = statuses.filter { $0.value == .closed }.keys.max()?.next
        var pending: [String: [StatementLine]] = [:], caused: [String: [StatementLine]] = [:]
        if let bookedIn {
            (pending, caused) = try previewAdjustments(in: bookedIn, stored: stored, proposed: proposed,
                                                       providers: providers, maxImportID: maxImportID)
        }
        guard let range = try Self.previewRange(versions.map(\.contract), from: from, to: to,
                                                latestRun: statuses.keys.max(), today: today) else {
            return ContractChangePreview(versions: [], periods: [], adjustments: [], bookedIn: bookedIn, holds: [])
        }
        let heldNow = try store.heldProviders().union(holds.map(\.provider))
        var periods: [ContractChangePreview.PeriodComparison] = []
        var carried: [String: Rational] = [:]
        var period = range.lowerBound
        while period <= range.upperBound {
            let status = statuses[period]?.statementStatus
            let current = Dictionary(uniqueKeysWithValues: try store.statements(of: period, providers: providers)
                .map { ($0.statement.provider.id, $0.statement) })
            let facts = try store.factSummary(period, maxImportID: maxImportID)
            guard facts.revenue.rows > 0 || facts.hours.rows > 0 || !current.isEmpty else {
                periods.append(.init(period: period, status: status, hasFacts: false, statements: []))
                period = period.next
                continue
            }
            let computed = try proposedStatements(
                period, closed: status == .closed, contracts: proposed.filter { providers.contains($0.contract.provider.id) },
                current: current, heldNow: heldNow, carried: carried,
                adjustments: period == bookedIn ? pending : [:], bringsBackReturned: period == bookedIn, maxImportID: maxImportID)
            if status != .closed { for (provider, statement) in computed { carried[provider] = statement.closingBalance.value } }
            let compared = Set(current.keys).union(computed.keys).sorted().compactMap { provider in
                (computed[provider] ?? current[provider]).map {
                    StatementComparison(provider: provider, currency: $0.currency, current: current[provider],
                                        currentStatus: current[provider] == nil ? nil : status, proposed: computed[provider])
                }
            }
            periods.append(.init(period: period, status: status, hasFacts: true, statements: compared))
            period = period.next
        }
        let adjustments = caused.sorted { $0.key < $1.key }.flatMap { provider, lines in
            lines.map { ContractChangePreview.Adjustment(provider: provider, line: $0) }
        }
        return ContractChangePreview(versions: versions.map(\.contract), periods: periods, adjustments: adjustments,
                                     bookedIn: bookedIn, holds: holds)
    }

    /// The proposed statements of one period, by provider. A closed period keeps the adjustment
    /// lines it booked (they correct earlier periods and stay as booked) and the holds its run
    /// read; an open one gets `adjustments` and the holds now, and starts from `carried` balances.
    /// Payouts owed again (docs/REFERENCE.md §9) come back as their run read them in a closed
    /// period, and only in the first open one (`bringsBackReturned`): later ones carry them.
    private func proposedStatements(_ period: Period, closed: Bool, contracts: [StoredContract], current: [String: Statement],
                                    heldNow: Set<String>, carried: [String: Rational], adjustments: [String: [StatementLine]],
                                    bringsBackReturned: Bool, maxImportID: Int64) throws -> [String: Statement] {
        var inputs: RunInputs
        var booked = adjustments
        if closed {
            let run = try store.currentRun(of: period)
            inputs = try RunInputs.gather(store: store, period: period, maxImportID: maxImportID, contracts: contracts,
                                          held: run.map { Set($0.inputs.held) } ?? heldNow, sent: .asParameter,
                                          returnedOnly: Set(run?.inputs.returned.map(\.endToEndId) ?? []))
            booked = current.mapValues { $0.lines.filter { $0.adjusts != nil } }
        } else {
            inputs = try RunInputs.gather(store: store, period: period, maxImportID: maxImportID, contracts: contracts,
                                          held: heldNow, sent: .asParameter, returnedOnly: bringsBackReturned ? nil : [])
            inputs = inputs.opening(with: carried)
        }
        let lines = booked.mapValues { $0.map { BookedAdjustment(line: $0, origin: nil) } }
        return Dictionary(uniqueKeysWithValues: try compute(period, inputs: inputs, adjustments: lines).map { ($0.provider.id, $0) })
    }

    /// The adjustment lines the run of `period` books for `providers` under the stored terms
    /// (`pending`), and those it would book besides with the proposed ones (`caused`).
    private func previewAdjustments(in period: Period, stored: [StoredContract], proposed: [StoredContract],
                                    providers: Set<String>, maxImportID: Int64)
        throws -> (pending: [String: [StatementLine]], caused: [String: [StatementLine]]) {
        func inForce(_ versions: [StoredContract]) -> Set<String> {
            let byProvider = Dictionary(grouping: versions.map(\.contract), by: \.provider.id).filter { providers.contains($0.key) }
            return Set(byProvider.filter { !ContractSchedule(versions: $0.value).windows(in: period).isEmpty }.keys)
        }
        let pending = try adjustments(before: period, maxImportID: maxImportID, stored: stored, providers: inForce(stored),
                                      facts: .asParameter).lines.mapValues { $0.map(\.line) }
        let caused = try adjustments(before: period, maxImportID: maxImportID, stored: proposed, providers: inForce(proposed),
                                     facts: .asParameter, pending: pending).lines.mapValues { $0.map(\.line) }
        return (pending, caused)
    }

    /// The periods a preview compares (docs/REFERENCE.md §8); `nil` when there are no versions.
    ///
    /// - Throws: `MonthEndError` when `from` is after `to`, or the range is longer than
    ///   `previewPeriodLimit`.
    static func previewRange(_ versions: [Contract], from: Period?, to: Period?, latestRun: Period?, today: Day) throws
        -> ClosedRange<Period>? {
        guard let reached = versions.map(\.effective.period).min() else { return nil }
        let first = from ?? reached
        let last = to ?? max(latestRun ?? today.period, first)
        guard first <= last else {
            throw MonthEndError(from == nil
                ? "The files take effect from \(reached), after --to \(last); give a later --to, or an earlier --from."
                : "--from \(first) is after --to \(last); give --from no later than --to.")
        }
        var count = 1, period = first
        while period < last { count += 1; period = period.next }
        guard count <= previewPeriodLimit else {
            throw MonthEndError("\(first) to \(last) is \(count) periods; a preview covers at most \(previewPeriodLimit). Give a shorter --from and --to.")
        }
        return first...last
    }
}
