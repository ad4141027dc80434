public import SettleContracts
public import SettleCore
public import SettleStore

/// `settle contracts list`, `show` and `diff`: the stored contracts as a partner manager asks about
/// them (docs/REFERENCE.md §8). Reads only.
public enum ContractInsight {
    /// One stored contract and the days each of its versions is in force.
    public struct Listing: Sendable {
        public let contract: String
        public let provider: Provider
        public let currency: Currency
        /// Each version with its first day and last day in force (`nil`: until replaced), by version.
        public let versions: [(version: Int, first: Day, last: Day?)]
        /// The version in force on the day asked about, if any.
        public let inForce: Int?
    }

    /// Every stored contract, by id, with which version is in force on `day`.
    public static func list(store: Store, on day: Day) throws -> [Listing] {
        let stored = try store.storedContracts().map(\.contract)
        return Dictionary(grouping: stored, by: \.id).sorted { $0.key < $1.key }.compactMap { id, versions in
            guard let latest = versions.max(by: { $0.version < $1.version }) else { return nil }
            let terms = ContractSchedule(versions: versions).terms.sorted { $0.contract.version < $1.contract.version }
            return Listing(contract: id, provider: latest.provider, currency: latest.currency,
                           versions: terms.map { ($0.contract.version, $0.first, $0.last) },
                           inForce: terms.first { $0.includes(day) }?.contract.version)
        }
    }

    /// The version of contract `id` in force on `day`, with where it was loaded from.
    ///
    /// - Throws: `OperationError` when no such contract is stored, or none of its versions is in
    ///   force that day (naming the days they are).
    public static func version(store: Store, contract id: String, on day: Day) throws -> StoredContract {
        let versions = try versions(store: store, contract: id)
        let terms = ContractSchedule(versions: versions.map(\.contract)).terms
        guard let term = terms.first(where: { $0.includes(day) }),
              let stored = versions.first(where: { $0.contract.version == term.contract.version }) else {
            let spans = terms.map { "version \($0.contract.version) from \($0.first)" + ($0.last.map { " to \($0)" } ?? "") }
            throw OperationError("No version of \(id) is in force on \(day) (\(spans.joinedInWords)); give another day with --on.")
        }
        return stored
    }

    /// Versions `from` and `to` of contract `id` (by default its last two) and what changes
    /// between them, term by term.
    public static func diff(store: Store, contract id: String, from: Int?, to: Int?) throws
        -> (old: Contract, new: Contract, changes: [String]) {
        let versions = try versions(store: store, contract: id).map(\.contract).sorted { $0.version < $1.version }
        func find(_ number: Int) throws -> Contract {
            guard let found = versions.first(where: { $0.version == number }) else {
                throw OperationError("\(id) has no version \(number); its versions are \(versions.map { String($0.version) }.joinedInWords).")
            }
            return found
        }
        let new = try to.map(find) ?? versions[versions.count - 1]
        let old = try from.map(find) ?? versions.last { $0.version < new.version }
        guard let old else {
            throw OperationError("\(id) has no version before version \(new.version), so there is nothing to compare it with; `settle contracts show \(id)` shows its terms.")
        }
        return (old, new, ContractTerms.changes(from: old, to: new))
    }

    /// What each contract file changes against the stored version it amends (the latest stored
    /// version below its own); a new contract is all new.
    public static func diff(files catalog: ContractCatalog, store: Store) throws
        -> [(file: String, old: Contract?, new: Contract, changes: [String])] {
        let stored = try store.storedContracts().map(\.contract)
        return catalog.contracts.map { sourced in
            let new = sourced.contract
            let old = stored.filter { $0.id == new.id && $0.version < new.version }.max { $0.version < $1.version }
            let changes = old.map { ContractTerms.changes(from: $0, to: new) }
                ?? ContractTerms.terms(of: new).map { "\($0.name): \($0.words)" }
            return (sourced.file, old, new, changes)
        }
    }

    private static func versions(store: Store, contract id: String) throws -> [StoredContract] {
        let stored = try store.storedContracts()
        let versions = stored.filter { $0.contract.id == id }
        guard !versions.isEmpty else {
            let hint = Suggestion.didYouMean(id, in: Set(stored.map(\.contract.id)))
            throw OperationError("No contract \(id) is stored\(hint)\(hint.isEmpty ? ";" : "") `settle contracts list` shows them.")
        }
        return versions
    }
}
