import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

/// Migration 17 (issue 19): the facts of partitioned tables become one table each, keyed by
/// `ref`, with every row kept and its rollups untouched.
@Suite("Facts keyed by ref (migration 17)")
struct FactKeyMigrationTests {
    @Test("rows of two months survive; a repeated ref is refused by the key")
    func migrated() throws {
        let db = try TestDatabase.atSchemaVersion(16)
        defer { db.drop() }
        try db.connection.execute(script: """
            INSERT INTO imports (dataset, file_name, rows_read, rows_new, rows_present) VALUES ('revenue', 'old.csv', 2, 2, 0);
            CREATE TABLE revenue_p2026_01 PARTITION OF revenue FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
            CREATE TABLE revenue_p2026_02 PARTITION OF revenue FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
            INSERT INTO revenue (provider_id, date, ref, stream, quantity, amount, currency, import_id)
            VALUES ('acme-cloud', '2026-01-05', 'r1', 'api_usage', 1, 10.00, 'EUR', 1),
                   ('acme-cloud', '2026-02-05', 'r2', 'api_usage', 1, 20.00, 'EUR', 1);
            """)
        try db.store.migrate()
        #expect(try db.rows("SELECT ref, date::text, amount::text FROM revenue ORDER BY ref")
                == [["r1", "2026-01-05", "10.00"], ["r2", "2026-02-05", "20.00"]])
        #expect(try db.rows("""
            SELECT indexrelid::regclass::text, indisprimary::text FROM pg_index WHERE indrelid = 'revenue'::regclass ORDER BY 1
            """) == [["revenue_date", "false"], ["revenue_pkey", "true"]])
        #expect(try db.rows("SELECT relkind::text FROM pg_class WHERE relname IN ('revenue', 'compute_hours')") == [["r"], ["r"]])
        let repeated = #expect(throws: PostgresError.self) {
            try db.connection.query("""
                INSERT INTO revenue (provider_id, date, ref, stream, quantity, amount, currency, import_id)
                VALUES ('acme-cloud', '2026-03-05', 'r1', 'api_usage', 1, 1, 'EUR', 1)
                """)
        }
        #expect(repeated?.sqlState == "23505")
        #expect(throws: PostgresError.self) { try db.connection.query("DELETE FROM revenue") }
        #expect(throws: PostgresError.self) { try db.connection.query("TRUNCATE revenue") }
    }
}
