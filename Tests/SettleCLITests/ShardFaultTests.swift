import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

/// A shard server that stops (`pg_ctl stop -m immediate`) under a command (docs/REFERENCE.md §12):
/// the state stays consistent and a retry finishes the work. On `TestShards.crashable`, one test
/// at a time, so that no other test finds a shard down.
@Suite("shards: a shard server fails", .serialized)
struct ShardFaultTests {
    @Test("a server started before its program was installed (a package upgrade under it) is restarted by the next start")
    func restartAfterUpgrade() throws {
        try TestShards.crashable.start()
        let cluster = TestShards.crashable.clusters[0]
        let pidFile = cluster.directory.appendingPathComponent("data/postmaster.pid")
        func lines() throws -> [String] {
            try String(contentsOf: pidFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(try !cluster.serverPredatesItsProgram())
        var pid = try lines()
        let process = pid[0]
        pid[2] = "0"   // started at the epoch, before any program was installed
        try pid.joined(separator: "\n").write(to: pidFile, atomically: false, encoding: .utf8)
        #expect(try cluster.serverPredatesItsProgram())

        try cluster.start()
        #expect(try lines()[0] != process, "a new server process")
        #expect(try !cluster.serverPredatesItsProgram())
        let connection = try PostgresConnection(parameters: cluster.connectionParameters(database: "postgres"))
        #expect(try connection.query("SELECT 1").scalar == "1")
    }

    @Test("shards check with a shard stopped: exit 1, the table and one sentence; ready again once it is back")
    func checkStoppedShard() throws {
        let db = try TestDatabase(.migrated, shards: 2, on: .crashable)
        defer { db.drop() }
        try TestShards.crashable.crash(1)
        defer { try? TestShards.crashable.restart(1) }
        let outcome = try db.settle("shards", "check")
        try TestShards.crashable.restart(1)
        let socket = TestShards.crashable.clusters[1].directory.path + "/socket/.s.PGSQL.5432"
        #expect(outcome == .init(status: 1, stdout: """
            shard  position  from settle  from coordinator  state
            a             0  schema \(Migrations.latest)    schema \(Migrations.latest)         ready
            b             1  unreachable  unreachable       NOT READY

            """, stderr: """
            Error: 1 of 2 shards is not ready: b cannot be reached from settle (connection to server on socket "\(socket)" failed: No such file or directory).

            """))
        #expect(try db.settle("shards", "check").status == 0)
    }

    @Test("a shard stopped as an import commits: nothing counts, runs wait for the cleanup, the file imported again is whole")
    func importCommitting() throws {
        let data = try sampleData()
        defer { try? FileManager.default.removeItem(at: data) }
        let single = try TestDatabase(.loaded)
        defer { single.drop() }
        let revenue = data.path + "/revenue-2026-08.csv"

        // The importer sees the failure: one sentence, and what it cannot clean up waits for a run.
        let db = try shardedWithoutRevenue(data)
        defer { db.drop() }
        let failed = try settle(db, ["import", "revenue", revenue], pausingAt: "import.committing") {
            try TestShards.crashable.crash(0)
        }
        defer { try? TestShards.crashable.restart(0) }
        #expect(failed.status == 1)
        #expect(failed.stderr.hasPrefix("Error: The import of \(revenue) stopped because a shard failed ("), "\(failed)")
        #expect(failed.stderr.hasSuffix("; import it again once `settle shards check` finds every shard ready.\n"), "\(failed)")
        let pending = try db.rows("SELECT import_id, state FROM imports WHERE file_name = $1", [revenue])
        #expect(pending.map { $0[1] } == ["pending"])
        let refused = try db.settle("run", "2026-08")
        #expect(refused.status == 1 && refused.stderr.hasPrefix("Error: The import of \(revenue) (import \(pending.first?[0] ?? "")) did not complete, and its rows cannot be removed from the shards yet ("), "\(refused)")
        #expect(try db.int("SELECT count(*) FROM periods") == 0)
        try TestShards.crashable.restart(0)
        #expect(try db.settle("run", "2026-08").status == 0)   // cleans up first: without the revenue
        #expect(try db.int("SELECT count(*) FROM imports WHERE state = 'pending'") == 0)
        #expect(try db.settle("import", "revenue", revenue).status == 0)
        try expectSameMonthEnd(db, as: single, data: data, singleDone: false)

        // The importer killed before its cleanup, with one shard stopped: postgres_fdw commits the
        // shards in turn, so with the other stopped one of them keeps its rows. The next run removes them.
        let killed = try shardedWithoutRevenue(data)
        defer { killed.drop() }
        var leftovers: [Int] = []
        for crashed in 0..<2 {
            let outcome = try settle(killed, ["import", "revenue", revenue], pausingAt: "import.committing",
                                     killedAt: "import.discarding") { try TestShards.crashable.crash(crashed) }
            defer { try? TestShards.crashable.restart(crashed) }
            #expect(outcome.status == 9 && outcome.stderr == "", "\(outcome)")
            #expect(try killed.rows("SELECT state FROM imports WHERE file_name = $1", [revenue]) == [["pending"]])
            let other = try PostgresConnection(parameters: TestShards.crashable.clusters[1 - crashed]
                .connectionParameters(database: killed.name))
            leftovers.append(Int(try other.query("SELECT count(*) FROM revenue").scalar ?? "") ?? -1)
            #expect(try killed.settle("run", "2026-08").status == 1)
            try TestShards.crashable.restart(crashed)
            #expect(try killed.settle("run", "2026-08").status == 0)
            #expect(try killed.int("SELECT count(*) FROM imports WHERE state = 'pending'") == 0)
            #expect(try other.query("SELECT count(*) FROM revenue").scalar == "0")
        }
        #expect(leftovers.filter { $0 > 0 }.count == 1, "one shard committed its part before the other failed: \(leftovers)")
        #expect(try killed.settle("import", "revenue", revenue).status == 0)
        try expectSameMonthEnd(killed, as: single, data: data, singleDone: true)
    }

    @Test("a shard stopped during a run, then during a close: each fails in one sentence and changes nothing; a retry finishes it")
    func runAndClose() throws {
        let data = try sampleData()
        defer { try? FileManager.default.removeItem(at: data) }
        let single = try TestDatabase(.loaded)
        defer { single.drop() }
        let db = try TestDatabase(.loaded, shards: 2, on: .crashable)
        defer { db.drop() }
        for dataset in ["fx-rates", "compute-hours", "revenue"] {
            #expect(try db.settle("import", dataset, data.path + "/\(dataset)-2026-08.csv").status == 0)
        }
        let sentence = "; nothing was changed: retry once `settle shards check` finds every shard ready.\n"
        let run = try settle(db, ["run", "2026-08"], pausingAt: "facts.revenue-read") { try TestShards.crashable.crash(1) }
        defer { try? TestShards.crashable.restart(1) }
        #expect(run.status == 1 && run.stderr.hasPrefix("Error: A shard failed (") && run.stderr.hasSuffix(sentence), "\(run)")
        #expect(try db.int("SELECT count(*) FROM runs") == 0)
        try TestShards.crashable.restart(1)
        #expect(try db.settle("run", "2026-08").status == 0)
        let draft = try db.rows("SELECT document FROM statements ORDER BY provider_id")

        let close = try settle(db, ["close", "2026-08"], pausingAt: "close.marking") { try TestShards.crashable.crash(0) }
        defer { try? TestShards.crashable.restart(0) }
        #expect(close.status == 1 && close.stderr.hasPrefix("Error: A shard failed (") && close.stderr.hasSuffix(sentence), "\(close)")
        #expect(try db.rows("SELECT status FROM periods") == [["computed"]])
        #expect(try db.rows("SELECT document FROM statements ORDER BY provider_id") == draft)
        try TestShards.crashable.restart(0)
        try expectSameMonthEnd(db, as: single, data: data, singleDone: false, alreadyRun: true)
    }

    @Test("with a shard stopped before or mid-way (the revenue sums read, the hours not yet), verify, explain and statements say so in one sentence and write nothing; payouts need only the coordinator")
    func readsWithShardDown() throws {
        let data = try sampleData()
        defer { try? FileManager.default.removeItem(at: data) }
        let db = try TestDatabase(.loaded, shards: 2, on: .crashable)
        defer { db.drop() }
        for dataset in ["fx-rates", "compute-hours", "revenue"] {
            #expect(try db.settle("import", dataset, data.path + "/\(dataset)-2026-08.csv").status == 0)
        }
        #expect(try db.settle("run", "2026-08").status == 0)
        #expect(try db.settle("close", "2026-08").status == 0)
        try TestShards.crashable.crash(1)
        defer { try? TestShards.crashable.restart(1) }
        let sentence = "; nothing was changed: retry once `settle shards check` finds every shard ready.\n"
        for step in [["verify", "2026-08"], ["explain", "2026-08", "acme-cloud"], ["statements", "2026-08", "--out", "out"]] {
            let outcome = try db.settle(step)
            #expect(outcome.status == 1 && outcome.stdout == "" && outcome.stderr.hasPrefix("Error: A shard failed (")
                    && outcome.stderr.hasSuffix(sentence), "\(step): \(outcome)")
        }
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("out").path))
        #expect(try db.settle("payouts", "2026-08", "--out", "payouts.xml").status == 0)
        try TestShards.crashable.restart(1)
        for step in [["verify", "2026-08"], ["explain", "2026-08", "acme-cloud"], ["statements", "2026-08", "--out", "out"]] {
            let outcome = try settle(db, step, pausingAt: "facts.revenue-read") { try TestShards.crashable.crash(0) }
            try TestShards.crashable.restart(0)
            #expect(outcome.status == 1 && outcome.stdout == "" && outcome.stderr.hasPrefix("Error: A shard failed (")
                    && outcome.stderr.hasSuffix(sentence), "mid-way, \(step): \(outcome)")
        }
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("out").path))
        for step in [["verify", "2026-08"], ["explain", "2026-08", "acme-cloud"], ["statements", "2026-08", "--out", "out"]] {
            #expect(try db.settle(step).status == 0, "\(step)")
        }
    }

    // MARK: Helpers

    /// A coordinator with two crashable shards, the programme loaded, August's FX rates and hours imported.
    private func shardedWithoutRevenue(_ data: URL) throws -> TestDatabase {
        let db = try TestDatabase(.loaded, shards: 2, on: .crashable)
        for dataset in ["fx-rates", "compute-hours"] {
            #expect(try db.settle("import", dataset, data.path + "/\(dataset)-2026-08.csv").status == 0)
        }
        return db
    }

    /// The sample programme's August, generated: FX rates, compute hours, revenue.
    private func sampleData() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settle-shard-faults-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let outcome = try SettleBinary.run(["generate", "--contracts", TestCluster.contracts.path, "--period", "2026-08",
                                            "--revenue-rows", "3000", "--hours-rows", "300", "--out", folder.path],
                                           in: FileManager.default.temporaryDirectory)
        try #require(outcome.status == 0, "\(outcome)")
        return folder
    }

    /// `settle arguments...` on `db`, stopped at `point` (`SETTLE_PAUSEPOINT`) while `meanwhile` runs.
    /// With `killedAt`, the process is killed there (`SETTLE_FAILPOINT`).
    private func settle(_ db: TestDatabase, _ arguments: [String], pausingAt point: String, killedAt kill: String? = nil,
                        meanwhile: () throws -> Void) throws -> SettleBinary.Outcome {
        let pause = db.folder.appendingPathComponent("paused")
        let name = "fault"
        var environment = ["SETTLE_PAUSEPOINT": point, "SETTLE_PAUSEFILE": pause.path]
        environment["SETTLE_FAILPOINT"] = kill
        let process = try SettleBinary.start(arguments + ["--database", db.connectionString], in: db.folder, output: name,
                                             environment: environment)
        var waited = 0
        while !FileManager.default.fileExists(atPath: pause.path) && process.isRunning && waited < 1200 {
            usleep(50_000)
            waited += 1
        }
        let reached = FileManager.default.fileExists(atPath: pause.path)
        if reached { try meanwhile() }
        try? FileManager.default.removeItem(at: pause)
        process.waitUntilExit()
        let read = { (suffix: String) in (try? String(contentsOf: db.folder.appendingPathComponent(name + suffix), encoding: .utf8)) ?? "" }
        try #require(reached, "settle never reached \(point): \(read(".stderr"))")
        return .init(status: process.terminationStatus, stdout: read(".stdout"), stderr: read(".stderr"))
    }

    /// Runs (unless done), closes, verifies and pays August on `db`, and on `single` from the same
    /// files, and compares the statement and payout files byte for byte.
    private func expectSameMonthEnd(_ db: TestDatabase, as single: TestDatabase, data: URL, singleDone: Bool,
                                    alreadyRun: Bool = false) throws {
        if !singleDone {
            for dataset in ["fx-rates", "compute-hours", "revenue"] {
                #expect(try single.settle("import", dataset, data.path + "/\(dataset)-2026-08.csv").status == 0)
            }
        }
        var steps: [[String]] = [["close", "2026-08"], ["verify", "2026-08"], ["statements", "2026-08", "--out", "out"],
                                 ["payouts", "2026-08", "--out", "out/payouts.xml"]]
        if !alreadyRun { steps.insert(["run", "2026-08"], at: 0) }
        for step in steps {
            let outcome = try db.settle(step)
            #expect(outcome.status == 0, "\(step): \(outcome)")
            if !singleDone {
                if alreadyRun && step == ["close", "2026-08"] { #expect(try single.settle("run", "2026-08").status == 0) }
                let expected = try single.settle(step)
                // A re-run (after the cleanup's run) says what it recomputed: only its status is compared.
                #expect(step[0] == "run" ? expected.status == outcome.status : expected == outcome, "\(step)")
            }
        }
        #expect(try files(db) == files(single))
        try? FileManager.default.removeItem(at: db.folder.appendingPathComponent("out"))
    }

    /// The statement and payout files under `out/`, the payout file's creation time masked.
    private func files(_ db: TestDatabase) throws -> [String: String] {
        let out = db.folder.appendingPathComponent("out")
        var files: [String: String] = [:]
        for path in FileManager.default.enumerator(atPath: out.path)?.compactMap({ $0 as? String }) ?? [] {
            guard let text = try? String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) else { continue }
            files[path] = text.replacing(/<CreDtTm>[^<]*<\/CreDtTm>/, with: "<CreDtTm/>")
        }
        return files
    }
}
