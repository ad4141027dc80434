import Foundation
import SettleCore
@testable import SettleStore
import SettleTestSupport
import Testing

/// `settle journal` over the August of the month-end tests, by hand: 10% of 1,090.00 EUR =
/// 109.00 and a fee of 100.00 are owed at close (209.00), then paid from the bank.
@Suite("The journal through the settle binary")
struct JournalCLITests {
    @Test("close and payout entries by hand; each balances; the payable nets to zero once paid")
    func august() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let before = try db.settle("journal", "2026-08", "--out", "journal.csv")
        #expect(before == .init(status: 0, stdout: "Wrote journal.csv: 1 entry, 3 lines for 2026-08.\n", stderr: ""))
        #expect(try db.settle("payouts", "2026-08", "--out", "pay.xml").status == 0)
        let paid = try db.rows("SELECT to_char(written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM payout_files")[0][0] ?? ""
        #expect(try db.settle("journal", "2026-08", "--out", "journal.csv").stdout
                == "Wrote journal.csv: 2 entries, 5 lines for 2026-08.\n")
        let path = db.folder.appendingPathComponent("journal.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == """
            entry,date,account,debit,credit,currency,provider,period,reference,text
            CLOSE-202608-prov-a,2026-08-31,6100,109.00,,EUR,prov-a,2026-08,prov-a-2026 v1,revenue_share earnings of prov-a for 2026-08
            CLOSE-202608-prov-a,2026-08-31,6100,100.00,,EUR,prov-a,2026-08,prov-a-2026 v1,fixed earnings of prov-a for 2026-08
            CLOSE-202608-prov-a,2026-08-31,3300,,209.00,EUR,prov-a,2026-08,prov-a-2026 v1,owed to prov-a for 2026-08
            PAY-202608-EUR,\(paid),3300,209.00,,EUR,prov-a,2026-08,STL-202608-prov-a,payout to prov-a for 2026-08
            PAY-202608-EUR,\(paid),1200,,209.00,EUR,,2026-08,STL-202608-PAY-1,"payout file STL-202608-PAY-1, EUR"

            """)
        // Debits equal credits per entry and currency, and the payable (3300) nets to zero.
        var sums: [String: Int] = [:]
        var payable = 0
        for row in text.split(separator: "\n").dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let cents = (Int(cells[3].replacingOccurrences(of: ".", with: "")) ?? 0) - (Int(cells[4].replacingOccurrences(of: ".", with: "")) ?? 0)
            sums[cells[0] + " " + cells[5], default: 0] += cents
            if cells[2] == "3300" { payable += cents }
        }
        #expect(sums.values.allSatisfy { $0 == 0 } && sums.count == 2)
        #expect(payable == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("an open period has no journal")
    func openPeriod() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        #expect(try db.settle("journal", "2026-09", "--out", "j.csv") == .init(status: 1, stdout: "", stderr: """
            Error: 2026-09 is not closed; the journal is written only for a closed period (`settle close 2026-09`).

            """))
    }
}
