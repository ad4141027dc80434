import SettleCore

/// The rules of docs/REFERENCE.md §1 that span contract versions and files.
public enum ContractRules {
    /// Checks a set of contract versions together (files being checked, plus any already stored):
    /// immutable versions, one provider per contract, version order, one currency per provider,
    /// and at most one contract in force per provider on any day.
    ///
    /// - Parameter stored: versions already in the store; they take precedence over new files.
    public static func check(_ new: [SourcedContract], stored: [SourcedContract] = []) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // The stored versions, then the new ones by file and version, as positions: a reload of
        // 20,000 providers' files gives every version twice, and an array of both as values was
        // 110 MB of copies, above the 256 MB a load may take (issue 19, RSS sampled).
        let newOrder = new.indices.sorted { (new[$0].file, new[$0].contract.version) < (new[$1].file, new[$1].contract.version) }
        let ordered = { (index: Int) in index < stored.count ? stored[index] : new[newOrder[index - stored.count]] }
        var firstCopy: [String: Int] = [:]
        var versions: [Int] = []
        for index in 0..<(stored.count + new.count) {
            let sourced = ordered(index)
            let key = "\(sourced.contract.id)#\(sourced.contract.version)"
            guard let first = firstCopy[key].map(ordered) else {
                firstCopy[key] = index
                versions.append(index)
                continue
            }
            if first.contract != sourced.contract {
                diagnostics.append(sourced.location(of: "version").diagnostic(
                    "contract '\(sourced.contract.id)' version \(sourced.contract.version) already exists in "
                    + "\(first.file) with other content; an amendment must be a new version"))
            }
        }
        versions.sort { (ordered($0).contract.id, ordered($0).contract.version) < (ordered($1).contract.id, ordered($1).contract.version) }
        for (_, contract) in Dictionary(grouping: versions, by: { ordered($0).contract.id }).sorted(by: { $0.key < $1.key }) {
            diagnostics += checkVersions(contract.map(ordered).sorted { $0.contract.version < $1.contract.version })
        }
        for (_, provided) in Dictionary(grouping: versions, by: { ordered($0).contract.provider.id }).sorted(by: { $0.key < $1.key }) {
            diagnostics += checkProvider(provided.map(ordered))
        }
        return diagnostics
    }

    /// One copy of each contract version, ordered by id and version.
    static func distinct(_ contracts: [SourcedContract]) -> [SourcedContract] {
        var seen: Set<String> = []
        return contracts
            .filter { seen.insert("\($0.contract.id)#\($0.contract.version)").inserted }
            .sorted { ($0.contract.id, $0.contract.version) < ($1.contract.id, $1.contract.version) }
    }

    /// Versions of one contract name one provider, and each takes effect after the one before.
    private static func checkVersions(_ versions: [SourcedContract]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (earlier, later) in zip(versions, versions.dropFirst()) {
            let (a, b) = (earlier.contract, later.contract)
            if a.provider.id != b.provider.id {
                diagnostics.append(later.location(of: "provider").diagnostic(
                    "contract '\(b.id)' version \(b.version) names provider '\(b.provider.id)', but version "
                    + "\(a.version) names '\(a.provider.id)'; a contract has one provider"))
            }
            if b.effective <= a.effective {
                diagnostics.append(later.location(of: "effective").diagnostic(
                    "contract '\(b.id)' version \(b.version) takes effect on \(b.effective), which must be after "
                    + "version \(a.version)'s effective date \(a.effective)"))
            }
        }
        return diagnostics
    }

    /// A provider's contracts share one currency and never overlap.
    private static func checkProvider(_ contracts: [SourcedContract]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let first = contracts[0].contract
        for other in contracts where other.contract.currency != first.currency {
            diagnostics.append(other.location(of: "currency").diagnostic(
                "contract '\(other.contract.id)' version \(other.contract.version) pays provider "
                + "'\(first.provider.id)' in \(other.contract.currency), but contract '\(first.id)' version "
                + "\(first.version) pays in \(first.currency); all of a provider's contracts share one currency"))
        }
        let schedule = ContractSchedule(versions: contracts.map(\.contract))
        for (earlier, later) in schedule.overlaps() {
            guard let source = contracts.first(where: { $0.contract == later.contract }) else { continue }
            let until = earlier.last.map { "until \($0)" } ?? "with no end date"
            diagnostics.append(source.location(of: "effective").diagnostic(
                "contract '\(later.contract.id)' version \(later.contract.version) takes effect on \(later.first), "
                + "while contract '\(earlier.contract.id)' version \(earlier.contract.version) is in force \(until); "
                + "a provider has at most one contract in force on any day"))
        }
        return diagnostics
    }

    /// A self-billing agreement needs the payer's VAT id: every invoice names both parties' ids
    /// (docs/REFERENCE.md §10). Checked when the payer file is among the files; `settle invoices`
    /// checks the stored payer again.
    public static func checkSelfBilling(_ contracts: [SourcedContract], payer: SourcedPayer?) -> [Diagnostic] {
        guard let payer, payer.payer.vatID == nil else { return [] }
        return contracts.filter { $0.contract.selfBilling != nil }.map { sourced in
            sourced.location(of: "self_billing").diagnostic(
                "contract '\(sourced.contract.id)' version \(sourced.contract.version) has a self-billing agreement, "
                + "but the payer in \(payer.file) has no 'vat_id'; add it under 'payer:'")
        }
    }
}
