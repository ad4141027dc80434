import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

/// `settle` as a user runs it: the built executable, its exit status and exactly what it prints.
@Suite("the settle command line against the store")
struct CLITests {
    /// `settle ARGUMENTS... --database <the test database>`, run in the test's folder.
    @Test("settle contracts check contracts/: the sample programme is valid")
    func checkProgramme() throws {
        let outcome = try SettleBinary.run(["contracts", "check", "contracts/"], in: TestCluster.packageRoot)
        #expect(outcome == .init(status: 0, stdout: "OK: 5 contracts (7 versions) for 5 providers, payer Lumen Compute Platform GmbH.\n",
                                 stderr: ""))
    }

    @Test("settle contracts check on a copy with a typo: exit 1, the file, line and column, and a suggestion")
    func checkTypo() throws {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        let copy = db.folder.appendingPathComponent("contracts")
        try FileManager.default.copyItem(at: TestCluster.contracts, to: copy)
        let file = copy.appendingPathComponent("acme-cloud-v1.yaml")
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let line = try #require(lines.firstIndex(of: "currency: EUR")) + 1
        try lines.map { $0 == "currency: EUR" ? "curency: EUR" : $0 }.joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)

        let outcome = try SettleBinary.run(["contracts", "check", "contracts/"], in: db.folder)
        #expect(outcome == .init(status: 1, stdout: "", stderr: """
            contracts/acme-cloud-v1.yaml:\(line):1: unknown key 'curency' in the contract; did you mean 'currency'?
            1 error in 1 file; nothing was loaded.

            """))
    }

    @Test("settle migrate: applies every migration, then reports the schema up to date")
    func migrate() throws {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        let names = Migrations.all.map { "\($0.version) \($0.name)" }.joined(separator: ", ")
        let plural = Migrations.all.count == 1 ? "" : "s"
        #expect(try db.settle("migrate") == .init(status: 0, stdout: """
            Applied migration\(plural) \(names); the schema is at version \(Migrations.latest).

            """, stderr: ""))
        #expect(try db.settle("migrate")
                == .init(status: 0, stdout: "The schema is up to date (version \(Migrations.latest)).\n", stderr: ""))
    }

    @Test("settle contracts load: 7 new versions and the payer, then nothing new")
    func contractsLoad() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let versions = try Programme.versionNames()
        let contracts = TestCluster.contracts.path
        #expect(try db.settle("contracts", "load", contracts) == .init(status: 0, stdout: """
            Loaded: 7 new contract versions (\(versions.joined(separator: ", "))), 0 already stored, payer stored.

            """, stderr: ""))
        #expect(try db.settle("contracts", "load", contracts) == .init(status: 0, stdout: """
            Loaded: 0 new contract versions, 7 already stored, payer unchanged.

            """, stderr: ""))
        #expect(try db.int("SELECT count(*) FROM contract_versions") == 7)
    }

    @Test("settle contracts load with an edited version: exit 1, the conflict named, nothing stored")
    func contractsLoadConflict() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let copy = db.folder.appendingPathComponent("contracts")
        try FileManager.default.copyItem(at: TestCluster.contracts, to: copy)
        let file = copy.appendingPathComponent("acme-cloud-v1.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "rate: 10%", with: "rate: 11%")
            .write(to: file, atomically: true, encoding: .utf8)
        let before = try db.contractSnapshot()

        let outcome = try db.settle("contracts", "load", "contracts")
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        let stored = TestCluster.contracts.appendingPathComponent("acme-cloud-v1.yaml").path
        #expect(outcome.stderr.hasPrefix("contracts/acme-cloud-v1.yaml:"))
        #expect(outcome.stderr.hasSuffix("""
            : contract 'acme-cloud-2026' version 1 already exists in the database (loaded from \(stored)) with other \
            content; an amendment must be a new version
            1 error in 1 file; nothing was loaded.

            """))
        #expect(try db.contractSnapshot() == before)
    }

    @Test("settle import revenue FILE: the one-line summary, then 0 new on a second run")
    func importRevenue() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        try db.write("revenue.csv", Sample.revenue)
        #expect(try db.settle("import", "revenue", "revenue.csv")
                == .init(status: 0, stdout: "revenue.csv: 5 rows read, 5 new, 0 already present.\n", stderr: ""))
        #expect(try db.settle("import", "revenue", "revenue.csv")
                == .init(status: 0, stdout: "revenue.csv: 5 rows read, 0 new, 5 already present.\n", stderr: ""))
        try db.write("hours.csv", Sample.computeHours)
        #expect(try db.settle("import", "compute-hours", "hours.csv")
                == .init(status: 0, stdout: "hours.csv: 4 rows read, 4 new, 0 already present.\n", stderr: ""))
        try db.write("fx.csv", Sample.fxRates)
        #expect(try db.settle("import", "fx-rates", "fx.csv")
                == .init(status: 0, stdout: "fx.csv: 3 rows read, 3 new, 0 already present.\n", stderr: ""))
        #expect(try db.counts() == .init(revenue: 5, computeHours: 4, fxRates: 3, imports: 4))
    }

    @Test("settle import of a bad file: exit 1, stderr names the file and line, nothing stored")
    func importBadFile() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        try db.write("bad.csv", revenueHeader + goodRow + "r2,2026-02-30,acme-cloud,api_usage,1,1.00,EUR\n")
        #expect(try db.settle("import", "revenue", "bad.csv") == .init(status: 1, stdout: "", stderr: """
            Error: bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: column 'date': '2026-02-30' is not a date written YYYY-MM-DD

            """))
        #expect(try db.counts() == .init())
    }

    @Test("settle import before settle migrate: one sentence saying what to do")
    func importUnmigrated() throws {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        try db.write("revenue.csv", Sample.revenue)
        #expect(try db.settle("import", "revenue", "revenue.csv") == .init(status: 1, stdout: "", stderr: """
            Error: The database schema is at version 0 but this settle needs \(Migrations.latest); run `settle migrate` first.

            """))
    }

    @Test("settle providers hold (a reason required, replaced by a second hold), release, list, log, an unknown provider")
    func providers() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let noReason = try db.settle("providers", "hold", "acme-cloud")
        #expect(noReason.status == 64 && noReason.stderr.hasPrefix("Error: Missing expected argument '--reason <reason>'\n"))
        #expect(try db.settle("providers", "hold", "acme-cloud", "--reason", "disputed invoice") == .init(
            status: 0, stdout: "Provider acme-cloud is on hold: its payouts are withheld until released.\n", stderr: ""))
        #expect(try db.settle("providers", "hold", "acme-cloud", "--reason", "bank details under review") == .init(
            status: 0, stdout: "Provider acme-cloud was already on hold; the reason is now \"bank details under review\" (it was \"disputed invoice\").\n",
            stderr: ""))
        let list = try db.settle("providers", "list").stdout.split(separator: "\n")
        #expect(list.first == "provider         name                  hold     reason                     since                 by")
        #expect(list.dropFirst().first?.hasPrefix("acme-cloud       Acme Cloud GmbH       on hold  bank details under review  20") == true)
        #expect(list.dropFirst().first?.hasSuffix(" UTC  settle (\(Self.osUser))") == true)
        #expect(try db.settle("providers", "release", "acme-cloud") == .init(
            status: 0, stdout: "Provider acme-cloud is released: its balance is paid with the next closed period.\n", stderr: ""))
        #expect(try db.settle("providers", "release", "acme-cloud")
                == .init(status: 0, stdout: "Provider acme-cloud was not on hold.\n", stderr: ""))
        #expect(try db.settle("providers", "hold", "acme-clod", "--reason", "x") == .init(status: 1, stdout: "", stderr: """
            Error: There is no provider 'acme-clod' (did you mean 'acme-cloud'?); providers come from loaded contracts (`settle contracts load`).

            """))
        #expect(try db.holdEvents() == [["acme-cloud", "true", "disputed invoice"],
                                                     ["acme-cloud", "true", "bank details under review"], ["acme-cloud", "false", nil]])
        // The log: who did each of it, in order.
        let log = try db.settle("log", "--provider", "acme-cloud").stdout.split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).joined(separator: " ")
        }
        #expect(log.suffix(3) == [
            "settle (\(Self.osUser)) hold acme-cloud disputed invoice",
            "settle (\(Self.osUser)) hold acme-cloud reason replaced: bank details under review (was: disputed invoice)",
            "settle (\(Self.osUser)) release acme-cloud no reason given",
        ])
    }

    static let osUser = Store.osUser
}
