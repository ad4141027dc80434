import SettleCore
import SettleStore

/// Everything one run reads, and its canonical summary (what `close` compares and the fingerprint
/// hashes): fact counts and sums, FX rates, contract versions with their content hashes, holds and
/// opening balances.
struct RunInputs {
    let facts: PeriodFacts
    let contractsByProvider: [String: [Contract]]
    /// The contract windows of the providers read, as the store takes them.
    let windows: [(provider: String, first: Day, last: Day)]
    let held: Set<String>
    let openingBalances: [String: Rational]
    let factSummary: FactSummary
    let summary: String

    /// - Parameters:
    ///   - contracts: the contract versions to settle with (all stored ones for a run).
    ///   - held: the providers on hold (for a run, as stored now).
    ///   - loadFacts: false when only the summary is needed (close).
    static func gather(store: Store, period: Period, maxImportID: Int64, contracts stored: [StoredContract],
                       held: Set<String>? = nil, loadFacts: Bool = true, draft: DraftSums = .untouched) throws -> RunInputs {
        let (inForce, windows) = inForceContracts(stored, in: period)
        let held = try held ?? store.heldProviders().intersection(inForce.keys)
        let balances = try store.openingBalances(before: period).filter { inForce.keys.contains($0.key) }
        let facts = loadFacts ? try store.periodFacts(period, maxImportID: maxImportID, windows: windows, draft: draft)
            : PeriodFacts()
        let factSummary = try store.factSummary(period, maxImportID: maxImportID)
        let versions = stored.filter { inForce.keys.contains($0.contract.provider.id) }
            .map { "\($0.contract.id) v\($0.contract.version) \($0.contentHash)" }
        let summary = [
            "period \(period)",
            factSummary.text,
            "contracts " + versions.joined(separator: ", "),
            heldLine(held),
            "opening " + balances.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
        ].joined(separator: "\n")
        return RunInputs(facts: facts, contractsByProvider: inForce, windows: windows, held: held, openingBalances: balances,
                         factSummary: factSummary, summary: summary)
    }

    /// The inputs of some providers only (`stored` holds just their contracts), for a re-run that
    /// recomputes them and keeps the others; `summary` is the whole run's, built by the caller.
    static func gather(store: Store, period: Period, maxImportID: Int64, only stored: [StoredContract],
                       held: Set<String>, draftImportID: Int64, factSummary: FactSummary, summary: String) throws -> RunInputs {
        let (inForce, windows) = inForceContracts(stored, in: period)
        let balances = try store.openingBalances(before: period).filter { inForce.keys.contains($0.key) }
        let facts = try store.periodFacts(period, maxImportID: maxImportID, windows: windows,
                                          draft: .update(importsAbove: draftImportID))
        return RunInputs(facts: facts, contractsByProvider: inForce, windows: windows,
                         held: held.intersection(inForce.keys), openingBalances: balances,
                         factSummary: factSummary, summary: summary)
    }

    /// The providers with a contract in force in `period`, with their versions, and their windows.
    private static func inForceContracts(_ stored: [StoredContract], in period: Period)
        -> ([String: [Contract]], [(provider: String, first: Day, last: Day)]) {
        var windows: [(provider: String, first: Day, last: Day)] = []
        let inForce = Dictionary(grouping: stored.map(\.contract), by: \.provider.id).filter { provider, versions in
            let providerWindows = ContractSchedule(versions: versions).windows(in: period)
            windows += providerWindows.map { (provider, $0.first, $0.last) }
            return !providerWindows.isEmpty
        }
        return (inForce, windows)
    }

    static func heldLine(_ held: Set<String>) -> String { "held " + held.sorted().joined(separator: ", ") }

    /// A recorded summary with new fact lines and holds; every other line (contracts, opening
    /// balances, late facts) as it was.
    static func updating(_ summary: String, facts: FactSummary, held: Set<String>) -> String {
        var factLines = facts.text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        return summary.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("revenue ") || line.hasPrefix("hours ") || line == "fx" || line.hasPrefix("fx ") {
                return String(factLines.next()!)
            }
            return line.hasPrefix("held ") ? heldLine(held) : String(line)
        }.joined(separator: "\n")
    }

    /// The contract versions (`id`, `version`) and the providers on hold that a summary names.
    static func parse(_ summary: String) -> (versions: [(String, Int, String)], held: Set<String>) {
        var versions: [(String, Int, String)] = []
        var held: Set<String> = []
        for line in summary.split(separator: "\n") {
            if line.hasPrefix("contracts ") {
                for item in line.dropFirst("contracts ".count).split(separator: ",") {
                    let parts = item.split(separator: " ")
                    if parts.count == 3, let version = Int(parts[1].dropFirst()) {
                        versions.append((String(parts[0]), version, String(parts[2])))
                    }
                }
            } else if line.hasPrefix("held ") {
                held = Set(line.dropFirst("held ".count).split(separator: ", ").map(String.init))
            }
        }
        return (versions, held)
    }

    /// The lines of two summaries that differ, for a message: `revenue rows=12 ... -> revenue rows=14 ...`.
    static func difference(_ before: String, _ after: String) -> String {
        let old = before.split(separator: "\n"), new = after.split(separator: "\n")
        let changed = zip(old, new).filter { $0.0 != $0.1 }.map { "\($0.0.split(separator: " ").first ?? "") changed" }
        return changed.isEmpty ? "inputs changed" : changed.joined(separator: ", ")
    }
}
