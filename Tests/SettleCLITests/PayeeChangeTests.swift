import Foundation
import SettleCore
import SettleStore
import SettleTestSupport
import Testing

/// docs/REFERENCE.md §11: a version that changes the payee's bank account holds the provider until someone
/// releases it; the payout file leaves it out meanwhile, and the balance is paid once, later.
@Suite("A payee change holds the payout")
struct PayeeChangeTests {
    /// MonthEndTests' prov-a from 1 September, paid to another account.
    static let version2 = TestDatabase.augustContract
        .replacingOccurrences(of: "version: 1", with: "version: 2")
        .replacingOccurrences(of: "effective: 2026-08-01", with: "effective: 2026-09-01")
        .replacingOccurrences(of: "iban: DE89370400440532013000", with: "iban: GB82WEST12345698765432")

    @Test("held on load, left out of September's file, released, and paid once in October to the new account")
    func heldThenPaidOnce() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let database = ["--database", db.connectionString]
        func settle(_ arguments: String...) throws -> SettleBinary.Outcome { try SettleBinary.run(arguments + database, in: db.folder) }

        #expect(try settle("contracts", "load", try db.write("prov-a-v2.yaml", Self.version2)).stdout == """
            Loaded: 1 new contract version (prov-a-2026 v2), 0 already stored.
            On hold: prov-a (payee account changed in version 2 of prov-a-2026); its payouts wait until `settle providers release prov-a` after the new bank details are confirmed.

            """)
        #expect(try db.rows("SELECT on_hold::text, hold_reason FROM providers") == [["true", "payee account changed in version 2 of prov-a-2026"]])

        // September: the fee of 100.00, withheld and carried.
        #expect(try settle("run", "2026-09").status == 0)
        #expect(try settle("close", "2026-09").status == 0)
        #expect(try db.amounts("2026-09") == ["api-share 0.00", "fee 100.00", "payout 0.00"])
        #expect(try settle("payouts", "2026-09", "--out", "pay-09.xml").stdout == "No payout is due for 2026-09; no file was written.\n")

        #expect(try settle("providers", "release", "prov-a", "--reason", "new account confirmed by phone").status == 0)
        // October: 100.00 carried + the fee of 100.00 = 200.00, paid once, to the new account.
        #expect(try settle("run", "2026-10").status == 0)
        #expect(try settle("close", "2026-10").status == 0)
        #expect(try db.amounts("2026-10") == ["api-share 0.00", "fee 100.00", "payout 200.00"])
        #expect(try settle("payouts", "2026-10", "--out", "pay-10.xml").status == 0)
        let xml = try String(contentsOfFile: db.folder.appendingPathComponent("pay-10.xml").path, encoding: .utf8)
        #expect(xml.contains(#"<InstdAmt Ccy="EUR">200.00</InstdAmt>"#) && xml.contains("<IBAN>GB82WEST12345698765432</IBAN>"))
        #expect(!xml.contains("DE89370400440532013000"))
        // settle periods: every month with its status, runs, closes and payout files.
        let periods = try settle("periods").stdout.split(separator: "\n").map { line -> String in
            String(line).replacing(#/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by \w+ \([^)]*\)/#, with: "WHEN BY")
                .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(periods == [
            "period status statements last run closed payout files",
            "2026-08 closed 1 WHEN BY WHEN BY",
            "2026-09 closed 1 WHEN BY WHEN BY",
            "2026-10 closed 1 WHEN BY WHEN BY STL-202610-PAY-1 (1 transfer: 200.00 EUR; 1 sent)",
            "2026-11 open",
            "2026-12 open",
        ], "\(periods)")
        #expect(try db.rows("SELECT action, details FROM audit_log WHERE provider_id = 'prov-a' AND action IN ('hold', 'release') ORDER BY entry_id") == [
            ["hold", "payee account changed in version 2 of prov-a-2026"], ["release", "new account confirmed by phone"],
        ])
    }

    @Test("the first version of a contract, and a version that keeps the account, hold nothing")
    func noChangeNoHold() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let sameAccount = Self.version2.replacingOccurrences(of: "iban: GB82WEST12345698765432", with: "iban: DE89370400440532013000")
        #expect(try db.settle("contracts", "load", try db.write("v2.yaml", sameAccount)).stdout
                == "Loaded: 1 new contract version (prov-a-2026 v2), 0 already stored.\n")
        #expect(try db.rows("SELECT on_hold::text FROM providers") == [["false"]])
    }
}
