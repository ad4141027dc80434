import Foundation
import SettleCore
@testable import SettleStore
import SettleTestSupport
import Testing

/// Migration 14: the text runs recorded before becomes the typed record, without losing it.
@Suite("Run records from before schema version 14")
struct RunRecordMigrationTests {
    /// What a run of the previous release recorded for a September that read late facts and a
    /// retroactive version of a closed August (its format, line by line).
    static let legacySeptember = """
        period 2026-09
        revenue rows=1 amount=50.00 quantity=0 newest-import=4
        hours rows=2 hours=12.500 newest-import=3
        fx USD->EUR 0.900000000000, GBP->EUR 1.150000000000
        contracts prov-a-2026 v1 \(String(repeating: "a", count: 64)), prov-a-2026 v2 \(String(repeating: "b", count: 64))
        held prov-b, prov-c
        opening prov-a=209, prov-b=-12.5
        late facts for 2026-08: revenue rows=3 amount=1110.00 quantity=0 newest-import=5; hours rows=0 hours=0 newest-import=0; fx USD->EUR 0.900000000000
        retroactive versions for 2026-08: prov-a prov-a-2026 v2, prov-a-2026 v3; prov-b prov-b-2026 v2
        """

    static let legacyAugust = """
        period 2026-08
        revenue rows=2 amount=1100.00 quantity=0 newest-import=1
        hours rows=0 hours=0 newest-import=0
        fx \("")
        contracts \("")
        held \("")
        opening \("")
        """

    /// A database at schema version 13 holding runs with `texts` as their recorded inputs.
    func databaseAtVersion13(runs texts: [String]) throws -> TestDatabase {
        let db = try TestDatabase.atSchemaVersion(13)
        for text in texts {
            try db.connection.query("""
                INSERT INTO runs (period, engine_version, max_import_id, revenue_rows, hours_rows, fx_rows, inputs, fingerprint)
                VALUES (to_date(substr($1, 8, 7), 'YYYY-MM'), 'settle-engine 3', 5, 0, 0, 0, $1,
                        encode(sha256(convert_to($1, 'UTF8')), 'hex'))
                """, [text])
        }
        return db
    }

    @Test("every line of a recorded text becomes a field, and the text and its fingerprint are kept beside it")
    func converted() throws {
        let db = try databaseAtVersion13(runs: [Self.legacyAugust, Self.legacySeptember])
        defer { db.drop() }
        try db.store.migrate()
        let rows = try db.connection.query("""
            SELECT inputs, fingerprint = encode(sha256(convert_to(inputs, 'UTF8')), 'hex'), legacy_inputs,
                   legacy_fingerprint = encode(sha256(convert_to(legacy_inputs, 'UTF8')), 'hex')
            FROM runs ORDER BY run_id
            """).rows
        #expect(rows.map { $0[1] } == ["t", "t"])
        #expect(rows.map { $0[2] } == [Self.legacyAugust, Self.legacySeptember])
        #expect(rows.map { $0[3] } == ["t", "t"])
        let september = try Canonical.decode(RecordedInputs.self, rows[1][0]!)
        #expect(september.period == Period("2026-09")!)
        #expect(september.facts.revenue == .init(rows: 1, amount: "50.00", quantity: "0", newestImport: 4))
        #expect(september.facts.hours == .init(rows: 2, hours: "12.500", newestImport: 3))
        #expect(september.facts.fxRates.map(\.description) == ["USD->EUR 0.900000000000", "GBP->EUR 1.150000000000"])
        #expect(september.contracts.map(\.name.description) == ["prov-a-2026 v1", "prov-a-2026 v2"])
        #expect(september.held == ["prov-b", "prov-c"])
        #expect(september.openingBalances.map { "\($0.provider) \($0.balance)" } == ["prov-a 209", "prov-b -12.5"])
        #expect(september.lateFacts.map(\.period) == [Period("2026-08")!])
        #expect(september.lateFacts.first?.facts.revenue.amount == "1110.00")
        #expect(september.retroactiveVersions.map(\.description)
                == ["2026-08 prov-a prov-a-2026 v2, prov-a-2026 v3", "2026-08 prov-b prov-b-2026 v2"])
        let august = try Canonical.decode(RecordedInputs.self, rows[0][0]!)
        #expect(august.contracts.isEmpty && august.held.isEmpty && august.openingBalances.isEmpty && august.facts.fxRates.isEmpty)
        // The stored runs stay immutable.
        #expect(throws: PostgresError.self) { try db.connection.query("UPDATE runs SET inputs = '{}'") }
    }

    @Test("a text the conversion cannot render back exactly stops the migration, and nothing changes")
    func refusedWhenNotExact() throws {
        let garbled = Self.legacyAugust.replacingOccurrences(of: "rows=2 amount", with: "rows=2  amount")
        let db = try databaseAtVersion13(runs: [Self.legacyAugust, garbled])
        defer { db.drop() }
        #expect(throws: StoreError.self) { try db.store.migrate() }
        #expect(try db.store.schemaVersion() == 13)
        #expect(try db.connection.query("SELECT inputs FROM runs ORDER BY run_id").rows.map { $0[0] }
                == [Self.legacyAugust, garbled])
    }

    @Test("a text changed behind Settle's back since its run is refused, not given a fresh fingerprint")
    func refusedWhenAltered() throws {
        let db = try databaseAtVersion13(runs: [Self.legacyAugust, Self.legacySeptember])
        defer { db.drop() }
        try db.connection.query("ALTER TABLE runs DISABLE TRIGGER runs_immutable")
        try db.connection.query("UPDATE runs SET inputs = replace(inputs, 'amount=50.00', 'amount=5000.00') WHERE run_id = 2")
        try db.connection.query("ALTER TABLE runs ENABLE TRIGGER runs_immutable")
        let error = #expect(throws: StoreError.self) { try db.store.migrate() }
        #expect(error?.description == "The recorded inputs of run 2 no longer match their fingerprint; nothing was migrated. Run `settle verify` with this settle's previous version to see what changed.")
        #expect(try db.store.schemaVersion() == 13)
    }
}
