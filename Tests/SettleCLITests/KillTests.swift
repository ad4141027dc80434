import Foundation
import SettleStore
import SettleTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 4, point 4: an importer killed with SIGKILL in the middle of a large file leaves the
/// database holding either nothing of that file or all of it, and the next import of the file
/// then goes through whole.
@Suite("SIGKILL in the middle of a large import")
struct KillTests {
    static let rows = 300_000

    /// Where in the import the kill lands: well into the COPY of the rows, once every row is
    /// copied and checked (the fact table's key checks refs during the COPY itself), before the
    /// commit (the failpoint `import.copied`), or between the commit of the rollups, copied on a
    /// second connection, and the commit of the rows (`import.rollups-committed`).
    enum Stage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case copy = "while the file streams to the server (COPY)"
        case copied = "after the rows are copied, before the commit"
        case rollupsCommitted = "after the rollups are committed, before the rows"
        var failpoint: String? {
            switch self {
            case .copy: nil
            case .copied: "import.copied"
            case .rollupsCommitted: "import.rollups-committed"
            }
        }
        var testDescription: String { rawValue }
    }

    /// `large.csv`: `rows` revenue rows over three months for the programme's providers; returns
    /// the sum of the amounts in cents.
    static func writeLargeFile(_ db: TestDatabase) throws -> Int {
        let currencies = try Programme.currencies()
        let providers = Programme.providers
        var text = "ref,date,provider,stream,quantity,amount,currency\n"
        text.reserveCapacity(rows * 64)
        var cents = 0
        for row in 0..<rows {
            let provider = providers[row % providers.count]
            let amount = row % 100_000 - 20_000    // refunds too
            cents += amount
            let sign = amount < 0 ? "-" : ""
            let fraction = abs(amount) % 100
            text += "kill-\(row),2026-0\(row % 3 + 1)-\(10 + row % 18),\(provider),api_usage,\(row % 1000),"
                + "\(sign)\(abs(amount) / 100).\(fraction < 10 ? "0" : "")\(fraction),\(currencies[provider]!)\n"
        }
        try db.write("large.csv", text)
        return cents
    }

    /// Polls the server until the import of `database` is at `stage`; `false` if the process ends
    /// first. At a failpoint the process has killed itself, there.
    static func waitFor(_ stage: Stage, in db: TestDatabase, while process: Process) throws -> Bool {
        guard stage == .copy else { return process.terminationReason == .uncaughtSignal }
        // Well into the file, far from its end.
        let sql: SQL = "SELECT count(*) FROM pg_stat_progress_copy WHERE datname = $1 AND tuples_processed > 20000"
        while process.isRunning {
            if try db.int(sql, [db.name]) > 0 { return process.isRunning }
            usleep(5_000)
        }
        return false
    }

    @Test("killed, then imported again", .timeLimit(.minutes(5)), arguments: Stage.allCases)
    func killed(at stage: Stage) throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let cents = try Self.writeLargeFile(db)
        let arguments = ["import", "revenue", "large.csv", "--database", db.connectionString]

        let process = try SettleBinary.start(arguments, in: db.folder, output: "killed",
                                             environment: stage.failpoint.map { ["SETTLE_FAILPOINT": $0] } ?? [:])
        if stage.failpoint != nil { process.waitUntilExit() }
        let reached = try Self.waitFor(stage, in: db, while: process)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(reached, "the import ended before it reached the stage \(stage.rawValue)")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)

        try db.waitForOtherSessionsToEnd()
        // A pending import record counts for nothing: the next import, run or close removes it.
        let pending = try db.int("SELECT count(*) FROM imports WHERE state = 'pending'")
        var counts = try db.counts()
        counts.imports -= pending
        #expect(pending <= 1)
        let nothing = TestDatabase.Counts()
        let everything = TestDatabase.Counts(revenue: Self.rows, imports: 1)
        #expect(counts == nothing || counts == everything, "after the kill: \(counts)")
        if stage == .copy {
            // Killed a long way before the end of the file: it cannot have committed.
            #expect(counts == nothing)
        }
        if stage == .rollupsCommitted {
            // The rollups are stored under a pending import, which counts for nothing.
            #expect(counts == nothing)
            #expect(try db.int("SELECT count(*) FROM revenue_rollup") > 0)
            #expect(try db.int("SELECT count(*) FROM imports WHERE state = 'pending'") == 1)
            #expect(try db.store.maxImportID() == 0, "readers stop below a pending import")
            // The next run or close removes what it left before reading anything.
            try db.store.monthEndTransaction {}
            #expect(try db.int("SELECT count(*) FROM revenue_rollup") == 0)
            #expect(try db.int("SELECT count(*) FROM imports") == 0)
        }
        if counts == nothing && stage != .rollupsCommitted {
            #expect(try db.partitions() == [], "partitions are created in the import's transactions")
        }

        // The file goes through whole afterwards (or, had the kill come after the commit, adds nothing).
        let outcome = try SettleBinary.run(arguments, in: db.folder)
        let new = counts == nothing ? "300,000" : "0"
        let present = counts == nothing ? "0" : "300,000"
        #expect(outcome == .init(status: 0, stdout: "large.csv: 300,000 rows read, \(new) new, \(present) already present.\n",
                                 stderr: ""))
        #expect(try db.int("SELECT count(*) FROM revenue") == Self.rows)
        #expect(try db.int("SELECT count(DISTINCT ref) FROM revenue") == Self.rows)
        #expect(try db.int("SELECT (sum(amount) * 100)::bigint FROM revenue") == cents)
        #expect(try db.rows("SELECT rows_read, rows_new FROM imports ORDER BY import_id DESC LIMIT 1")
                == [[String(Self.rows), counts == nothing ? String(Self.rows) : "0"]])
        // What the killed import left is gone, and the rollups are the rows' sums, counted once.
        #expect(try db.int("SELECT count(*) FROM imports WHERE state = 'pending'") == 0)
        #expect(try db.int("SELECT (sum(amount) * 100)::bigint FROM revenue_rollup") == cents)
        #expect(try db.int("SELECT sum(rows) FROM revenue_rollup") == Self.rows)
    }

    @Test("the rollups' copy beside the rows fails: the import writes them after the rows itself, whole and once",
          .timeLimit(.minutes(5)))
    func rollupsBesideFail() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let cents = try Self.writeLargeFile(db)
        let outcome = try SettleBinary.run(["import", "revenue", "large.csv", "--database", db.connectionString], in: db.folder,
                                           environment: ["SETTLE_FAILPOINT_ERROR": "import.rollups-beside"])
        #expect(outcome == .init(status: 0, stdout: "large.csv: 300,000 rows read, 300,000 new, 0 already present.\n", stderr: ""))
        #expect(try db.counts() == TestDatabase.Counts(revenue: Self.rows, imports: 1))
        #expect(try db.int("SELECT (sum(amount) * 100)::bigint FROM revenue_rollup") == cents)
        #expect(try db.int("SELECT sum(rows) FROM revenue_rollup") == Self.rows)
        #expect(try db.partitions().count == 3)
    }
}
