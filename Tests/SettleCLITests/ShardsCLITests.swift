import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

/// `settle shards add | list | check` (docs/REFERENCE.md §12) on a coordinator and the two shard
/// servers of `TestShards`: three private clusters, socket only.
@Suite("settle shards: add, list and check shard servers")
struct ShardsCLITests {
    /// A migrated coordinator and an empty database of the same name on each shard cluster.
    private func coordinator(_ content: TestCluster.Content = .migrated) throws -> TestDatabase {
        let db = try TestDatabase(content)
        try TestShards.shared.start()
        for cluster in TestShards.shared.clusters { try cluster.createDatabaseIfMissing(db.name) }
        return db
    }

    private func dropShards(_ db: TestDatabase) {
        for cluster in TestShards.shared.clusters { try? cluster.dropDatabase(db.name) }
    }

    /// `shards list` with the time of each addition taken out.
    private func listed(_ db: TestDatabase) throws -> SettleBinary.Outcome {
        var outcome = try db.settle("shards", "list")
        outcome.stdout = outcome.stdout.replacing(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/, with: "YYYY-MM-DD HH:MM:SS UTC")
        return outcome
    }

    @Test("add two shards, list them, check them; the shards are migrated and the log says who added them")
    func addListCheck() throws {
        let db = try coordinator()
        defer { db.drop(); dropShards(db) }
        let (a, b) = (TestShards.shared.url(0, database: db.name), TestShards.shared.url(1, database: db.name))
        let shown = { (index: Int) in
            "host=\(TestShards.shared.clusters[index].directory.path)/socket dbname=\(db.name) user=settle"
        }
        #expect(try db.settle("shards", "list") == .init(status: 0, stdout: "No shards: this database keeps every row itself.\n",
                                                         stderr: ""))
        #expect(try db.settle("shards", "add", "a", a) == .init(status: 0, stdout: """
            Added shard a at position 0 (\(shown(0))); settle and the coordinator's server both reach it.

            """, stderr: ""))
        #expect(try db.settle("shards", "add", "b", b).status == 0)
        let role = try db.rows("SELECT session_user")[0][0] ?? ""
        #expect(try listed(db) == .init(status: 0, stdout: """
            shard  position  url\(String(repeating: " ", count: shown(0).count - 3))  added                    by
            a             0  \(shown(0))  YYYY-MM-DD HH:MM:SS UTC  \(role)
            b             1  \(shown(1))  YYYY-MM-DD HH:MM:SS UTC  \(role)

            """, stderr: ""))
        #expect(try db.settle("shards", "check") == .init(status: 0, stdout: """
            shard  position  from settle  from coordinator  state
            a             0  schema \(Migrations.latest)    schema \(Migrations.latest)         ready
            b             1  schema \(Migrations.latest)    schema \(Migrations.latest)         ready

            """, stderr: ""))
        for index in 0..<2 {
            let shard = try PostgresConnection(parameters: TestShards.shared.clusters[index].connectionParameters(database: db.name))
            #expect(try Store(shard).schemaVersion() == Migrations.latest)
        }
        #expect(try db.rows("SELECT action, details FROM audit_log ORDER BY entry_id") == [
            ["shard added", "shard a at position 0: \(shown(0))"], ["shard added", "shard b at position 1: \(shown(1))"],
        ])
    }

    @Test("a coordinator holding contracts is refused, and so is a name taken, a bad name or a URL naming a shard already added")
    func refusals() throws {
        let loaded = try coordinator(.loaded)
        defer { loaded.drop(); dropShards(loaded) }
        #expect(try loaded.settle("shards", "add", "a", TestShards.shared.url(0, database: loaded.name)) == .init(status: 1, stdout: "", stderr: """
            Error: The coordinator database already holds contracts or imported data; shards are added to a migrated database before anything is loaded (docs/SCALE.md).

            """))
        #expect(try loaded.int("SELECT count(*) FROM shards") == 0)

        let db = try coordinator()
        defer { db.drop(); dropShards(db) }
        let a = TestShards.shared.url(0, database: db.name)
        #expect(try db.settle("shards", "add", "East", a) == .init(status: 1, stdout: "", stderr: """
            Error: A shard's name is a lower-case letter followed by at most 30 lower-case letters, digits or '_', which 'East' is not.

            """))
        #expect(try db.settle("shards", "add", "a", a).status == 0)
        #expect(try db.settle("shards", "add", "a", TestShards.shared.url(1, database: db.name)) == .init(status: 1, stdout: "", stderr: """
            Error: Shard a was added already (position 0); `settle shards list` shows the shards.

            """))
        #expect(try db.settle("shards", "add", "b", a) == .init(status: 1, stdout: "", stderr: """
            Error: The URL of shard b names the database of shard a; each shard is a database of its own.

            """))
        #expect(try db.settle("shards", "add", "c", db.connectionString) == .init(status: 1, stdout: "", stderr: """
            Error: The URL of shard c names the coordinator's own database; a shard is another database, normally on another server.

            """))
        #expect(try db.int("SELECT count(*) FROM shards") == 1)
    }

    @Test("an unreachable shard, a shard database at another schema version or holding data: one sentence, nothing added")
    func unreachableOrWrongVersion() throws {
        let db = try coordinator()
        defer { db.drop(); dropShards(db) }
        #expect(try db.settle("shards", "add", "a", "host=/nonexistent/socket dbname=x") == .init(status: 1, stdout: "", stderr: """
            Error: Cannot reach shard a at the URL given: connection to server on socket "/nonexistent/socket/.s.PGSQL.5432" failed: No such file or directory.

            """))
        let shard = try PostgresConnection(parameters: TestShards.shared.clusters[0].connectionParameters(database: db.name))
        try shard.query("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL)")
        try shard.query("INSERT INTO schema_migrations VALUES (16, 'self-billed invoices')")
        #expect(try db.settle("shards", "add", "a", TestShards.shared.url(0, database: db.name)) == .init(status: 1, stdout: "", stderr: """
            Error: The database of shard a is at schema version 16, the coordinator at \(Migrations.latest); a shard is added with an empty database or one at the coordinator's version.

            """))
        let other = try PostgresConnection(parameters: TestShards.shared.clusters[1].connectionParameters(database: db.name))
        try Store(other).migrate()
        try other.query("INSERT INTO imports (dataset, file_name, rows_read, rows_new, rows_present) VALUES ('fx_rates', 'x.csv', 0, 0, 0)")
        #expect(try db.settle("shards", "add", "b", TestShards.shared.url(1, database: db.name)) == .init(status: 1, stdout: "", stderr: """
            Error: The database of shard b already holds contracts, imports or shards of its own; a shard is added with an empty database.

            """))
        #expect(try db.int("SELECT count(*) FROM shards") == 0)
        #expect(try db.int("SELECT count(*) FROM pg_foreign_server") == 0)
    }

    @Test("imports on shards: the same summaries; a bad file, a dry run and a re-sent file leave nothing pending")
    func importsOnShards() throws {
        let db = try TestDatabase(.loaded, shards: 2)
        defer { db.drop() }
        try db.write("revenue.csv", Sample.revenue)
        #expect(try db.settle("import", "revenue", "revenue.csv", "--dry-run").stdout.hasPrefix("revenue.csv: 5 rows read, 5 new, 0 already present"))
        #expect(try db.counts() == .init())
        #expect(try db.settle("import", "revenue", "revenue.csv")
                == .init(status: 0, stdout: "revenue.csv: 5 rows read, 5 new, 0 already present.\n", stderr: ""))
        #expect(try db.settle("import", "revenue", "revenue.csv")
                == .init(status: 0, stdout: "revenue.csv: 5 rows read, 0 new, 5 already present.\n", stderr: ""))
        try db.write("bad.csv", Sample.revenue.replacingOccurrences(of: "2026-02-11", with: "2026-02-30"))
        #expect(try db.settle("import", "revenue", "bad.csv").status == 1)
        #expect(try db.counts() == .init(revenue: 5, imports: 2))
        #expect(try db.rows("SELECT state FROM imports ORDER BY import_id") == [["complete"], ["complete"]])
    }

    @Test("on a shard, facts stay immutable but for the rows of the import a session names for removal")
    func shardFactsImmutable() throws {
        let db = try TestDatabase(.loaded, shards: 2)
        defer { db.drop() }
        try db.write("revenue.csv", Sample.revenue)
        #expect(try db.settle("import", "revenue", "revenue.csv").status == 0)
        let id = try db.rows("SELECT import_id FROM imports")[0][0] ?? ""
        var deleted = 0
        for cluster in TestShards.shared.clusters {
            let shard = try PostgresConnection(parameters: cluster.connectionParameters(database: db.name))
            #expect(throws: PostgresError.self) { try shard.query("DELETE FROM revenue") }
            #expect(throws: PostgresError.self) {
                try shard.transaction {
                    try shard.query("SELECT set_config('settle.discard_import', $1, true)", [String((Int(id) ?? 0) + 1)])
                    try shard.query("DELETE FROM revenue")
                }
            }
            #expect(throws: PostgresError.self) { try shard.query("UPDATE revenue SET amount = 0") }
            try shard.transaction {
                try shard.query("SELECT set_config('settle.discard_import', $1, true)", [id])
                deleted += try shard.query("DELETE FROM revenue").affectedRows
            }
        }
        #expect(deleted == 5)
    }
}
