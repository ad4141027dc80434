public import SettleCore
import SettleStore

extension MonthEnd {
    /// Recomputes a closed period from exactly what its run read (the same rows, contract versions
    /// and holds) and compares the result with the stored statements.
    ///
    /// - Returns: the differences, one sentence each; empty when the period is proven intact.
    public func verify(_ period: Period) throws -> [String] {
        try store.requireCurrentSchema()
        return try store.transaction(.repeatableRead) {
            guard try store.status(of: period) == .closed, let run = try store.currentRun(of: period) else {
                throw MonthEndError("\(period) is not closed; only a closed period can be verified.")
            }
            var differences: [String] = []
            if let tampered = try store.statementsTampered(in: period) { differences.append(tampered) }
            if let tampered = try store.runRecordTampered(in: period) { differences.append(tampered) }
            // The rollups a run reads must still be the sums of the rows they stand for.
            differences += try store.rollupDifferences(period, maxImportID: run.maxImportID)
            let stored = Dictionary(try store.storedContracts().map { ("\($0.contract.id) \($0.contract.version)", $0) },
                                    uniquingKeysWith: { first, _ in first })
            var used: [StoredContract] = []
            for (id, version, hash) in run.inputs.contracts.map({ ($0.id, $0.version, $0.contentHash) }) {
                guard let contract = stored["\(id) \(version)"] else {
                    differences.append("contract \(id) version \(version), used by the run, is no longer stored")
                    continue
                }
                if contract.contentHash != hash {
                    differences.append("contract \(id) version \(version) has other content than when the run read it")
                }
                used.append(contract)
            }
            let inputs = try RunInputs.gather(store: store, period: period, maxImportID: run.maxImportID,
                                              contracts: used, held: Set(run.inputs.held),
                                              returnedOnly: Set(run.inputs.returned.map(\.endToEndId)))
            // The terms its run knew: a version loaded retroactively since is not part of this period.
            let late = try adjustments(before: period, maxImportID: run.maxImportID, stored: used,
                                       providers: Set(inputs.contractsByProvider.keys))
            let reads = late.reading.added(to: inputs.recorded)
            if reads != run.inputs {
                let changed = reads.differences(from: run.inputs).joined(separator: ", ")
                differences.append("what the run read has changed (\(changed))")
            }
            let recomputed = try compute(period, inputs: inputs, adjustments: late.lines)
            differences += Self.compare(stored: try store.statements(of: period), recomputed: recomputed)
            return differences
        }
    }

    /// Every difference between stored and recomputed statements, by provider and field.
    static func compare(stored: [StoredStatement], recomputed: [Statement]) -> [String] {
        var differences: [String] = []
        let storedByID = Dictionary(uniqueKeysWithValues: stored.map { ($0.statement.provider.id, $0) })
        let recomputedByID = Dictionary(uniqueKeysWithValues: recomputed.map { ($0.provider.id, $0) })
        for id in Set(storedByID.keys).union(recomputedByID.keys).sorted() {
            guard let kept = storedByID[id] else { differences.append("\(id): no statement stored, but one is due"); continue }
            guard let fresh = recomputedByID[id] else { differences.append("\(id): a statement is stored, but none is due"); continue }
            let before = differences.count
            let names = ["earnings", "charges", "period_net", "opening_balance", "payout", "closing_balance", "on_hold"]
            let storedColumns = kept.columns
            let freshColumns = StoredStatement.columns(of: fresh)
            let documentColumns = StoredStatement.columns(of: kept.statement)
            for (index, name) in names.enumerated() {
                if storedColumns[index] != freshColumns[index] {
                    differences.append("\(id): \(name) stored \(storedColumns[index]), recomputed \(freshColumns[index])")
                } else if documentColumns[index] != freshColumns[index] {
                    differences.append("\(id): \(name) in the stored document \(documentColumns[index]), recomputed \(freshColumns[index])")
                }
            }
            for (index, (old, new)) in zip(kept.statement.lines, fresh.lines).enumerated() where old != new {
                differences.append("\(id): line \(index + 1) (\(new.rule)) stored \(old.amount), recomputed \(new.amount)"
                                   + (old.amount == new.amount ? " (other details differ)" : ""))
            }
            if kept.statement.lines.count != fresh.lines.count {
                differences.append("\(id): \(kept.statement.lines.count) lines stored, \(fresh.lines.count) recomputed")
            }
            if differences.count == before, kept.statement != fresh {
                differences.append("\(id): the stored statement differs from the recomputed one")
            }
        }
        return differences
    }
}
