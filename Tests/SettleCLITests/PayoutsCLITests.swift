import Foundation
import SettleCore
import SettleMonthEnd
@testable import SettleStore
import SettleTestSupport
import Testing

/// `settle payouts`: a closed period's file, validated, written owner-only, recorded; a second file
/// refused; a reissue recorded; a write killed midway leaves the old file or none.
@Suite("Payout files through the settle binary")
struct PayoutsCLITests {
    static let xsd = TestCluster.packageRoot.appendingPathComponent("Sources/SettleExport/Standards/pain.001.001.09.xsd").path
    static func payouts(_ db: TestDatabase, _ extra: [String] = []) throws -> SettleBinary.Outcome {
        try SettleBinary.run(["payouts", "2026-08", "--out", "pay.xml",
                              "--database", db.connectionString] + extra, in: db.folder)
    }

    @Test("statements and payouts run from a folder outside the checkout: the template and XSD are built in")
    func outsideTheCheckout() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let root = TestCluster.packageRoot.standardizedFileURL.path
        #expect(!db.folder.standardizedFileURL.path.hasPrefix(root + "/"), "the test's folder must be outside the checkout")
        for relative in ["reports/statement.html", "schema/iso20022/pain.001.001.09.xsd", "Sources"] {
            #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent(relative).path))
        }
        let statements = try SettleBinary.run(["statements", "2026-08", "--out", "out", "--database", db.connectionString],
                                              in: db.folder)
        #expect(statements == .init(status: 0, stdout: "Wrote 1 statement for 2026-08 to out.\n", stderr: ""))
        let html = try String(contentsOf: db.folder.appendingPathComponent("out/prov-a.html"), encoding: .utf8)
        #expect(html.contains("209.00 EUR will be paid by 2026-09-30 with the reference STL-202608-prov-a."))
        #expect(try Self.payouts(db) == .init(status: 0, stdout: "Wrote pay.xml: STL-202608-PAY-1, 1 transfer, control sum 209.00.\n",
                                         stderr: ""))
        #expect(try Self.xmllint(db.folder.appendingPathComponent("pay.xml").path))
    }

    /// Killed at each step of writing a payout file (as a kill or a lost connection would stop it):
    /// a plain retry never makes a second file; it completes the recorded one with the same bytes.
    @Test("a payout file interrupted at any step is completed by a plain retry, never written twice",
          arguments: ["payouts.made", "payouts.recorded", "payouts.written"])
    func interrupted(failpoint: String) throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let path = db.folder.appendingPathComponent("pay.xml").path
        let killed = try SettleBinary.run(["payouts", "2026-08", "--out", "pay.xml", "--database", db.connectionString],
                                          in: db.folder, environment: ["SETTLE_FAILPOINT": failpoint])
        #expect(killed.status != 0 && killed.stdout.isEmpty)
        #expect(try db.int("SELECT count(*) FROM payout_file_writes") == 0)
        #expect(try db.int("SELECT count(*) FROM payout_files") == (failpoint == "payouts.made" ? 0 : 1))
        #expect(FileManager.default.fileExists(atPath: path) == (failpoint == "payouts.written"))

        let retry = try Self.payouts(db)
        #expect(retry == .init(status: 0, stdout: failpoint == "payouts.made"
            ? "Wrote pay.xml: STL-202608-PAY-1, 1 transfer, control sum 209.00.\n"
            : "Completed pay.xml: STL-202608-PAY-1, 1 transfer, control sum 209.00; an earlier run recorded this file but did not finish writing it, so it was written again with the same bytes and message id, not as a new file.\n",
            stderr: ""))
        #expect(try db.rows("""
            SELECT f.issue::text, f.message_id, f.document = $1, w.issue IS NOT NULL FROM payout_files f
            LEFT JOIN payout_file_writes w USING (period, issue)
            """, [try String(contentsOfFile: path, encoding: .utf8)]) == [["1", "STL-202608-PAY-1", "t", "t"]])
        #expect(try Self.payouts(db).stderr.hasPrefix("Error: A payout file for 2026-08 was already written (STL-202608-PAY-1"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: db.folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("an --out that cannot be written is one sentence, and nothing is recorded")
    func unwritableOut() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        try "x".write(toFile: db.folder.appendingPathComponent("a-file").path, atomically: false, encoding: .utf8)
        func error(_ arguments: String...) throws -> String {
            let outcome = try SettleBinary.run(arguments + ["--database", db.connectionString], in: db.folder)
            #expect(outcome.status == 1 && outcome.stdout.isEmpty)
            return outcome.stderr
        }
        #expect(try error("statements", "2026-08", "--out", "/dev/null/statements")
                == "Error: Cannot create the folder /dev/null/statements: Not a directory; give --out a folder you can write to.\n")
        #expect(try error("report", "2026-08", "--out", "a-file")
                == "Error: Cannot write into a-file: it is a file, not a folder; give --out a folder.\n")
        #expect(try error("payouts", "2026-08", "--out", "missing/pay.xml")
                == "Error: Cannot write missing/pay.xml: the folder missing does not exist; create it or give another --out.\n")
        #expect(try error("payouts", "2026-08", "--out", ".")
                == "Error: Cannot write .: it is a folder; give --out a file name such as payouts.xml.\n")
        #expect(try db.int("SELECT count(*) FROM payout_files") == 0)
    }

    @Test("an unfinished payout file is completed only as it was asked for: same path, reissue or not, its writer gone")
    func completionMatchesTheRequest() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let database = ["--database", db.connectionString]
        let killed = try SettleBinary.run(["payouts", "2026-08", "--out", "pay.xml"] + database, in: db.folder,
                                          environment: ["SETTLE_FAILPOINT": "payouts.recorded"])
        #expect(killed.status != 0)
        let path = db.folder.appendingPathComponent("pay.xml").standardizedFileURL.path
        let elsewhere = try SettleBinary.run(["payouts", "2026-08", "--out", "other.xml"] + database, in: db.folder)
        #expect(elsewhere.stderr == """
            Error: The payout file STL-202608-PAY-1 of 2026-08 was recorded for \(path) but never confirmed written; complete it first with `settle payouts 2026-08 --out \(path)`.

            """)
        let asReissue = try SettleBinary.run(["payouts", "2026-08", "--out", "pay.xml", "--reissue", "--reason", "test"] + database,
                                             in: db.folder)
        #expect(asReissue.stderr == elsewhere.stderr)
        // A writer that is still alive (its lock held) is never raced.
        let writer = try TestCluster.connect(db.name)
        try writer.query("SELECT pg_advisory_lock($1)", [String(LockKey.payoutWrite(Period("2026-08")!))])
        #expect(try Self.payouts(db).stderr == "Error: Another settle payouts is writing the payout file of 2026-08 right now; wait for it to finish.\n")
        try writer.query("SELECT pg_advisory_unlock_all()")
        #expect(try Self.payouts(db).stdout.hasPrefix("Completed pay.xml: STL-202608-PAY-1"))
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("other.xml").path))
    }

    @Test("written once, owner-only and valid; a second file refused; a reissue recorded")
    func writeRefuseReissue() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let path = db.folder.appendingPathComponent("pay.xml").path
        let first = try Self.payouts(db)
        #expect(first.status == 0)
        #expect(first.stdout == "Wrote pay.xml: STL-202608-PAY-1, 1 transfer, control sum 209.00.\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains(#"<InstdAmt Ccy="EUR">209.00</InstdAmt>"#))
        #expect(xml.contains("<EndToEndId>STL-202608-prov-a</EndToEndId>"))
        #expect(try Self.xmllint(path))

        let second = try Self.payouts(db)
        #expect(second.status != 0)
        #expect(second.stderr.hasPrefix("Error: A payout file for 2026-08 was already written (STL-202608-PAY-1 to \(path) on "))
        #expect(second.stderr.hasSuffix("); pass --reissue to write it again.\n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == xml)

        let noReason = try Self.payouts(db, ["--reissue"])
        #expect(noReason.status == 64 && noReason.stderr.hasPrefix("Error: --reissue needs --reason: say why the payout file is written again.\n"))
        let reissue = try Self.payouts(db, ["--reissue", "--reason", "the bank lost the first file"])
        #expect(reissue.stdout == "Wrote pay.xml: STL-202608-PAY-2, 1 transfer, control sum 209.00 (reissue 2, recorded).\n")
        #expect(reissue.stderr.hasPrefix("Warning: the first payout file of 2026-08 (STL-202608-PAY-1, written 20"))
        #expect(reissue.stderr.hasSuffix("""
             UTC) may already be at the bank; make sure it is withdrawn there, or the providers are paid twice.
              STL-202608-PAY-1: 209.00 EUR
              STL-202608-PAY-2: 209.00 EUR

            """))
        #expect(try db.rows("SELECT issue, message_id, reissue, transactions, control_sum FROM payout_files ORDER BY issue")
                == [["1", "STL-202608-PAY-1", "f", "1", "209.00"], ["2", "STL-202608-PAY-2", "t", "1", "209.00"]])
        #expect(try db.rows("SELECT action, details FROM audit_log WHERE action LIKE 'payout%' ORDER BY entry_id") == [
            ["payout file", "STL-202608-PAY-1 to \(path): 1 transfers, 209.00 EUR"],
            ["payout file reissued", "STL-202608-PAY-2 to \(path): 1 transfers, 209.00 EUR; reason: the bank lost the first file"],
        ])
    }

    /// `xmllint --schema` on a written file, as a bank's validator would.
    static func xmllint(_ path: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--schema", xsd, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("the same closed period gives the same statement bytes")
    func deterministicStatements() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        // What a killed writer left in the folder (its process long gone) is cleaned up.
        try FileManager.default.createDirectory(at: db.folder.appendingPathComponent("a"), withIntermediateDirectories: true)
        let leftover = db.folder.appendingPathComponent("a/.prov-a.json.2147483647.tmp").path
        try "half a statement".write(toFile: leftover, atomically: false, encoding: .utf8)
        for folder in ["a", "b"] {
            let outcome = try SettleBinary.run(["statements", "2026-08", "--out", folder,
                                                "--database", db.connectionString], in: db.folder)
            #expect(outcome.stdout == "Wrote 1 statement for 2026-08 to \(folder).\n")
        }
        for name in ["prov-a.json", "prov-a.csv", "prov-a.html"] {
            let a = try Data(contentsOf: db.folder.appendingPathComponent("a/\(name)"))
            let b = try Data(contentsOf: db.folder.appendingPathComponent("b/\(name)"))
            #expect(a == b && !a.isEmpty, "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }

    @Test("a write killed midway (file-size limit) leaves the old file; the next attempt completes it and cleans up")
    func killedWrite() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let path = db.folder.appendingPathComponent("pay.xml").path
        try "OLD".write(toFile: path, atomically: false, encoding: .utf8)
        let binary = try #require(SettleBinary.url).path
        // 1 KiB of file size allowed: the write of the ~3 KiB file fails midway (SIGXFSZ kills the
        // writer, or, where that signal is ignored, write() fails with EFBIG).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -f 1; exec \"$0\" payouts 2026-08 --out pay.xml --database \"$1\"",
                             binary, db.connectionString]
        process.currentDirectoryURL = db.folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus != 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "OLD")
        // Recorded with its text, not confirmed written.
        #expect(try db.int("SELECT count(*) FROM payout_files") == 1)
        #expect(try db.int("SELECT count(*) FROM payout_file_writes") == 0)
        // The next attempt writes the recorded file whole and removes the killed writer's temporary file.
        #expect(try Self.payouts(db).stdout.hasPrefix("Completed pay.xml: STL-202608-PAY-1, 1 transfer"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("</Document>\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: db.folder.path).filter { $0.hasSuffix(".tmp") } == [])
    }

    @Test("an open period gets no payout file")
    func openPeriod() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        let outcome = try Self.payouts(db)
        #expect(outcome == .init(status: 1, stdout: "",
            stderr: "Error: 2026-08 is not closed; payouts are made only for a closed period (`settle close 2026-08`).\n"))
    }
}
