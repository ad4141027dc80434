import Foundation
import SettleCore

/// A shard server of a sharded database (docs/SCALE.md, docs/REFERENCE.md §12): where `settle`
/// and the coordinator's server reach it, and its remainder in the hash of `provider_id`.
public struct ShardRecord: Sendable, Hashable {
    public let name: String
    /// 0, 1, ... in the order the shards were added: the hash remainder of its partitions.
    public let position: Int
    /// As given to `settle shards add` (it may hold a password: print `displayURL`).
    let url: String
    /// `YYYY-MM-DD HH:MM:SS UTC`.
    public let addedAt: String
    public let addedBy: String

    /// The URL as libpq reads it, in keyword form (host, port, database and user first), with any
    /// password shown as `***`.
    public var displayURL: String {
        guard let pairs = try? PostgresConnection.parse(conninfo: url).get() else { return "(unreadable URL)" }
        let first = ["host", "hostaddr", "port", "dbname", "user"]
        let ordered = pairs.enumerated().sorted {
            (first.firstIndex(of: $0.element.0) ?? first.count, $0.offset) < (first.firstIndex(of: $1.element.0) ?? first.count, $1.offset)
        }.map(\.element)
        return ordered.map { key, value in
            key == "password" ? "password=***" : key + "=" + value
        }.joined(separator: " ")
    }
}

/// What `settle shards check` found for one shard: its schema version as `settle` reads it over its
/// own connection, and as the coordinator's server reads it through postgres_fdw.
public struct ShardHealth: Sendable, Hashable {
    public enum Reach: Sendable, Hashable {
        case version(Int)
        case failed(String)
    }

    public let shard: ShardRecord
    public let fromSettle: Reach
    public let fromCoordinator: Reach
    /// The coordinator's schema version, which the shard must be at.
    public let expected: Int

    /// Why the shard is not ready, as a clause (`b cannot be reached from settle: ...`); `nil` when it is.
    public var problem: String? {
        for (reach, from) in [(fromSettle, "settle"), (fromCoordinator, "the coordinator's server")] {
            switch reach {
            case let .failed(reason): return "\(shard.name) cannot be reached from \(from) (\(reason))"
            case let .version(version) where version != expected:
                return "\(shard.name) is at schema version \(version), the coordinator at \(expected)"
            case .version: continue
            }
        }
        return nil
    }
}

extension Store {
    /// Every shard, by position; empty for a database that keeps its rows itself.
    public func shards() throws -> [ShardRecord] {
        try db.query("""
            SELECT name, position, url, to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'), added_by
            FROM shards ORDER BY position
            """).rows.map { row in
            ShardRecord(name: try row.text(0), position: try row.int(1), url: try row.text(2),
                        addedAt: try row.text(3), addedBy: try row.text(4))
        }
    }

    /// Adds a shard server: migrates its database to this schema (it must be empty or already at
    /// this version without data), then, in one transaction of the coordinator, creates its
    /// postgres_fdw server and user mapping and records it. The coordinator must hold no contract,
    /// import or monthly partition yet, so that no row is ever hashed over another modulus.
    ///
    /// - Throws: `StoreError` with one sentence for a bad name or URL, a loaded coordinator, a shard
    ///   that `settle` or the coordinator's server cannot reach, or a shard database that is not empty.
    public func addShard(name: String, url: String) throws -> ShardRecord {
        try requireCurrentSchema()
        guard Self.isShardName(name) else {
            throw StoreError("A shard's name is a lower-case letter followed by at most 30 lower-case letters, digits or '_', which '\(name)' is not.")
        }
        let options = try Self.shardOptions(name: name, url: url)
        let existing = try shards()
        if let same = existing.first(where: { $0.name == name }) {
            throw StoreError("Shard \(name) was added already (position \(same.position)); `settle shards list` shows the shards.")
        }
        if let same = existing.first(where: { Self.sameDatabase((try? Self.shardOptions(name: $0.name, url: $0.url)) ?? [], options) }) {
            throw StoreError("The URL of shard \(name) names the database of shard \(same.name); each shard is a database of its own.")
        }
        try requireNothingLoaded()
        let shard = try Self.connectShard(name: name, url: url)
        return try monthEndTransaction {
            // Imports and contract loads hold the month-end lock shared: none runs meanwhile. A
            // shard URL that names this very database cannot take it either.
            if try shard.query("SELECT pg_try_advisory_lock_shared($1)", [String(LockKey.monthEnd)]).scalar != "t" {
                throw StoreError("The URL of shard \(name) names the coordinator's own database; a shard is another database, normally on another server.")
            }
            _ = try? shard.query("SELECT pg_advisory_unlock_shared($1)", [String(LockKey.monthEnd)])
            try requireNothingLoaded()
            try Self.prepareShardDatabase(shard, name: name)
            let position = try shards().count
            return try recordShard(name: name, url: url, options: options, position: position)
        }
    }

    /// Each shard reached from `settle` and from the coordinator's server, with its schema version.
    public func checkShards() throws -> [ShardHealth] {
        try shards().map { shard in
            let fromSettle: ShardHealth.Reach
            do {
                let connection = try PostgresConnection(parameters: Self.shardParameters(shard.url))
                fromSettle = .version(try Store(connection).schemaVersion())
            } catch let error as PostgresError {
                fromSettle = .failed(Self.firstLine(error.message))
            }
            let fromCoordinator: ShardHealth.Reach
            do {
                fromCoordinator = .version(try db.query("""
                    SELECT coalesce(max(version), 0) FROM \(Identifier(shardSchemaOf: shard.name))
                    """).onlyRow().int(0))
            } catch let error as PostgresError {
                fromCoordinator = .failed(error.message)
            }
            return ShardHealth(shard: shard, fromSettle: fromSettle, fromCoordinator: fromCoordinator,
                               expected: Migrations.latest)
        }
    }

    // MARK: Partitions on the shards

    /// Creates `partition` (the month of `table`) on every shard, then on the coordinator as a
    /// table hashed by `provider_id` whose partitions are the shards' tables, as foreign tables.
    ///
    /// The shards' DDL commits at once, over `settle`'s own connections: an import that then rolls
    /// back leaves empty month tables on the shards, which the next import of that month uses.
    func createShardedPartition(_ table: Identifier, _ partition: Identifier, _ month: Period,
                                shards: [ShardRecord]) throws {
        for shard in shards {
            try Self.createMonthPartition(of: table, month, on: try shardConnection(shard))
        }
        try db.query("""
            CREATE TABLE \(partition) PARTITION OF \(table)
            FOR VALUES FROM (\(month.firstDay)) TO (\(month.next.firstDay)) PARTITION BY HASH (provider_id)
            """)
        // A foreign table takes no TRUNCATE trigger: the shard's table refuses it itself.
        try db.query("""
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON \(partition)
            FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate()
            """)
        for shard in shards {
            try db.query("""
                CREATE FOREIGN TABLE \(Identifier(shardPartitionOf: partition, position: shard.position)) PARTITION OF \(partition)
                FOR VALUES WITH (MODULUS \(shards.count), REMAINDER \(shard.position))
                SERVER \(Identifier(shardServer: shard.name)) OPTIONS (table_name \(literal: partition))
                """)
        }
    }

    /// `COPY` into `table` (`columns`, in the order `produce` writes them). With shards it goes
    /// through a temporary table and one `INSERT ... SELECT`, which postgres_fdw sends in batches of
    /// the server's `batch_size`, where a COPY into foreign partitions sends one INSERT per row
    /// (PostgreSQL 15; 20,000 revenue rows on two shards: 5.0 s, against 0.6 s this way).
    func copyRows(into table: Identifier, _ columns: SQL, binary: Bool = false, sharded: Bool,
                  _ produce: (CopyWriter) throws -> Void) throws {
        let format: SQL = binary ? "(FORMAT binary)" : ""
        guard sharded else {
            try db.copy("COPY \(table) (\(columns)) FROM STDIN \(format)", produce)
            return
        }
        try db.query("CREATE TEMP TABLE sharded_batch (LIKE \(table)) ON COMMIT DROP")
        try db.copy("COPY sharded_batch (\(columns)) FROM STDIN \(format)", produce)
        try db.query("INSERT INTO \(table) (\(columns)) SELECT \(columns) FROM sharded_batch")
        try db.query("DROP TABLE sharded_batch")
    }

    /// This store's connection to `shard`, opened once.
    func shardConnection(_ shard: ShardRecord) throws -> PostgresConnection {
        if let open = shardConnections[shard.name] { return open }
        let connection = try Self.connectShard(name: shard.name, url: shard.url)
        shardConnections[shard.name] = connection
        return connection
    }

    // MARK: Adding a shard, step by step

    private static func isShardName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (97...122).contains(first), bytes.count <= 31 else { return false }
        return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }

    /// libpq's reading of the URL.
    private static func shardOptions(name: String, url: String) throws -> [(String, String)] {
        switch PostgresConnection.parse(conninfo: url) {
        case let .success(pairs): return pairs
        case let .failure(error):
            throw StoreError("The URL of shard \(name) cannot be read: \(firstLine(error.message)).")
        }
    }

    private static func sameDatabase(_ a: [(String, String)], _ b: [(String, String)]) -> Bool {
        func key(_ pairs: [(String, String)]) -> [String] {
            let map = Dictionary(pairs, uniquingKeysWith: { _, last in last })
            return ["host", "hostaddr", "port", "dbname"].map { map[$0] ?? "" }
        }
        return key(a) == key(b)
    }

    static func connectShard(name: String, url: String) throws -> PostgresConnection {
        do {
            return try PostgresConnection(parameters: shardParameters(url))
        } catch let error as PostgresError {
            throw StoreError("Cannot reach shard \(name) at the URL given: \(firstLine(error.message)).")
        }
    }

    /// libpq's parameters for a shard: connect_timeout first, so that a URL's own setting wins.
    private static func shardParameters(_ url: String) -> [(String, String)] {
        [("connect_timeout", "10"), ("dbname", url), ("application_name", "settle")]
    }

    /// Migrates an empty shard database; accepts one at this schema version that holds no data.
    private static func prepareShardDatabase(_ connection: PostgresConnection, name: String) throws {
        let shard = Store(connection)
        let version = try shard.schemaVersion()
        if version == 0 {
            try shard.migrate()
            try shard.db.transaction { try shard.partitionFactsByMonth(keyed: true) }
            return
        }
        guard version == Migrations.latest else {
            throw StoreError("The database of shard \(name) is at schema version \(version), the coordinator at \(Migrations.latest); a shard is added with an empty database or one at the coordinator's version.")
        }
        guard try shard.holdsNothing() else {
            throw StoreError("The database of shard \(name) already holds contracts, imports or shards of its own; a shard is added with an empty database.")
        }
        try shard.db.transaction { try shard.partitionFactsByMonth(keyed: true) }
    }

    /// In the coordinator's transaction: the extension, the foreign server and user mapping, the
    /// record, and proof that the coordinator's server itself reaches the shard.
    private func recordShard(name: String, url: String, options: [(String, String)], position: Int) throws -> ShardRecord {
        do {
            try db.query("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
        } catch let error as PostgresError {
            throw StoreError("The coordinator cannot use postgres_fdw (\(error.message)); a superuser must run CREATE EXTENSION postgres_fdw in its database first.")
        }
        if position == 0 {
            // The facts are partitioned by month again, to be hashed by provider over the shards.
            // PostgreSQL refuses a foreign partition under a unique index; each shard keeps the
            // keys on its own tables, and a provider's rows all live on one shard.
            try partitionFactsByMonth(keyed: false)
            for constraint: SQL in ["ALTER TABLE revenue_rollup DROP CONSTRAINT revenue_rollup_pkey",
                                    "ALTER TABLE hours_rollup DROP CONSTRAINT hours_rollup_pkey"] {
                try db.query(constraint)
            }
        }
        let userKeys: Set<String> = ["user", "password", "sslpassword", "sslcert", "sslkey"]
        // Options postgres_fdw sets itself or refuses on a server.
        let ignored: Set<String> = ["client_encoding", "fallback_application_name", "replication"]
        var server = Dictionary(options.filter { !userKeys.contains($0.0) && !ignored.contains($0.0) },
                                uniquingKeysWith: { _, last in last })
        server["async_capable"] = "true"
        server["fetch_size"] = "10000"
        server["batch_size"] = "1000"
        var user = Dictionary(options.filter { userKeys.contains($0.0) }, uniquingKeysWith: { _, last in last })
        if user["user"] == nil {
            // libpq's default is the operating-system user of the server process on the
            // coordinator's side: name the role `settle` itself reached the shard as instead.
            user["user"] = try Self.connectShard(name: name, url: url).query("SELECT session_user").scalar
        }
        try db.query("SELECT settle_create_shard_server($1, $2::jsonb, $3::jsonb, $4)",
                     [Identifier(shardServer: name).name, try Self.json(server), try Self.json(user),
                      Identifier(shardSchemaOf: name).name])
        try db.query("INSERT INTO shards (name, position, url) VALUES ($1, $2, $3)", [name, String(position), url])
        let version: Int
        do {
            version = try db.query("SELECT coalesce(max(version), 0) FROM \(Identifier(shardSchemaOf: name))").onlyRow().int(0)
        } catch let error as PostgresError {
            throw StoreError("The coordinator's server cannot reach shard \(name) (\(error.message)); its URL must work from the database server too.")
        }
        guard version == Migrations.latest else {
            throw StoreError("The coordinator's server reaches shard \(name) at schema version \(version), not \(Migrations.latest); its URL names another database than settle reached.")
        }
        let record = try shards().first { $0.name == name }!
        try log("shard added", "shard \(name) at position \(position): \(record.displayURL)")
        return record
    }

    /// Makes the (empty) fact tables range-partitioned by month, as they were before migration 17:
    /// on shards the facts are spread by provider within each month, and no key can span them.
    /// `keyed` (a shard's own tables): the key (provider_id, date, ref) on each month. Nothing
    /// when they are partitioned already.
    func partitionFactsByMonth(keyed: Bool) throws {
        let tables = [
            (Identifier("revenue"), Identifier("revenue_by_month"), Identifier("revenue_ref"), Identifier("revenue_import"),
             Identifier("revenue_immutable")),
            (Identifier("compute_hours"), Identifier("compute_hours_by_month"), Identifier("compute_hours_ref"),
             Identifier("compute_hours_import"), Identifier("compute_hours_immutable")),
        ]
        for (facts, byMonth, refIndex, importIndex, immutable) in tables {
            guard try db.query("SELECT relkind::text FROM pg_class WHERE oid = to_regclass($1)", [facts.name]).scalar == "r" else {
                continue
            }
            try db.query("CREATE TABLE \(byMonth) (LIKE \(facts) INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (date)")
            try db.query("DROP TABLE \(facts)")
            try db.query("ALTER TABLE \(byMonth) RENAME TO \(facts)")
            if keyed { try db.query("ALTER TABLE \(facts) ADD PRIMARY KEY (provider_id, date, ref)") }
            try db.query("CREATE INDEX \(refIndex) ON \(facts) (ref)")
            try db.query("CREATE INDEX \(importIndex) ON \(facts) USING brin (import_id) WITH (autosummarize = on)")
            try db.query("""
                CREATE TRIGGER \(immutable) BEFORE UPDATE OR DELETE ON \(facts)
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_fact_change()
                """)
            try db.query("CREATE TRIGGER never_truncated BEFORE TRUNCATE ON \(facts) FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate()")
        }
    }

    /// No contract, payer, import, shard or fact row: the state a new shard's database must be in.
    private func holdsNothing() throws -> Bool {
        try db.query("""
            SELECT NOT (EXISTS (SELECT 1 FROM contract_versions) OR EXISTS (SELECT 1 FROM payer)
                        OR EXISTS (SELECT 1 FROM imports) OR EXISTS (SELECT 1 FROM shards)
                        OR EXISTS (SELECT 1 FROM revenue) OR EXISTS (SELECT 1 FROM compute_hours))
            """).scalar == "t"
    }

    /// Refuses a coordinator that holds a contract, a payer, an import or a monthly partition.
    private func requireNothingLoaded() throws {
        let loaded = try db.query("""
            SELECT EXISTS (SELECT 1 FROM contract_versions) OR EXISTS (SELECT 1 FROM payer) OR EXISTS (SELECT 1 FROM imports)
                OR EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent IN ('revenue'::regclass, 'compute_hours'::regclass,
                                                                        'revenue_rollup'::regclass, 'hours_rollup'::regclass))
            """).scalar
        guard loaded == "f" else {
            throw StoreError("The coordinator database already holds contracts or imported data; shards are added to a migrated database before anything is loaded (docs/SCALE.md).")
        }
    }

    private static func json(_ object: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }

    static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasSuffix(".") ? String(trimmed.dropLast()) : trimmed
    }
}

extension Identifier {
    /// The postgres_fdw server of a shard: `settle_shard_a`. `name` is checked (`isShardName`).
    init(shardServer name: String) {
        precondition(name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
        self.name = "settle_shard_" + name
    }

    /// The foreign table of a shard's `schema_migrations`: `settle_shard_a_schema`.
    init(shardSchemaOf name: String) {
        self.name = Identifier(shardServer: name).name + "_schema"
    }
}
