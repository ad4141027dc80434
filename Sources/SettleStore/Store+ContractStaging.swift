import SettleCore

/// The staging of `load(contracts:)`: every version of the files in one COPY to a temporary table
/// that lives until the load's transaction ends, hashed and stored there by set statements.
extension Store {
    /// Versions encoded to canonical JSON at once: the encoder is the client's largest cost in
    /// staging, spread over the cores; a bound on the JSON held between writes.
    static let stagingChunk = 1_000

    /// Copies `files` (ordered by contract id and version) to `contract_load`, row `ord` for
    /// `files[ord]`, with the SHA-256 of each version's canonical JSON computed by the server.
    ///
    /// - Returns: the content hash of each file's version, in the order of `files`.
    func stage(_ files: [ContractVersionFile]) throws -> [String] {
        // The staged versions of 20,000 providers are 90 MB: in the default 8 MB of buffers for
        // temporary tables, the COPY and the hashing wrote and read them back through files. The
        // server takes a new size only before a session's first temporary table; a session that
        // had one keeps its size.
        try db.query("SAVEPOINT staging_buffers")
        do {
            try db.query("SET LOCAL temp_buffers = '256MB'")
            try db.query("RELEASE SAVEPOINT staging_buffers")
        } catch {
            try db.query("ROLLBACK TO SAVEPOINT staging_buffers")
        }
        // Each version's JSON and source text, staged and then stored, is compressed twice: lz4
        // (which the statements' documents already need, migration 5) is several times quicker
        // than the default pglz at it.
        try db.query("SET LOCAL default_toast_compression = 'lz4'")
        try db.query("""
            CREATE TEMPORARY TABLE contract_load (
                ord integer PRIMARY KEY, provider_id text NOT NULL, name text NOT NULL, country text NOT NULL,
                contract_id text NOT NULL, version integer NOT NULL, currency text NOT NULL, effective date NOT NULL,
                own_last_day date, content text NOT NULL, source_file text NOT NULL, source_text text NOT NULL
            ) ON COMMIT DROP
            """)
        try db.copy("""
            COPY contract_load (ord, provider_id, name, country, contract_id, version, currency, effective, own_last_day,
                                content, source_file, source_text) FROM STDIN
            """) { writer in
            for start in stride(from: 0, to: files.count, by: Self.stagingChunk) {
                let chunk = Array(files[start..<min(start + Self.stagingChunk, files.count)])
                let contents = try chunk.concurrentMap { try Canonical.encode($0.contract) }
                for (offset, (file, content)) in zip(chunk, contents).enumerated() {
                    let contract = file.contract
                    try writer.write(CopyText.row([
                        String(start + offset), contract.provider.id, contract.provider.name, contract.provider.country,
                        contract.id, String(contract.version), contract.currency.code, contract.effective.description,
                        contract.ownLastDay?.description, content, file.sourceFile, file.sourceText,
                    ]))
                }
            }
        }
        // Hashed into a table of their own: an UPDATE of the 22,667 staged rows (90 MB) took
        // 0.4-0.6 s, hashing them 0.17 s; hashing again in each statement that reads them cost more.
        try db.query("""
            CREATE TEMPORARY TABLE contract_load_hash ON COMMIT DROP AS
            SELECT ord, encode(sha256(convert_to(content, 'UTF8')), 'hex') AS content_hash FROM contract_load
            """)
        let hashes = try db.query("SELECT content_hash FROM contract_load_hash ORDER BY ord").rows.map { try $0.text(0) }
        assert(hashes.count == files.count, "one staged row per file")
        return hashes
    }

    /// Every stored version, ordered by contract id and version; one stored with the content hash
    /// of the staged row for its id and version is that file's own value, not decoded again. The
    /// others are decoded on both cores; a reload, which gives every version again, maps its rows
    /// one by one (both cores' buffer beside the result was 30 MB of a reload at 20,000 providers).
    func storedContracts(staged files: [ContractVersionFile]) throws -> [StoredContract] {
        let rows = try db.query("""
            SELECT c.content_hash, c.source_file, s.ord, CASE WHEN s.ord IS NULL THEN c.content END
            FROM contract_versions c
            LEFT JOIN (contract_load s JOIN contract_load_hash h USING (ord))
                ON s.contract_id = c.contract_id AND s.version = c.version AND h.content_hash = c.content_hash
            ORDER BY c.contract_id, c.version
            """).rows
        var decoded = try rows.filter { $0[2] == nil }.concurrentMap { try $0.document(Contract.self, 3) }.makeIterator()
        return try rows.map { row in
            let contract = row[2] == nil ? decoded.next()! : files[try row.int(2)].contract
            return StoredContract(contract: contract, contentHash: try row.text(0), sourceFile: try row.text(1))
        }
    }

    /// Stores the staged versions not stored yet (those stored are the same content, as `load`
    /// checked): their providers, the versions, and one audit entry each, in version order.
    func storeStaged() throws {
        try db.query("""
            DELETE FROM contract_load s
            WHERE EXISTS (SELECT FROM contract_versions c WHERE c.contract_id = s.contract_id AND c.version = s.version)
            """)
        // A provider named by several new versions takes the last one's name and country.
        try db.query("""
            INSERT INTO providers (provider_id, name, country)
            SELECT DISTINCT ON (provider_id) provider_id, name, country FROM contract_load ORDER BY provider_id, ord DESC
            ON CONFLICT (provider_id) DO UPDATE SET name = excluded.name, country = excluded.country
            """)
        try db.query("""
            INSERT INTO contract_versions (provider_id, contract_id, version, currency, effective, own_last_day, content,
                                           content_hash, source_file, source_text)
            SELECT provider_id, contract_id, version, currency, effective, own_last_day, content, content_hash, source_file,
                   source_text
            FROM contract_load JOIN contract_load_hash USING (ord) ORDER BY ord
            """)
        try db.query("""
            INSERT INTO audit_log (os_user, action, provider_id, details)
            SELECT $1, 'contract loaded', s.provider_id,
                   s.contract_id || ' v' || s.version || ' from ' || s.source_file || ' (content SHA-256 ' || left(h.content_hash, 12) || ')'
            FROM contract_load s JOIN contract_load_hash h USING (ord) ORDER BY s.ord
            """, [Self.osUser])
    }
}
