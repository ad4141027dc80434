import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

@Suite("settle migrate")
struct SchemaTests {
    /// Every migration of this build, as `migrate()` names them: `1 store`, ...
    static let all = Migrations.all.map { "\($0.version) \($0.name)" }

    @Test("migrating an empty database applies every migration; migrating again is a no-op")
    func migrateTwice() throws {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        #expect(try db.store.schemaVersion() == 0)
        #expect(Self.all.first == "1 store")
        #expect(try db.store.migrate() == Self.all)
        #expect(try db.store.schemaVersion() == Migrations.latest)
        let tables = Set(try db.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").map { $0[0]! })
        #expect(tables.isSuperset(of: ["compute_hours", "contract_versions", "fx_rates", "imports", "payer",
                                       "provider_hold_events", "providers", "revenue", "schema_migrations"]))

        #expect(try db.store.migrate() == [])
        #expect(try db.store.schemaVersion() == Migrations.latest)
        #expect(try db.rows("SELECT version || ' ' || name FROM schema_migrations ORDER BY version").map { $0[0]! } == Self.all)
        try db.store.requireCurrentSchema()
    }

    @Test("a database at version 1 is upgraded to the latest, and only the missing migrations run")
    func upgradeFromVersionOne() throws {
        // What `settle migrate` of the first release left behind.
        let db = try TestDatabase.atSchemaVersion(1)
        defer { db.drop() }
        #expect(try db.store.schemaVersion() == 1)
        #expect(try db.store.migrate() == Array(Self.all.dropFirst()))
        #expect(try db.store.schemaVersion() == Migrations.latest)
    }

    @Test("two processes migrating at once apply each migration once")
    func migrateConcurrently() throws {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        let results = Results()
        let name = db.name
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            results.append(Result { try Store(try TestCluster.connect(name)).migrate() })
        }
        let applied = try results.all.map { try $0.get() }
        #expect(applied.filter { $0 == Self.all }.count == 1)
        #expect(applied.filter { $0.isEmpty }.count == 3)
        #expect(try db.int("SELECT count(*) FROM schema_migrations") == Migrations.latest)
    }

    @Test("a database without the schema is refused with a sentence saying what to do")
    func unmigratedDatabase() throws {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        let error = #expect(throws: StoreError.self) { try db.store.requireCurrentSchema() }
        #expect(error?.description == "The database schema is at version 0 but this settle needs "
                + "\(Migrations.latest); run `settle migrate` first.")
        let path = try db.write("r.csv", "ref,date,provider,stream,quantity,amount,currency\n")
        let importError = #expect(throws: StoreError.self) { try db.store.importFile(path, as: .revenue) }
        #expect(importError?.description == error?.description)
    }

    @Test("a database with a newer schema is refused")
    func newerSchema() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let future = Migrations.latest + 1
        try db.connection.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')",
                                [String(future)])
        let error = #expect(throws: StoreError.self) { try db.store.requireCurrentSchema() }
        #expect(error?.description == "The database schema is at version \(future), newer than this settle knows "
                + "(\(Migrations.latest)); use a newer settle.")
        #expect(try db.store.migrate() == [])
    }

    @Test("stored facts are never updated or deleted")
    func factsAreImmutable() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = try db.write("r.csv", """
            ref,date,provider,stream,quantity,amount,currency
            r1,2026-01-05,acme-cloud,api_usage,10,12.50,EUR

            """)
        _ = try db.store.importFile(path, as: .revenue)
        for sql: SQL in ["UPDATE revenue SET amount = 0", "DELETE FROM revenue",
                    "UPDATE contract_versions SET currency = 'USD'"] {
            let error = #expect(throws: PostgresError.self) { try db.connection.query(sql) }
            #expect(error?.sqlState == "23000")
        }
        #expect(try db.rows("SELECT amount FROM revenue") == [["12.50"]])
    }

    @Test("an error's description names the server's message, never the values its DETAIL quotes")
    func errorDetailKeptForDevelopers() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let insert: SQL = "INSERT INTO providers (provider_id, name, country) VALUES ($1, 'Acme', 'DE')"
        try db.connection.query(insert, ["acct-DE89370400440532013000"])
        let error = #expect(throws: PostgresError.self) { try db.connection.query(insert, ["acct-DE89370400440532013000"]) }
        #expect(error?.description == #"PostgreSQL query failed: duplicate key value violates unique constraint "providers_pkey" (SQLSTATE 23505)"#)
        #expect(error?.debugDescription.contains("DETAIL: Key (provider_id)=(acct-DE89370400440532013000) already exists.") == true,
                "\(String(describing: error?.debugDescription))")
    }

    @Test("a transaction whose ROLLBACK fails too reports both, the cause first")
    func rollbackFailed() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let connection = try TestCluster.connect(db.name)
        struct Cause: Error, CustomStringConvertible { var description: String { "the cause" } }
        let error = #expect(throws: RollbackFailed.self) {
            try connection.transaction {
                // The connection is lost mid-transaction, so the ROLLBACK cannot be sent.
                _ = try? connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
                throw Cause()
            }
        }
        #expect(error?.description.hasPrefix("the cause (and the ROLLBACK after it failed too: PostgreSQL query failed: ") == true,
                "\(String(describing: error))")
    }

    @Test("no table of money or its proof can be truncated, nor a rollup changed", arguments: [
        "TRUNCATE revenue", "TRUNCATE revenue_rollup", "TRUNCATE revenue_rollup_p2026_01",
        "TRUNCATE compute_hours", "TRUNCATE hours_rollup", "TRUNCATE fx_rates", "TRUNCATE contract_versions",
        "TRUNCATE payer", "TRUNCATE imports", "TRUNCATE providers CASCADE", "TRUNCATE provider_hold_events",
        "TRUNCATE periods", "TRUNCATE runs CASCADE", "TRUNCATE statements", "TRUNCATE payout_files CASCADE", "TRUNCATE payout_file_writes", "TRUNCATE unsettled",
        "UPDATE revenue_rollup SET amount = amount * 10", "DELETE FROM revenue_rollup",
        "UPDATE revenue_rollup_p2026_01 SET amount = 0",
        "UPDATE audit_log SET details = 'nothing happened'", "DELETE FROM audit_log", "TRUNCATE audit_log", "TRUNCATE approvals",
        "TRUNCATE payout_transfers CASCADE", "TRUNCATE bank_files CASCADE", "TRUNCATE transfer_state_changes", "TRUNCATE bank_unmatched",
        "TRUNCATE invoices",
    ] as [String])
    func guarded(statement: String) throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        _ = try db.store.importFile(try db.write("r.csv", """
            ref,date,provider,stream,quantity,amount,currency
            r1,2026-01-05,acme-cloud,api_usage,10,12.50,EUR

            """), as: .revenue)
        let error = #expect(throws: PostgresError.self) { try db.connection.query(SQL(unchecked: statement)) }
        #expect(error?.sqlState == "23000")
        let rollup = try db.rows("SELECT amount::text, rows::text FROM revenue_rollup")
        #expect(rollup == [["12.500000", "1"]], "\(rollup)")
    }
}

/// Collects results from several threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<[String], any Error>] = []

    func append(_ value: Result<[String], any Error>) {
        lock.withLock { values.append(value) }
    }

    var all: [Result<[String], any Error>] { lock.withLock { values } }
}
