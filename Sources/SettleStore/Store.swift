import SettleCore

/// Settle's PostgreSQL store: facts in (contracts, imports, holds), results out.
///
/// The connection stays inside: other modules get the store's operations, and transactions
/// through `transaction` and `monthEndTransaction`.
public final class Store {
    let db: PostgresConnection
    /// Connections of `settle` itself to the shards, opened on first use (`shardConnection`).
    var shardConnections: [String: PostgresConnection] = [:]

    public init(_ connection: PostgresConnection) {
        db = connection
    }

    /// Connects to `target` (starting the private cluster if that is the target).
    public convenience init(_ target: DatabaseTarget) throws {
        self.init(try target.connect())
    }

    // MARK: Transactions

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// Sharded (docs/SCALE.md), a shard that fails meanwhile is reported in one sentence.
    public func transaction<T>(_ isolation: PostgresConnection.Isolation = .readCommitted, _ body: () throws -> T) throws -> T {
        do {
            return try db.transaction(isolation, body)
        } catch let error as PostgresError where error.isShardFailure && (try? shards().isEmpty) == false {
            throw Self.shardFailed(error)
        }
    }

    /// A transaction of the month end (a run or a close): it first takes the month-end lock
    /// (`lockMonthEnd`), so that everything a run reads holds still until it commits.
    ///
    /// It first removes what an import that failed mid-way left behind (`importPending`); sharded
    /// (docs/SCALE.md), a shard that fails meanwhile rolls it all back with one sentence.
    ///
    /// - Parameter waiting: called once, before waiting, when another run, close or writer holds it.
    public func monthEndTransaction<T>(waiting: () -> Void = {}, _ body: () throws -> T) throws -> T {
        do {
            return try db.transaction {
                try lockMonthEnd(waiting: waiting)
                try discardAbandonedImports()
                return try body()
            }
        } catch let error as PostgresError where error.isShardFailure && (try? shards().isEmpty) == false {
            throw Self.shardFailed(error)
        }
    }

    private static func shardFailed(_ error: PostgresError) -> StoreError {
        StoreError("A shard failed (\(firstLine(error.message))); nothing was changed: retry once `settle shards check` finds every shard ready.")
    }

    /// Refuses to go on unless the current transaction is READ ONLY (`.readOnlySnapshot`): work
    /// that promises to change nothing asserts it before it reads.
    public func requireReadOnlyTransaction() throws {
        guard try db.query("SELECT current_setting('transaction_read_only')").scalar == "on" else {
            throw StoreError("This needs a READ ONLY transaction, so that it cannot change the database; it was called outside one.")
        }
    }

    // MARK: Schema

    /// Applies every migration not yet applied, each in its own transaction, and returns their
    /// names. Safe to repeat, and safe when two processes migrate at once (an advisory lock).
    @discardableResult
    public func migrate() throws -> [String] {
        try db.query("SELECT pg_advisory_lock($1)", [String(LockKey.migrations)])
        defer { _ = try? db.query("SELECT pg_advisory_unlock($1)", [String(LockKey.migrations)]) }
        try db.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """)
        let current = try schemaVersion()
        var applied: [String] = []
        for migration in Migrations.all where migration.version > current {
            try db.transaction {
                try db.execute(script: migration.sql)
                try migration.convert?(db)
                try db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                             [String(migration.version), migration.name])
            }
            applied.append("\(migration.version) \(migration.name)")
        }
        return applied
    }

    /// The newest migration applied; 0 for an empty database.
    public func schemaVersion() throws -> Int {
        let exists = try db.query("SELECT to_regclass('schema_migrations') IS NOT NULL").scalar == "t"
        guard exists else { return 0 }
        return try db.query("SELECT coalesce(max(version), 0) FROM schema_migrations").onlyRow().int(0)
    }

    /// Refuses to work on a database whose schema is not this build's.
    public func requireCurrentSchema() throws {
        let version = try schemaVersion()
        guard version == Migrations.latest else {
            throw StoreError(version < Migrations.latest
                ? "The database schema is at version \(version) but this settle needs \(Migrations.latest); run `settle migrate` first."
                : "The database schema is at version \(version), newer than this settle knows (\(Migrations.latest)); use a newer settle.")
        }
    }
}

/// A refusal from the store that a user can act on, as one sentence.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Advisory lock keys: one per kind of work that must not run twice at once.
enum LockKey {
    static let migrations = 7_310_001
    static let contracts = 7_310_002
    static let monthEnd = 7_310_003
    /// One `settle bank import` at a time: a file is recognised as imported before it is decided.
    static let bankImports = 7_310_004
    /// One `settle invoices` at a time gives invoice numbers: each number is the next of its series.
    static let invoiceNumbers = 7_310_005
    static func imports(_ dataset: Dataset) -> Int { 7_310_100 + dataset.lockOffset }
    /// Held while a period's payout file is between its record and its confirmation.
    static func payoutWrite(_ period: Period) -> Int { 7_320_000 + period.year * 12 + period.month }
}
