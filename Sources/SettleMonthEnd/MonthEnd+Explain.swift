public import SettleCore
import SettleStore

extension MonthEnd {
    /// Recomputes one provider's statement of a computed or closed period from exactly what its
    /// run read (rows up to its newest import, the contract versions and holds it recorded, the
    /// adjustments it booked), with every line's derivation: a closed period explains what was
    /// settled then. The recomputation must equal the stored statement, or nothing is explained.
    ///
    /// - Parameter ruleLines: where each rule of a stored version's text is written.
    public func explain(_ period: Period, provider: String, ruleLines: (String) -> [String: Int]) throws -> Explanation {
        try store.requireCurrentSchema()
        return try store.transaction(.repeatableRead) { try explanation(period, provider: provider, ruleLines: ruleLines).0 }
    }

    /// Writes the rows behind `rule`'s lines in `provider`'s statement of `period` as CSV (no
    /// header: `header` gets the column names first) to `write`, as its run read them; prior-period
    /// adjustment lines have none.
    ///
    /// - Returns: the number of rows written.
    @discardableResult
    public func copyRows(of rule: String, period: Period, provider: String, header: ([String]) throws -> Void,
                         to write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try store.requireCurrentSchema()
        return try store.transaction(.repeatableRead) {
            let (explanation, run) = try explanation(period, provider: provider, ruleLines: { _ in [:] })
            let lines = zip(explanation.statement.lines, explanation.explained.derivations).filter { $0.0.rule == rule }
            guard !lines.isEmpty else { throw Self.unknownRule(rule, in: explanation) }
            let selections = lines.compactMap { line, derivation -> RuleRowSelection? in
                let name = "\(line.version)" + (line.role.map { "/" + $0 } ?? "")
                switch derivation.detail {
                case let .revenue(rule, role, _, _):
                    let quantities: Bool, streams: [String]
                    switch rule.kind {
                    case let .perUnit(names, _): (quantities, streams) = (true, names)
                    case let .revenueShare(names, _), let .discount(names, _, _): (quantities, streams) = (false, names)
                    case .volumeBonus, .fixed: return nil
                    }
                    return RuleRowSelection(line: name, first: derivation.first, last: derivation.last,
                                            kind: .revenue(streams: streams, role: role, currency: explanation.statement.currency,
                                                           quantities: quantities))
                case let .volumeBonus(rule, _):
                    guard case let .volumeBonus(bonus) = rule.kind else { return nil }
                    return RuleRowSelection(line: name, first: derivation.first, last: derivation.last,
                                            kind: .hours(gpuTypes: bonus.gpuTypes))
                case .fixed, .limit, .adjustment, .vat:
                    return nil
                }
            }
            guard !selections.isEmpty else {
                throw MonthEndError("\(rule) in \(provider)'s statement for \(period) reads no rows (a fixed amount, a limit, a prior-period adjustment or VAT); `settle explain \(period) \(provider) --rule \(rule)` shows how it came about.")
            }
            let isRevenue = selections.contains { if case .revenue = $0.kind { true } else { false } }
            try header(isRevenue ? Store.revenueRowColumns : Store.hoursRowColumns)
            return try store.copyRuleRows(provider: provider, period: period, maxImportID: run.maxImportID, selections, to: write)
        }
    }

    static func unknownRule(_ rule: String, in explanation: Explanation) -> MonthEndError {
        let rules = explanation.statement.lines.map(\.rule).uniqued
        return MonthEndError("\(explanation.statement.provider.id)'s statement for \(explanation.statement.period) has no line of rule '\(rule)'; its rules are \(rules.joinedInWords).")
    }

    /// The explanation, inside the caller's transaction, with the run it explains.
    private func explanation(_ period: Period, provider: String, ruleLines: (String) -> [String: Int]) throws
        -> (Explanation, RunRecord) {
        guard let status = try store.status(of: period), let run = try store.currentRun(of: period) else {
            throw MonthEndError("\(period) has not been run; run it with `settle run \(period)` first.")
        }
        guard let stored = try store.statements(of: period, providers: [provider]).first?.statement else {
            throw MonthEndError("\(provider) has no statement for \(period): no contract of it was in force in the period, or no such provider exists (see `settle contracts list`).")
        }
        let read = Set(run.inputs.contracts.map(\.name))
        let used = try store.storedContracts(of: [provider]).filter { read.contains($0.contract.versionName) }
        let inputs = try RunInputs.gather(store: store, period: period, maxImportID: run.maxImportID, contracts: used,
                                          held: Set(run.inputs.held),
                                          returnedOnly: Set(run.inputs.returned.map(\.endToEndId)))
        let late = try adjustments(before: period, maxImportID: run.maxImportID, stored: used, providers: [provider])
        guard let input = Self.settlementInputs(period, inputs: inputs, adjustments: late.lines).first,
              let explained = try Settlement.explained(for: input) else {
            throw MonthEndError("\(provider)'s statement for \(period) could not be recomputed from what its run read; run `settle verify \(period)`.")
        }
        guard explained.statement == stored else {
            let remedy = status == .closed ? "run `settle verify \(period)`" : "run it again with `settle run \(period)`"
            throw MonthEndError("\(provider)'s stored statement for \(period) differs from a recomputation of what its run read, so it cannot be explained; \(remedy).")
        }
        let names = Set(stored.lines.map { ContractVersionName(id: $0.contract, version: $0.version) })
        let versions = try used.filter { names.contains($0.contract.versionName) }.map { version in
            ExplainedVersion(id: version.contract.id, version: version.contract.version, sourceFile: version.sourceFile,
                             contentHash: version.contentHash,
                             ruleLines: try store.contractSourceText(id: version.contract.id, version: version.contract.version)
                                 .map(ruleLines) ?? [:])
        }
        let terms = used.map(\.contract).first { $0.id == stored.contract && $0.version == stored.version }
        let holdReason = stored.onHold ? try store.providers().first { $0.id == provider }?.holdReason : nil
        return (Explanation(status: status == .closed ? .closed : .draft, explained: explained, versions: versions,
                           openingBalanceFrom: try store.openingBalanceSource(of: provider, before: period),
                           minimumPayout: terms?.payment.minimumPayout ?? .zero,
                           minimumPayoutApplies: !input.schedule.endsFinally(in: period),
                           holdReason: holdReason,
                           unsettled: try store.unsettled(of: period).filter { $0.provider == provider }.map(\.item)), run)
    }
}
