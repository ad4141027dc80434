import SettleCore
import SettleStore

extension MonthEnd {
    /// Prior-period adjustments (SPEC §4): every closed period before `period` that received rows
    /// after its run is recomputed with all rows now known, with the contract versions it was
    /// settled with; the difference per line (contract version, rule, role), net of adjustments
    /// already booked for it, becomes an adjustment line naming the period it corrects.
    ///
    /// - Returns: the adjustment lines per provider, in period and line order, and a summary of the
    ///   late facts they come from (part of what the run read).
    func adjustments(before period: Period, maxImportID: Int64, stored: [StoredContract])
        throws -> (lines: [String: [StatementLine]], summary: String) {
        var adjustments: [String: [StatementLine]] = [:]
        let late = try lateFacts(before: period, maxImportID: maxImportID)
        let booked = late.periods.isEmpty ? [:] : try bookedAdjustments(in: late.closed.filter { $0 > late.periods[0].0 })
        for (corrected, run) in late.periods {
            let recorded = RunInputs.parse(run.inputs)
            let versions = stored.filter { contract in
                recorded.versions.contains { $0.0 == contract.contract.id && $0.1 == contract.contract.version }
            }
            let inputs = try RunInputs.gather(store: store, period: corrected, maxImportID: maxImportID,
                                              contracts: versions, held: recorded.held)
            let recomputed = Dictionary(uniqueKeysWithValues: try compute(corrected, inputs: inputs).map { ($0.provider.id, $0) })
            let settled = try store.statements(of: corrected).map(\.statement)
            for original in settled {
                guard let fresh = recomputed[original.provider.id] else { continue }
                let lines = Self.differences(original: original, recomputed: fresh,
                                             booked: booked[corrected]?[original.provider.id] ?? [], corrects: corrected)
                if !lines.isEmpty { adjustments[original.provider.id, default: []] += lines }
            }
        }
        return (adjustments, late.summary)
    }

    /// The closed periods before `period` that received rows after their run (with that run), every
    /// closed period before it, and the summary of the late facts (part of what a run reads).
    func lateFacts(before period: Period, maxImportID: Int64)
        throws -> (periods: [(Period, RunRecord)], closed: [Period], summary: String) {
        var periods: [(Period, RunRecord)] = []
        var summary: [String] = []
        let closed = try store.periodStatuses().filter { $0.0 < period && $0.1 == .closed }.map(\.0)
        for corrected in closed {
            guard let run = try store.currentRun(of: corrected) else { continue }
            let then = try store.factSummary(corrected, maxImportID: run.maxImportID).text
            let now = try store.factSummary(corrected, maxImportID: maxImportID).text
            guard then != now else { continue }
            summary.append("late facts for \(corrected): " + now.split(separator: "\n").joined(separator: "; "))
            periods.append((corrected, run))
        }
        return (periods, closed, summary.joined(separator: "\n"))
    }

    /// The adjustment lines booked in `periods`, by the period they correct and provider; each
    /// period's statements are read once.
    private func bookedAdjustments(in periods: [Period]) throws -> [Period: [String: [StatementLine]]] {
        var booked: [Period: [String: [StatementLine]]] = [:]
        for later in periods {
            for statement in try store.statements(of: later).map(\.statement) {
                for line in statement.lines {
                    if let corrected = line.adjusts { booked[corrected, default: [:]][statement.provider.id, default: []].append(line) }
                }
            }
        }
        return booked
    }

    /// One adjustment line per line whose recomputed amount differs from what was settled and
    /// already adjusted.
    static func differences(original: Statement, recomputed: Statement, booked: [StatementLine],
                            corrects period: Period) -> [StatementLine] {
        let settledLines = original.lines.filter { $0.adjusts == nil }
        var keys: [String] = []
        var template: [String: StatementLine] = [:]
        for line in recomputed.lines + settledLines where template[line.key] == nil {
            keys.append(line.key)
            template[line.key] = line
        }
        let currency = original.currency
        func total(_ lines: [StatementLine], _ key: String) -> Money { lines.filter { $0.key == key }.map(\.amount).sum(in: currency) }
        return keys.compactMap { key in
            let now = total(recomputed.lines, key)
            let was = total(settledLines, key)
            let already = total(booked, key)
            let difference = now - was - already
            guard !difference.isZero, let line = template[key] else { return nil }
            let alreadyText = already.isZero ? "" : ", \(already.grouped) \(currency) already adjusted"
            return StatementLine(
                rule: line.rule, type: line.type, contract: line.contract, version: line.version, role: line.role,
                basis: nil, rate: nil, amount: difference,
                explanation: "prior-period adjustment for \(period): \(line.rule) is now \(now.grouped) \(currency) "
                    + "(settled \(was.grouped) \(currency)\(alreadyText)) after rows that arrived late",
                first: line.first, last: line.last, isCharge: line.isCharge, adjusts: period)
        }
    }
}
