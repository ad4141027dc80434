import Foundation
import SettleStore
import SettleTestSupport
import Testing

/// The same month ends on one server and on a coordinator with two shard servers (docs/REFERENCE.md
/// §12): every command prints the same text and writes the same files, byte for byte.
@Suite("shards: a generated programme gives the same outputs as on one server")
struct ShardedProgrammeTests {
    /// 200 generated providers (every rule type, five currencies, amendments and terminations):
    /// October, closed and paid; late October rows and November, booked as adjustments, closed,
    /// verified and paid.
    @Test("200 providers, two months with late rows: every command's output, statement and payout file the same")
    func generatedProgramme() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("settle-sharded-\(getpid())")
        defer { try? FileManager.default.removeItem(at: data) }
        let generate = { (arguments: [String]) in
            let outcome = try SettleBinary.run(["generate", "--seed"] + arguments, in: FileManager.default.temporaryDirectory)
            try #require(outcome.status == 0, "\(outcome)")
        }
        let (october, late, november) = (data.appendingPathComponent("october"), data.appendingPathComponent("late"),
                                         data.appendingPathComponent("november"))
        try generate(["1", "--providers", "200", "--period", "2026-10", "--revenue-rows", "10000", "--hours-rows", "1000",
                      "--out", october.path])
        let contracts = october.appendingPathComponent("contracts").path
        try generate(["2", "--contracts", contracts, "--period", "2026-10", "--revenue-rows", "300", "--hours-rows", "30",
                      "--out", late.path])
        try generate(["3", "--contracts", contracts, "--period", "2026-11", "--revenue-rows", "10000", "--hours-rows", "1000",
                      "--out", november.path])
        let steps: [[String]] = [
            ["contracts", "load", contracts],
            ["import", "fx-rates", october.appendingPathComponent("fx-rates-2026-10.csv").path],
            ["import", "revenue", october.appendingPathComponent("revenue-2026-10.csv").path],
            ["import", "compute-hours", october.appendingPathComponent("compute-hours-2026-10.csv").path],
            ["run", "2026-10"], ["close", "2026-10"],
            ["statements", "2026-10", "--out", "out/2026-10"], ["payouts", "2026-10", "--out", "out/2026-10/payouts.xml"],
            ["import", "revenue", late.appendingPathComponent("revenue-2026-10.csv").path],
            ["import", "compute-hours", late.appendingPathComponent("compute-hours-2026-10.csv").path],
            ["import", "fx-rates", november.appendingPathComponent("fx-rates-2026-11.csv").path],
            ["import", "revenue", november.appendingPathComponent("revenue-2026-11.csv").path],
            ["run", "2026-11"],
            ["import", "compute-hours", november.appendingPathComponent("compute-hours-2026-11.csv").path],
            ["run", "2026-11"], ["close", "2026-11"], ["verify", "2026-10"], ["verify", "2026-11"],
            ["statements", "2026-11", "--out", "out/2026-11"], ["payouts", "2026-11", "--out", "out/2026-11/payouts.xml"],
            ["show", "2026-11"], ["explain", "2026-11", "gp-00007"],
        ]
        let single = try TestDatabase(.migrated)
        defer { single.drop() }
        let sharded = try TestDatabase(.migrated, shards: 2)
        defer { sharded.drop() }
        for step in steps {
            let (one, two) = (try single.settle(step), try sharded.settle(step))
            #expect(one.status == 0, "\(step): \(one)")
            #expect(one == two, "\(step.joined(separator: " "))")
        }
        let files = try outputs(of: single)
        #expect(files.count > 400)   // 200 providers x 3 files x 2 months, less those without a statement, and 2 payout files
        #expect(try outputs(of: sharded) == files)
        #expect(try sharded.int("SELECT count(*) FROM revenue") == 20_300)
    }

    /// Every file under the database's `out/`, by relative path.
    private func outputs(of db: TestDatabase) throws -> [String: Data] {
        let out = db.folder.appendingPathComponent("out")
        var files: [String: Data] = [:]
        let paths = FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String } ?? []
        for path in paths {
            let url = out.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            files[path] = path.hasSuffix("payouts.xml") ? try withoutCreationTime(Data(contentsOf: url)) : try Data(contentsOf: url)
        }
        return files
    }

    /// A payout file with its creation time (`CreDtTm`, the clock's second when it was written) taken
    /// out: the one part that differs between two runs on the same server.
    private func withoutCreationTime(_ file: Data) throws -> Data {
        let text = String(decoding: file, as: UTF8.self)
        let masked = text.replacing(/<CreDtTm>[^<]*<\/CreDtTm>/, with: "<CreDtTm>(written)</CreDtTm>")
        try #require(masked != text)
        return Data(masked.utf8)
    }
}
