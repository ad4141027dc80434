@testable import SettleStore
import SettleTestSupport

extension TestDatabase {
    /// An empty database migrated up to `version` only, as an earlier release of `settle migrate`
    /// left it (for tests of the migrations after it).
    static func atSchemaVersion(_ version: Int) throws -> TestDatabase {
        let db = try TestDatabase(.empty)
        try db.connection.query("""
            CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
                                            applied_at timestamptz NOT NULL DEFAULT now())
            """)
        for migration in Migrations.all where migration.version <= version {
            try db.connection.execute(script: migration.sql)
            try migration.convert?(db.connection)
            try db.connection.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                    [String(migration.version), migration.name])
        }
        return db
    }
}
