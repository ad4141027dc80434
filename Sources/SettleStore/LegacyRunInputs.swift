import Foundation
import SettleCore

/// The text runs recorded before schema version 14, read once by migration 14 into
/// `RecordedInputs`. Nothing else reads it: the conversion renders each value back to text and
/// refuses the migration unless it is the recorded text exactly, so nothing a run read is lost.
///
///     period 2026-08
///     revenue rows=2 amount=1100.00 quantity=0 newest-import=1
///     hours rows=0 hours=0 newest-import=0
///     fx USD->EUR 0.900000000000
///     contracts acme-2026 v1 <sha256>, ...
///     held prov-b
///     opening prov-a=12.5, ...
///     late facts for 2026-07: revenue ...; hours ...; fx ...
///     retroactive versions for 2026-07: prov-a acme-2026 v2, acme-2026 v3; prov-b ...
enum LegacyRunInputs {
    static func convertStoredRuns(_ db: PostgresConnection) throws {
        // A text changed behind Settle's back would get a fresh fingerprint here: refuse it first.
        let altered = try db.query("""
            SELECT run_id FROM runs WHERE legacy_fingerprint <> encode(sha256(convert_to(legacy_inputs, 'UTF8')), 'hex')
            ORDER BY run_id
            """).rows.map { try $0.text(0) }
        guard altered.isEmpty else {
            throw StoreError("The recorded inputs of run \(altered.joined(separator: ", ")) no longer match their fingerprint; nothing was migrated. Run `settle verify` with this settle's previous version to see what changed.")
        }
        try db.query("ALTER TABLE runs DISABLE TRIGGER runs_immutable")
        for row in try db.query("SELECT run_id, legacy_inputs FROM runs ORDER BY run_id").rows {
            let runID = try row.text(0), text = try row.text(1)
            guard let inputs = parse(text), render(inputs) == text else {
                throw StoreError("Run \(runID)'s recorded inputs could not be converted to the typed record exactly; nothing was migrated. Keep this settle's previous version and report it.")
            }
            try db.query("""
                UPDATE runs SET inputs = $2, fingerprint = encode(sha256(convert_to($2, 'UTF8')), 'hex') WHERE run_id = $1
                """, [runID, try Canonical.encode(inputs)])
        }
        try db.query("ALTER TABLE runs ENABLE TRIGGER runs_immutable")
        try db.query("ALTER TABLE runs ALTER COLUMN inputs SET NOT NULL, ALTER COLUMN fingerprint SET NOT NULL")
    }

    static func parse(_ text: String) -> RecordedInputs? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        func take(_ prefix: String) -> String? {
            guard let line = lines.first, line.hasPrefix(prefix) else { return nil }
            lines = lines.dropFirst()
            return String(line.dropFirst(prefix.count))
        }
        guard let period = take("period ").flatMap(Period.init),
              let facts = Self.facts(take("revenue "), take("hours "), take("fx ")),
              let contracts = take("contracts ").flatMap(contractsRead), let held = take("held "),
              let opening = take("opening ").flatMap(balances) else { return nil }
        var late: [LateFacts] = []
        var retroactive: [RetroactiveVersionsRead] = []
        while let line = lines.popFirst() {
            if let (month, body) = split(line, after: "late facts for "), let corrected = Period(month) {
                let parts = body.components(separatedBy: "; ")
                guard parts.count == 3, parts[0].hasPrefix("revenue "), parts[1].hasPrefix("hours "), parts[2].hasPrefix("fx "),
                      let summary = Self.facts(String(parts[0].dropFirst(8)), String(parts[1].dropFirst(6)),
                                               String(parts[2].dropFirst(3))) else { return nil }
                late.append(LateFacts(period: corrected, facts: summary))
            } else if let (month, body) = split(line, after: "retroactive versions for "), let corrected = Period(month) {
                for entry in body.components(separatedBy: "; ") {
                    guard let space = entry.firstIndex(of: " ") else { return nil }
                    let versions = entry[entry.index(after: space)...].components(separatedBy: ", ").map(versionName)
                    guard !versions.contains(nil) else { return nil }
                    retroactive.append(RetroactiveVersionsRead(period: corrected, provider: String(entry[..<space]),
                                                           versions: versions.compactMap { $0 }))
                }
            } else {
                return nil
            }
        }
        return RecordedInputs(period: period, facts: facts, contracts: contracts, held: Set(list(held)),
                              openingBalances: opening, lateFacts: late, retroactiveVersions: retroactive)
    }

    /// The text the record was read from, exactly as runs wrote it.
    static func render(_ inputs: RecordedInputs) -> String {
        var lines = ["period \(inputs.period)"] + factLines(inputs.facts) + [
            "contracts " + inputs.contracts.map { "\($0.name) \($0.contentHash)" }.joined(separator: ", "),
            "held " + inputs.held.joined(separator: ", "),
            "opening " + inputs.openingBalances.map { "\($0.provider)=\($0.balance)" }.joined(separator: ", "),
        ]
        let periods = Set(inputs.lateFacts.map(\.period)).union(inputs.retroactiveVersions.map(\.period)).sorted()
        for period in periods {
            if let late = inputs.lateFacts.first(where: { $0.period == period }) {
                lines.append("late facts for \(period): " + factLines(late.facts).joined(separator: "; "))
            }
            let retroactive = inputs.retroactiveVersions.filter { $0.period == period }
            if !retroactive.isEmpty {
                lines.append("retroactive versions for \(period): " + retroactive.map {
                    "\($0.provider) " + $0.versions.map(\.description).joined(separator: ", ")
                }.joined(separator: "; "))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func factLines(_ facts: FactSummary) -> [String] {
        let revenue = facts.revenue, hours = facts.hours
        return ["revenue rows=\(revenue.rows) amount=\(revenue.amount) quantity=\(revenue.quantity) newest-import=\(revenue.newestImport)",
                "hours rows=\(hours.rows) hours=\(hours.hours) newest-import=\(hours.newestImport)",
                "fx " + facts.fxRates.map(\.description).joined(separator: ", ")]
    }

    /// `rows=2 amount=1100.00 ...` with exactly `keys`, in order.
    private static func values(_ text: String?, _ keys: [String]) -> [String]? {
        guard let pairs = text?.split(separator: " ").map({ $0.split(separator: "=", maxSplits: 1) }),
              pairs.count == keys.count, pairs.allSatisfy({ $0.count == 2 }),
              pairs.map({ String($0[0]) }) == keys else { return nil }
        return pairs.map { String($0[1]) }
    }

    private static func facts(_ revenueText: String?, _ hoursText: String?, _ fxText: String?) -> FactSummary? {
        guard let revenue = values(revenueText, ["rows", "amount", "quantity", "newest-import"]),
              let hours = values(hoursText, ["rows", "hours", "newest-import"]), let fxText,
              let revenueRows = Int64(revenue[0]), let revenueImport = Int64(revenue[3]),
              let hoursRows = Int64(hours[0]), let hoursImport = Int64(hours[2]) else { return nil }
        var rates: [FactSummary.Rate] = []
        for item in list(fxText) {
            let parts = item.split(separator: " "), pair = parts.first?.components(separatedBy: "->") ?? []
            guard parts.count == 2, pair.count == 2 else { return nil }
            rates.append(FactSummary.Rate(from: pair[0], to: pair[1], rate: String(parts[1])))
        }
        return FactSummary(revenue: .init(rows: revenueRows, amount: revenue[1], quantity: revenue[2], newestImport: revenueImport),
                           hours: .init(rows: hoursRows, hours: hours[1], newestImport: hoursImport), fxRates: rates)
    }

    private static func contractsRead(_ text: String) -> [ContractRead]? {
        let items = list(text).map { $0.split(separator: " ") }
        guard items.allSatisfy({ $0.count == 3 }) else { return nil }
        let read = items.compactMap { parts in
            versionName("\(parts[0]) \(parts[1])").map { ContractRead(id: $0.id, version: $0.version, contentHash: String(parts[2])) }
        }
        return read.count == items.count ? read : nil
    }

    private static func balances(_ text: String) -> [String: Rational]? {
        var balances: [String: Rational] = [:]
        for item in list(text) {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let balance = Rational(decimal: parts[1]) else { return nil }
            balances[String(parts[0])] = balance
        }
        return balances
    }

    /// `acme-2026 v3`.
    private static func versionName(_ text: String) -> ContractVersionName? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[1].hasPrefix("v"), let version = Int(parts[1].dropFirst()) else { return nil }
        return ContractVersionName(id: String(parts[0]), version: version)
    }

    /// The items of a `, `-separated list; none for an empty text.
    private static func list(_ text: String) -> [String] {
        text.isEmpty ? [] : text.components(separatedBy: ", ")
    }

    /// `("2026-07", "rest")` from `"<prefix>2026-07: rest"`.
    private static func split(_ line: String, after prefix: String) -> (String, String)? {
        guard line.hasPrefix(prefix), let colon = line.range(of: ": ") else { return nil }
        return (String(line[line.index(line.startIndex, offsetBy: prefix.count)..<colon.lowerBound]),
                String(line[colon.upperBound...]))
    }
}
