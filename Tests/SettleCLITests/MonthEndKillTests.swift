import Foundation
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 5, point 2: a run killed at any point leaves the previous draft or the new one, never a
/// mix; a run and a close started at once never interleave.
@Suite("Month end under SIGKILL and concurrency")
struct MonthEndKillTests {
    static let august = Period("2026-08")!

    /// The programme with `rows` August revenue rows in each provider's own currency (no FX needed),
    /// imported; returns the database.
    static func loadedAugust(rows: Int, refPrefix: String = "k") throws -> TestDatabase {
        let db = try TestDatabase(.loaded)
        try addAugustRows(db, rows: rows, refPrefix: refPrefix)
        return db
    }

    static func addAugustRows(_ db: TestDatabase, rows: Int, refPrefix: String) throws {
        let currencies = try Programme.currencies()
        var csv = "ref,date,provider,stream,quantity,amount,currency,role\n"
        csv.reserveCapacity(rows * 70)
        for row in 0..<rows {
            let provider = Programme.providers[row % Programme.providers.count]
            let stream = ["api_usage", "subscription", "licensing", "custom_development"][row % 4]
            let role = stream == "custom_development" ? (row % 8 == 3 ? "executed" : "facilitated") : ""
            let cents = (row * 7919) % 100_000 - 3_000
            let amount = currencies[provider] == "JPY" ? "\(cents / 100)" : "\(cents / 100).\(String(format: "%02d", abs(cents) % 100))"
            let sign = cents < 0 && cents > -100 && currencies[provider] != "JPY" ? "-" : ""
            csv += "\(refPrefix)-\(row),2026-08-\(10 + row % 20),\(provider),\(stream),\(row % 50),\(sign)\(amount),\(currencies[provider]!),\(role)\n"
        }
        _ = try db.store.importFile(try db.write("\(refPrefix).csv", csv), as: .revenue)
    }

    func documents(_ db: TestDatabase) throws -> [String] {
        try db.store.statements(of: Self.august).map(\.document)
    }

    @Test("a run killed mid-way leaves the previous draft whole", .timeLimit(.minutes(3)))
    func killedRun() throws {
        let db = try Self.loadedAugust(rows: 20_000)
        defer { db.drop() }
        _ = try MonthEnd(store: db.store).run(Self.august)
        let before = try documents(db)
        let runsBefore = try db.int("SELECT count(*) FROM runs")
        try Self.addAugustRows(db, rows: 300_000, refPrefix: "more")

        let process = try SettleBinary.start(["run", "2026-08", "--database", db.connectionString], in: db.folder)
        var caught = false
        while process.isRunning && !caught {
            caught = try db.int("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND state = 'active'
                AND (query LIKE '%FROM revenue WHERE date >= $1%' OR query LIKE 'INSERT INTO statements%')
                """, [db.name]) > 0
            if !caught { usleep(1_000) }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(caught, "the run ended before it could be killed")
        try db.waitForOtherSessionsToEnd()
        #expect(try documents(db) == before)
        #expect(try db.int("SELECT count(*) FROM runs") == runsBefore)

        // The next run completes and replaces the draft whole.
        let summary = try MonthEnd(store: db.store).run(Self.august)
        #expect(try db.int("SELECT count(*) FROM statements WHERE run_id = $1", [String(summary.runID)]) == 5)
        #expect(try documents(db) != before)
    }

    @Test("a run and a close started at once: one waits for the other, and the period ends closed and intact")
    func runAndCloseAtOnce() async throws {
        let db = try Self.loadedAugust(rows: 50_000)
        defer { db.drop() }
        _ = try MonthEnd(store: db.store).run(Self.august)
        let name = db.name
        async let run: String = Task.detached {
            do {
                _ = try MonthEnd(store: Store(try TestCluster.connect(name))).run(Self.august)
                return "ran"
            } catch { return "\(error)" }
        }.value
        async let close: String = Task.detached {
            do {
                try MonthEnd(store: Store(try TestCluster.connect(name))).close(Self.august, today: .testToday)
                return "closed"
            } catch { return "\(error)" }
        }.value
        let outcomes = await [run, close]
        // Either the run went first (then the close closed its draft), or the close did (then the
        // run was refused because the period is closed).
        #expect(outcomes[1] == "closed")
        #expect(outcomes[0] == "ran" || outcomes[0].hasPrefix("2026-08 is closed;"))
        #expect(try db.store.status(of: Self.august) == .closed)
        #expect(try MonthEnd(store: db.store).verify(Self.august) == [])
    }
}
