public import SettleCore
import Foundation

/// A contract version as it is to be stored: the parsed value and the file it came from.
public struct ContractVersionFile: Sendable {
    public let contract: Contract
    public let sourceFile: String
    public let sourceText: String

    public init(contract: Contract, sourceFile: String, sourceText: String) {
        self.contract = contract
        self.sourceFile = sourceFile
        self.sourceText = sourceText
    }
}

/// A contract version read back from the store.
public struct StoredContract: Sendable, Hashable {
    public let contract: Contract
    /// SHA-256 (hex) of the canonical JSON of the contract.
    public let contentHash: String
    public let sourceFile: String
}

/// What `contracts load` did.
public struct ContractLoadSummary: Sendable, Hashable {
    /// `contract-id v2` for each version stored now.
    public var added: [String] = []
    /// Versions already stored with the same content.
    public var unchanged: [String] = []
    /// Providers put on hold because a version changed the payee account.
    public var held: [PayeeHold] = []

    public struct PayeeHold: Sendable, Hashable {
        public let provider: String
        public let reason: String
    }
    public var payer: PayerChange = .none

    public enum PayerChange: Sendable, Hashable { case none, added, unchanged, replaced }
}

extension Store {
    /// Every stored contract version, ordered by contract id and version.
    public func storedContracts(of providers: Set<String>? = nil) throws -> [StoredContract] {
        try db.query("""
            SELECT content, content_hash, source_file FROM contract_versions
            WHERE $1::text[] IS NULL OR provider_id = ANY($1::text[]) ORDER BY contract_id, version
            """, [providers.map(textArray)]).rows.concurrentMap(StoredContract.init)
    }

    /// Every stored contract version, read but not decoded, with the days each can be in force:
    /// a run has the server sum the facts of their windows while it decodes them.
    public func storedContractDocuments() throws -> StoredContractDocuments {
        let rows = try db.query("""
            SELECT content, content_hash, source_file, provider_id, contract_id, version, effective, own_last_day
            FROM contract_versions ORDER BY contract_id, version
            """).rows
        return StoredContractDocuments(rows: rows, dates: try rows.map { row in
            ContractDates(provider: try row.text(3), id: try row.text(4), version: try row.int(5), effective: try row.day(6),
                          ownLastDay: row[7] == nil ? nil : try row.day(7))
        })
    }

    /// The kind of every rule of every stored contract version. Only the rules are read out of the
    /// stored documents, and each distinct kind is decoded once: decoding 22,667 whole contracts
    /// was a third of `settle report` at 20,000 providers (issue 19).
    public func ruleKinds() throws -> [(contract: String, version: Int, rule: String, kind: Rule.Kind)] {
        var decoded: [String: Rule.Kind] = [:]
        var rules: [(contract: String, version: Int, rule: String, kind: Rule.Kind)] = []
        // A row at a time: 187,336 rows held as text were 40 MB more at 20,000 providers.
        try db.query("""
            SELECT c.contract_id, c.version, r->>'id', (r->'kind')::text
            FROM contract_versions c CROSS JOIN LATERAL json_array_elements(c.content::json->'rules') r
            ORDER BY c.contract_id, c.version
            """) { row in
            let text = try row.text(3)
            let kind = try decoded[text] ?? row.document(Rule.Kind.self, 3)
            decoded[text] = kind
            rules.append((try row.text(0), try row.int(1), try row.text(2), kind))
        }
        return rules
    }

    /// The payer, if `payer.yaml` was loaded.
    public func storedPayer() throws -> Payer? {
        try db.query("SELECT content FROM payer").scalar.map { try Canonical.decode(Payer.self, $0) }
    }

    /// Stores contract versions and the payer in one transaction: all or nothing.
    ///
    /// Reloading a version with the same content is a no-op; the same id and version with other
    /// content is refused. `check` sees the stored versions (under a lock that keeps other loads
    /// out until this one commits) and throws to refuse the whole load.
    ///
    /// The versions go to the server in one COPY, are hashed there, and are stored by a few
    /// statements over the staged rows (at 20,000 providers four round trips per version were
    /// most of the load). A stored version given again with the same hash is not decoded: the
    /// file's own value stands for it.
    public func load(contracts: [ContractVersionFile], payer: (payer: Payer, sourceFile: String)?,
                     check: ([StoredContract]) throws -> Void) throws -> ContractLoadSummary {
        try requireCurrentSchema()
        let inOrder = { (a: ContractVersionFile, b: ContractVersionFile) in (a.contract.id, a.contract.version) < (b.contract.id, b.contract.version) }
        // A catalog comes sorted already; sorting copies every version.
        let files = zip(contracts, contracts.dropFirst()).allSatisfy { inOrder($0, $1) } ? contracts : contracts.sorted(by: inOrder)
        return try db.transaction {
            try db.query("SELECT pg_advisory_xact_lock($1)", [String(LockKey.contracts)])
            try holdOffMonthEnd()
            let hashes = try stage(files)
            let stored = try storedContracts(staged: files)
            try check(stored)
            // Positions, not copies of the versions: a reload's 22,667 copies took it over 256 MB.
            var storedByKey: [String: Int] = [:]
            for (index, version) in stored.enumerated() where storedByKey["\(version.contract.id)#\(version.contract.version)"] == nil {
                storedByKey["\(version.contract.id)#\(version.contract.version)"] = index
            }
            var summary = ContractLoadSummary()
            var added: [Contract] = []
            for (file, hash) in zip(files, hashes) {
                let contract = file.contract
                let name = "\(contract.id) v\(contract.version)"
                if let existing = storedByKey["\(contract.id)#\(contract.version)"].map({ stored[$0] }) {
                    guard existing.contentHash == hash else {
                        throw StoreError("Contract '\(contract.id)' version \(contract.version) is already loaded "
                                         + "(from \(existing.sourceFile)) with other content; an amendment must be a new version.")
                    }
                    summary.unchanged.append(name)
                } else {
                    summary.added.append(name)
                    added.append(contract)
                }
            }
            if !added.isEmpty { try storeStaged() }
            summary.held = added.isEmpty ? [] : try holdPayeeChanges(added: added, stored: stored.map(\.contract))
            if let payer {
                summary.payer = try storePayer(payer.payer, sourceFile: payer.sourceFile)
                if summary.payer == .added || summary.payer == .replaced {
                    try log("payer loaded", "\(summary.payer == .added ? "stored" : "replaced") from \(payer.sourceFile)")
                }
            }
            return summary
        }
    }

    /// A version whose payee account (IBAN or other account, BIC) differs from the version before
    /// it puts its provider on hold at once (docs/REFERENCE.md §11): the most common payout fraud is a bank
    /// account changed just before a payment run. The first version of a contract does not hold.
    private func holdPayeeChanges(added: [Contract], stored: [Contract]) throws -> [ContractLoadSummary.PayeeHold] {
        let held = Self.payeeHolds(added: added, stored: stored)
        for hold in held { _ = try applyHold(provider: hold.provider, onHold: true, reason: hold.reason) }
        return held
    }

    /// The holds that loading `added` beside `stored` puts on (docs/REFERENCE.md §11): one per
    /// version whose payee account or BIC differs from the version before it. `load` applies them;
    /// `settle preview` shows them (docs/REFERENCE.md §8).
    public static func payeeHolds(added: [Contract], stored: [Contract]) -> [ContractLoadSummary.PayeeHold] {
        // By contract id once: filtering every version for each added one was quadratic (20,000
        // providers: 60% of `contracts load`, in copies of whole contracts). Only the added
        // versions' contracts: grouping every stored version took a reload over 256 MB.
        let ids = Set(added.map(\.id))
        let versions = Dictionary(grouping: stored.filter { ids.contains($0.id) } + added, by: \.id)
        return added.sorted(by: { ($0.id, $0.version) < ($1.id, $1.version) }).compactMap { version in
            guard let before = versions[version.id]?.filter({ $0.version < version.version }).max(by: { $0.version < $1.version }),
                  before.payee.account != version.payee.account || before.payee.bic != version.payee.bic else { return nil }
            return ContractLoadSummary.PayeeHold(provider: version.provider.id,
                                                 reason: "payee account changed in version \(version.version) of \(version.id)")
        }
    }

    /// A contract version as `load` would store it (its content hash computed the same way), for
    /// work that looks at a version without loading it (`settle preview`). Writes nothing.
    public func unloaded(_ file: ContractVersionFile) throws -> StoredContract {
        StoredContract(contract: file.contract, contentHash: try sha256(try Canonical.encode(file.contract)),
                       sourceFile: file.sourceFile)
    }

    private func storePayer(_ payer: Payer, sourceFile: String) throws -> ContractLoadSummary.PayerChange {
        let content = try Canonical.encode(payer)
        let hash = try sha256(content)
        let existing = try db.query("SELECT content_hash FROM payer").scalar
        if existing == hash { return .unchanged }
        try db.query("""
            INSERT INTO payer (content, content_hash, source_file) VALUES ($1, $2, $3)
            ON CONFLICT (singleton) DO UPDATE
            SET content = excluded.content, content_hash = excluded.content_hash,
                source_file = excluded.source_file, loaded_at = now()
            """, [content, hash, sourceFile])
        return existing == nil ? .added : .replaced
    }

    /// SHA-256 of `text` in hex, computed by the server (no crypto library needed here).
    func sha256(_ text: String) throws -> String {
        try db.query("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", [text]).onlyRow().text(0)
    }
}

/// The canonical JSON of stored values: sorted keys, exact decimals as strings; byte for byte
/// what `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]`, written and read
/// several times faster (CanonicalEncoder.swift, CanonicalDecoder.swift).
/// Stored contract versions before their documents are decoded (`storedContractDocuments`).
public struct StoredContractDocuments: Sendable {
    fileprivate let rows: [QueryRow]
    /// Each version's dates, in the order of `decoded()`.
    public let dates: [ContractDates]

    /// The versions, decoded on both cores (a tenth of a run's CPU at 20,000 providers).
    public func decoded() throws -> [StoredContract] { try rows.concurrentMap(StoredContract.init) }
}

private extension StoredContract {
    /// From a row of `content, content_hash, source_file`.
    init(_ row: QueryRow) throws {
        self.init(contract: try row.document(Contract.self, 0), contentHash: try row.text(1), sourceFile: try row.text(2))
    }
}

enum Canonical {
    static func encode(_ value: some Encodable) throws -> String { try CanonicalEncoder.encode(value) }

    /// A contract is read member by member (`ContractReading`) unless its shape is unknown.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let value = try CanonicalDecoder.parse(text)
        if T.self == Contract.self, let contract = ContractReading.contract(value) { return contract as! T }
        return try CanonicalDecoder.decode(type, from: value)
    }
}

extension Store {
    /// The text of a stored contract version as it was loaded (for the line of each rule).
    public func contractSourceText(id: String, version: Int) throws -> String? {
        try db.query("SELECT source_text FROM contract_versions WHERE contract_id = $1 AND version = $2",
                     [id, String(version)]).scalar
    }
}
