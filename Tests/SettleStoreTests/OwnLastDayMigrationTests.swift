@testable import SettleStore
import SettleTestSupport
import Testing

/// Migration 24 (issue 19): each stored contract version gets the last day it can be in force by
/// its own terms, read once from its document.
@Suite("A contract version's own last day (migration 24)")
struct OwnLastDayMigrationTests {
    @Test("the earlier of expires and terminated, either one, or none; the versions stay immutable")
    func backfilled() throws {
        let db = try TestDatabase.atSchemaVersion(23)
        defer { db.drop() }
        try db.connection.query("INSERT INTO providers (provider_id, name, country) VALUES ('p', 'P', 'DE')")
        let documents = [("a", #"{"expires":"2027-03-31","terminated":"2026-12-15"}"#), ("b", #"{"expires":"2027-03-31"}"#),
                         ("c", #"{"terminated":"2026-02-28"}"#), ("d", #"{"effective":"2026-01-01"}"#)]
        for (id, content) in documents {
            try db.connection.query("""
                INSERT INTO contract_versions (provider_id, contract_id, version, currency, effective, content, content_hash,
                                               source_file, source_text)
                VALUES ('p', $1, 1, 'EUR', '2026-01-01', $2, 'hash', 'file', 'text')
                """, [id, content])
        }
        try db.store.migrate()
        #expect(try db.rows("SELECT contract_id, own_last_day::text FROM contract_versions ORDER BY contract_id")
                == [["a", "2026-12-15"], ["b", "2027-03-31"], ["c", "2026-02-28"], ["d", nil]])
        #expect(throws: PostgresError.self) {
            try db.connection.query("UPDATE contract_versions SET own_last_day = NULL WHERE contract_id = 'a'")
        }
    }
}
