import Foundation
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// Changes made behind Settle's back, past its triggers (as a superuser can): verify finds them in
/// the rollups and the rows, and no payout file is written from statements changed since the close.
@Suite("Tampering past the triggers")
struct TamperTests {
    /// Runs `sql` with triggers off, as a superuser would.
    func tamper(_ db: TestDatabase, _ sql: SQL) throws {
        try db.connection.query("SET session_replication_role = replica")
        defer { _ = try? db.connection.query("SET session_replication_role = DEFAULT") }
        try db.connection.query(sql)
    }

    @Test("a rollup changed after the close: verify names it and the rows it should sum")
    func rollupChanged() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        // Changed as a careful forger would: the month's total and its day alike.
        try tamper(db, """
            UPDATE revenue_rollup SET amount = amount * 10, day_amount = ARRAY(SELECT a * 10 FROM unnest(day_amount) a)
            WHERE currency = 'EUR'
            """)
        let outcome = try db.settle("verify", "2026-08")
        #expect(outcome.status == 1)
        // The run read 1,000.00 EUR + 100.00 USD x 0.9: 10% = 109.00; from the changed rollup, 1,009.00.
        #expect(outcome.stderr == """
            the revenue rollup of prov-a on 2026-08-05 (api_usage, EUR, import 1) says 10000.000000 from 1 rows, but the rows say 1000.00 from 1
            what the run read has changed (revenue amount 1100.000000 → 10100.000000)
            prov-a: earnings stored 209.00, recomputed 1109.00
            prov-a: period_net stored 209.00, recomputed 1109.00
            prov-a: payout stored 209.00, recomputed 1109.00
            prov-a: line 1 (api-share) stored 109.00, recomputed 1009.00
            2026-08 does NOT verify: 6 differences between the stored statements and a recomputation.

            """, "\(outcome)")
    }

    @Test("a monthly rollup's total changed without its days: verify says they no longer add up")
    func rollupTotalChanged() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        try tamper(db, "UPDATE revenue_rollup SET amount = amount * 10 WHERE currency = 'EUR'")
        let outcome = try db.settle("verify", "2026-08")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("""
            the revenue rollup of prov-a for 2026-08 (api_usage, EUR, import 1) totals 10000.000000 from 1 rows, but its days add up to 1000.000000 from 1
            what the run read has changed (revenue amount 1100.000000 → 10100.000000)

            """), "\(outcome)")
    }

    @Test("a raw row of a closed period changed: its rollup no longer sums it, and verify says so")
    func rowChanged() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        try tamper(db, "UPDATE revenue SET amount = 5000.00 WHERE ref = 'A-1'")
        let differences = try MonthEnd(store: db.store).verify(Period("2026-08")!)
        #expect(differences == [
            "the revenue rollup of prov-a on 2026-08-05 (api_usage, EUR, import 1) says 1000.000000 from 1 rows, but the rows say 5000.00 from 1",
        ])
    }

    @Test("a closed statement changed: payouts writes nothing, verify reports the fingerprint")
    func statementChanged() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        try tamper(db, "UPDATE statements SET payout = 100017602.98, document = replace(document, '209.00', '100017602.98')")
        #expect(try PayoutsCLITests.payouts(db) == .init(status: 1, stdout: "", stderr: """
            Error: No payout file was written: the stored statements of 2026-08 do not match their fingerprint taken when it was closed; run `settle verify 2026-08` to see what changed.

            """))
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("pay.xml").path))
        #expect(try db.int("SELECT count(*) FROM payout_files") == 0)
        let differences = try MonthEnd(store: db.store).verify(Period("2026-08")!)
        #expect(differences.first == "the stored statements of 2026-08 do not match their fingerprint taken when it was closed")
    }

    @Test("the record of what the run read changed: verify says it no longer matches its fingerprint, and what it now claims")
    func runRecordChanged() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        try tamper(db, #"UPDATE runs SET inputs = replace(inputs, '"rows":2', '"rows":3')"#)
        let differences = try MonthEnd(store: db.store).verify(Period("2026-08")!)
        #expect(differences == [
            "the record of what run 1 read does not match its fingerprint",
            "what the run read has changed (revenue rows 3 → 2)",
        ], "\(differences)")
    }
}
