import Foundation
import SettleContracts
import SettleCore
import SettleMonthEnd
@testable import SettleStore
import SettleTestSupport
import Testing

/// Run, close, verify and prior-period adjustments against a real PostgreSQL, on one small
/// contract whose every amount is computed by hand.
@Suite("Month end: run, close, verify, adjustments")
struct MonthEndTests {
    @Test("a run stores the draft; running again gives the same documents byte for byte")
    func runIsDeterministic() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        // 1000.00 + 100.00 USD x 0.9 = 1090.00; 10% = 109.00; fee 100.00; payout 209.00
        #expect(try db.amounts("2026-08") == ["api-share 109.00", "fee 100.00", "payout 209.00"])
        let first = try db.store.statements(of: Period("2026-08")!).map(\.document)
        _ = try monthEnd.run(Period("2026-08")!)
        #expect(try db.store.statements(of: Period("2026-08")!).map(\.document) == first)
        #expect(try db.int("SELECT count(*) FROM runs") == 2)
    }

    @Test("a missing FX rate fails the run, names the pair, and writes nothing")
    func missingRate() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        try db.importRevenue("gbp.csv", [("A-3", "2026-08-07", "10.00", "GBP")])
        #expect(throws: MonthEndError.self) { try monthEnd.run(Period("2026-08")!) }
        do { _ = try monthEnd.run(Period("2026-08")!) } catch {
            #expect("\(error)" == "No FX rate for 2026-08 for the pair GBP->EUR; import them with `settle import fx-rates`. Nothing was written.")
        }
        #expect(try db.int("SELECT count(*) FROM runs") == 0)
        #expect(try db.int("SELECT count(*) FROM statements") == 0)
    }

    @Test("September cannot run before August is closed")
    func earlierPeriodOpen() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        do {
            _ = try monthEnd.run(Period("2026-09")!)
            Issue.record("September ran with August open")
        } catch {
            #expect("\(error)" == "2026-08 is not closed, and a contract was in force in it; run and close 2026-08 before 2026-09.")
        }
    }

    @Test("close refuses changed inputs; a closed period is frozen by the database itself")
    func closeFreezes() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        try db.importRevenue("more.csv", [("A-4", "2026-08-09", "10.00", "EUR")])
        do {
            try monthEnd.close(Period("2026-08")!, today: .testToday)
            Issue.record("closed with changed inputs")
        } catch {
            #expect("\(error)" == "What 2026-08 reads has changed since its run (revenue rows 2 → 3, revenue amount 1100.000000 → 1110.000000, revenue quantity 2.000000 → 3.000000); run it again with `settle run 2026-08` before closing.")
        }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        #expect(throws: PostgresError.self) { try db.connection.query("UPDATE statements SET payout = 0") }
        #expect(throws: PostgresError.self) { try db.connection.query("DELETE FROM statements") }
        #expect(throws: PostgresError.self) { try db.connection.query("UPDATE periods SET status = 'computed'") }
        do {
            _ = try monthEnd.run(Period("2026-08")!)
            Issue.record("re-ran a closed period")
        } catch {
            #expect("\(error)".hasPrefix("2026-08 is closed; its statements can no longer change."))
        }
    }

    @Test("each run keeps the draft's totals its summary prints: as counted from the tables, after late rows and holds")
    func draftTotals() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        let august = Period("2026-08")!
        /// What the run's summary line says: statements, recomputed, payouts, unsettled rows and providers.
        func summary(_ run: RunSummary) throws -> String {
            #expect(try db.store.draftTotals(of: august) == db.store.countedDraftTotals(of: august))
            let payouts = run.payouts.map { "\($0.currency.code) \($0)" }.joined(separator: ", ")
            let unsettled = run.unsettled.rows.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: ", ")
            return "\(run.statements) \(run.recomputed) [\(payouts)] [\(unsettled)] \(run.unsettled.providers)"
        }
        let first = try summary(monthEnd.run(august))
        #expect(first == "1 1 [EUR 209.00] [] 0")
        // A late row and one of a stream no rule reads: the re-run counts prov-a's old statement and
        // unsettled data out and its new ones in (10% x 1590.00 = 159.00; fee 100.00).
        try db.importRevenue("late.csv", [("A-3", "2026-08-07", "500.00", "EUR")])
        _ = try db.store.importFile(try db.write("odd.csv", """
            ref,date,provider,stream,quantity,amount,currency
            A-4,2026-08-08,prov-a,api-usage,2,7.00,EUR

            """), as: .revenue)
        let late = try summary(monthEnd.run(august))
        #expect(late == "1 1 [EUR 259.00] [stream_not_read 1] 1")
        // On hold: nothing paid, so no payout in any currency.
        #expect(try db.store.setHold(provider: "prov-a", onHold: true, reason: "review") == .changed)
        let held = try summary(monthEnd.run(august))
        #expect(held == "1 1 [] [stream_not_read 1] 1")
        // A draft computed before schema 27 has no totals kept: its next re-run counts them once.
        try db.connection.query("UPDATE periods SET draft_totals = NULL")
        #expect(try db.store.setHold(provider: "prov-a", onHold: false, reason: "reviewed") == .changed)
        let released = try summary(monthEnd.run(august))
        #expect(released == "1 1 [EUR 259.00] [stream_not_read 1] 1")
        #expect(try db.connection.query("SELECT draft_totals IS NOT NULL FROM periods").scalar == "t")
        let scratch = try summary(monthEnd.run(august, recomputeAll: true))
        #expect(scratch == released)
    }

    @Test("late rows for a closed month are booked as adjustments in the next run, once")
    func lateRows() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        try db.importRevenue("late.csv", [("A-5", "2026-08-20", "500.00", "EUR"), ("S-1", "2026-09-02", "2000.00", "EUR")])
        _ = try db.store.importFile(try db.write("fx-sep.csv", "period,from,to,rate\n2026-09,USD,EUR,0.9\n"), as: .fxRates)
        _ = try monthEnd.run(Period("2026-09")!)
        // September: 10% of 2000.00 = 200.00, fee 100.00; August recomputed: 10% of 1590.00 = 159.00,
        // settled 109.00, so +50.00; payout 350.00
        #expect(try db.amounts("2026-09") == ["api-share 200.00", "fee 100.00", "api-share 50.00 adjusts 2026-08",
                                                "payout 350.00"])
        // A late September row: the re-run recomputes prov-a from its window sums and carries the
        // August adjustment over unchanged (10% of 2100.00 = 210.00).
        try db.importRevenue("late-sep.csv", [("S-2", "2026-09-03", "100.00", "EUR")])
        #expect(try monthEnd.run(Period("2026-09")!).recomputed == 1)
        #expect(try db.amounts("2026-09") == ["api-share 210.00", "fee 100.00", "api-share 50.00 adjusts 2026-08",
                                                "payout 360.00"])
        let documents = try db.store.statements(of: Period("2026-09")!).map(\.document)
        let rerun = try #require(try db.store.currentRun(of: Period("2026-09")!))
        #expect(rerun.inputs.lateFacts.map(\.period) == [Period("2026-08")!])
        _ = try monthEnd.run(Period("2026-09")!, recomputeAll: true)
        #expect(try db.store.statements(of: Period("2026-09")!).map(\.document) == documents)
        // The record of what it read too: a re-run records what a run from scratch would.
        let scratch = try #require(try db.store.currentRun(of: Period("2026-09")!))
        #expect(scratch.inputs == rerun.inputs && scratch.fingerprint == rerun.fingerprint)
        try monthEnd.close(Period("2026-09")!, today: .testToday)
        #expect(try monthEnd.verify(Period("2026-08")!) == [])
        #expect(try monthEnd.verify(Period("2026-09")!) == [])
        // October books nothing more for August: the 50.00 is already booked.
        _ = try db.store.importFile(try db.write("fx-oct.csv", "period,from,to,rate\n2026-10,USD,EUR,0.9\n"), as: .fxRates)
        _ = try monthEnd.run(Period("2026-10")!)
        #expect(try db.amounts("2026-10") == ["api-share 0.00", "fee 100.00", "payout 100.00"])
    }

    @Test("verify catches a stored statement changed behind the engine's back")
    func tampering() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        #expect(try monthEnd.verify(Period("2026-08")!) == [])
        try db.connection.query("ALTER TABLE statements DISABLE TRIGGER statements_frozen_on_update")
        try db.connection.query("UPDATE statements SET payout = 2090.00 WHERE provider_id = 'prov-a'")
        try db.connection.query("ALTER TABLE statements ENABLE TRIGGER statements_frozen_on_update")
        #expect(try monthEnd.verify(Period("2026-08")!) == [
            "the stored statements of 2026-08 do not match their fingerprint taken when it was closed",
            "prov-a: payout stored 2090.00, recomputed 209.00",
        ])
    }

    @Test("the database refuses every change to a closed period's statements and unsettled data")
    func closedPeriodFrozen() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        // A row of unsettled data to change (August has none).
        try db.connection.query("ALTER TABLE unsettled DISABLE TRIGGER unsettled_frozen_on_insert")
        try db.connection.query("""
            INSERT INTO unsettled (period, provider_id, reason, subject, currency, rows, quantity, amount, hours)
            VALUES ('2026-08-01', 'prov-y', 'no_rows', '-', '', 0, 0, 0, 0)
            """)
        try db.connection.query("ALTER TABLE unsettled ENABLE TRIGGER unsettled_frozen_on_insert")
        let before = try db.dataDump()
        for sql: SQL in [
            "UPDATE statements SET payout = payout + 1", "DELETE FROM statements WHERE provider_id = 'prov-a'",
            """
            INSERT INTO statements SELECT 'prov-z', period, run_id, contract_id, currency, earnings, charges, period_net,
                opening_balance, payout, closing_balance, due_date, on_hold, document FROM statements LIMIT 1
            """,
            "UPDATE unsettled SET rows = rows + 1", "DELETE FROM unsettled",
            """
            INSERT INTO unsettled (period, provider_id, reason, subject, currency, rows, quantity, amount, hours)
            VALUES ('2026-08-01', 'prov-z', 'no_rows', '-', '', 0, 0, 0, 0)
            """,
        ] {
            let error = #expect(throws: PostgresError.self, "\(sql)") { try db.connection.query(sql) }
            #expect(error?.sqlState == "23000")
            #expect(error?.description.contains("period 2026-08 is closed; its statements can no longer change") == true)
        }
        #expect(try db.dataDump() == before)
    }

    @Test("a run waits for an import, contract load or hold change still in progress")
    func runWaitsForWriters() async throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        // What imports, contract loads and hold changes take first: a shared hold on the month end.
        let writer = try TestCluster.connect(db.name)
        try writer.query("BEGIN")
        try writer.query("SELECT pg_advisory_xact_lock_shared($1)", [String(LockKey.monthEnd)])
        let name = db.name
        let stages = Stages()
        let run = Task {
            _ = try MonthEnd(store: Store(try TestCluster.connect(name))) { stages.append($0) }.run(Period("2026-08")!)
        }
        // Until the run is seen waiting (a loaded machine may take a while to start it), at most 20 s.
        for _ in 0..<200 where stages.all.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try db.int("SELECT count(*) FROM runs") == 1)      // still waiting
        #expect(stages.all == [.waiting])                          // and saying so
        try writer.query("COMMIT")
        try await run.value
        #expect(try db.int("SELECT count(*) FROM runs") == 2)
        // Nothing changed since the draft: the re-run recomputes no provider.
        #expect(stages.all == [.waiting, .summing(providers: 0), .computing(providers: 0), .storing(statements: 0)])
    }

    @Test("two runs started at once: one waits for the other, and the result is whole")
    func concurrentRuns() async throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }
        let name = db.name
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let store = Store(try TestCluster.connect(name))
                    _ = try MonthEnd(store: store).run(Period("2026-08")!)
                }
            }
            try await group.waitForAll()
        }
        #expect(try db.int("SELECT count(*) FROM runs") == 2)
        #expect(try db.amounts("2026-08") == ["api-share 109.00", "fee 100.00", "payout 209.00"])
    }
}

/// The stages a run reported, from whichever thread it ran on.
final class Stages: @unchecked Sendable {
    private let lock = NSLock()
    private var stages: [RunStage] = []

    func append(_ stage: RunStage) { lock.withLock { stages.append(stage) } }
    var all: [RunStage] { lock.withLock { stages } }
}
