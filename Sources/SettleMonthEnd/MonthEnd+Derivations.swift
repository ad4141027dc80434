public import SettleCore
import SettleStore

/// A stored statement with what its page shows besides its lines: each line's derivation and the
/// provider's contract versions.
public struct DerivedStatement: Sendable {
    public let statement: Statement
    /// `derivations[i]` explains line i; `nil` when the recomputation differs from the stored
    /// statement (the provider is then among the unexplained).
    public let derivations: [Derivation]?
    /// Every stored version of the provider's contracts.
    public let contracts: [Contract]
}

extension MonthEnd {
    /// The most providers whose statements, contracts, facts and derivations are held at once.
    public static let derivationBatch = 1_000

    /// Every stored statement of a computed or closed period with the derivation of each line,
    /// recomputed from exactly what its run read (as `explain` does), handed to `body` in batches of
    /// at most `batchSize` providers in provider order, so that memory stays flat however many
    /// providers there are. All batches read one snapshot.
    ///
    /// - Parameter body: a batch, and the number of statements of the period.
    /// - Returns: the providers whose recomputation differs from their stored statement, sorted
    ///   (`settle verify` says why).
    public func derivedStatements(of period: Period, batchSize: Int = derivationBatch,
                                  _ body: (_ batch: [DerivedStatement], _ total: Int) throws -> Void) throws -> [String] {
        precondition(batchSize > 0, "a batch holds at least one provider")
        try store.requireCurrentSchema()
        return try store.transaction(.repeatableRead) {
            guard let run = try store.currentRun(of: period) else {
                throw MonthEndError("\(period) has not been run; run it with `settle run \(period)` first.")
            }
            let closed = try closedPeriodFacts(before: period, maxImportID: run.maxImportID)
            let providers = try store.statementProviders(of: period)
            var unexplained: [String] = []
            for start in stride(from: 0, to: providers.count, by: batchSize) {
                let batch = Set(providers[start..<min(start + batchSize, providers.count)])
                let derived = try derivedStatements(of: period, providers: batch, run: run, closed: closed)
                unexplained += derived.filter { $0.derivations == nil }.map(\.statement.provider.id)
                try body(derived, providers.count)
            }
            return unexplained.sorted()
        }
    }

    /// One batch: each provider's settlement depends only on its own contracts, facts, balance and
    /// adjustments, so a batch recomputes exactly what the whole period would for its providers.
    private func derivedStatements(of period: Period, providers: Set<String>, run: RunRecord,
                                   closed: [ClosedPeriodFacts]) throws -> [DerivedStatement] {
        let statements = try store.statements(of: period, providers: providers).map(\.statement)
        let contracts = try store.storedContracts(of: providers)
        let read = Set(run.inputs.contracts.map(\.name))
        let used = contracts.filter { read.contains($0.contract.versionName) }
        let inputs = try RunInputs.gather(store: store, period: period, maxImportID: run.maxImportID, contracts: used,
                                          held: Set(run.inputs.held), record: false,
                                          returnedOnly: Set(run.inputs.returned.map(\.endToEndId)))
        let late = try adjustments(before: period, maxImportID: run.maxImportID, stored: used,
                                   providers: Set(inputs.contractsByProvider.keys), closed: closed)
        let explained = Dictionary(uniqueKeysWithValues: try Self.settlementInputs(period, inputs: inputs, adjustments: late.lines)
            .concurrentMap { input in (input.providerID, try Settlement.explained(for: input)) })
        let versions = Dictionary(grouping: contracts.map(\.contract), by: \.provider.id)
        return statements.map { statement in
            let id = statement.provider.id
            let recomputed = explained[id] ?? nil
            return DerivedStatement(statement: statement,
                                    derivations: recomputed?.statement == statement ? recomputed?.derivations : nil,
                                    contracts: versions[id] ?? [])
        }
    }
}
