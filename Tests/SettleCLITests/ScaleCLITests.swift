import Foundation
import SettleTestSupport
import Testing

/// The month end of 500 generated providers through the settle binary, off a terminal: every
/// long step prints plain progress lines on stderr, a re-run says what it recomputed.
@Suite("Scale benchmark, small, through the settle binary")
struct ScaleCLITests {
    @Test("run and statements print plain progress lines off a terminal; a re-run recomputes 3 of 500")
    func progressAndRerun() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let folder = db.folder.path
        #expect(try SettleBinary.run(["generate", "--providers", "500", "--period", "2026-10", "--revenue-rows", "5000",
                                      "--hours-rows", "500", "--seed", "7", "--out", "data"], in: db.folder).status == 0)
        let load = try db.settle("contracts", "load", "data/contracts")
        #expect(load.stdout.hasPrefix("Loaded: 5"))                 // 500 providers, some amended
        #expect(load.stdout.contains(" new contract versions (gp-00001-c v1, gp-00002-c v1, "))
        #expect(load.stdout.hasSuffix(" more), 0 already stored, payer stored.\n"))   // ten named, not 500
        for (dataset, file) in [("fx-rates", "fx-rates"), ("revenue", "revenue"), ("compute-hours", "compute-hours")] {
            #expect(try db.settle("import", dataset, "data/\(file)-2026-10.csv").status == 0)
        }

        let run = try db.settle("run", "2026-10")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("2026-10 computed: 500 statements; payouts "))
        #expect(run.stderr == """
            Running 2026-10: summing 500 providers' rows
            Running 2026-10: computing 500 statements
            Running 2026-10: storing 500 statements

            """)

        // Late rows for three providers (their contract files only): just they are recomputed.
        try FileManager.default.createDirectory(atPath: "\(folder)/three", withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: "\(folder)/data/contracts")
        where ["gp-00001-", "gp-00002-", "gp-00003-"].contains(where: file.hasPrefix) {
            try FileManager.default.copyItem(atPath: "\(folder)/data/contracts/\(file)", toPath: "\(folder)/three/\(file)")
        }
        #expect(try SettleBinary.run(["generate", "--contracts", "three", "--period", "2026-10", "--revenue-rows", "30",
                                      "--hours-rows", "0", "--seed", "9", "--out", "late"], in: db.folder).status == 0)
        #expect(try db.settle("import", "revenue", "late/revenue-2026-10.csv").status == 0)
        let rerun = try db.settle("run", "2026-10")
        #expect(rerun.stdout.hasPrefix("2026-10 computed: 500 statements (3 recomputed after new rows or holds, 497 unchanged); payouts "))
        #expect(rerun.stderr == "")

        let statements = try db.settle("statements", "2026-10", "--out", "out")
        #expect(statements.status == 0)
        // Progress as each batch of 1,000 is written: 500 statements are one batch.
        #expect(statements.stderr == """
            Writing 2026-10 statements: 100%

            """)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(folder)/out").count == 1_500)
    }
}
