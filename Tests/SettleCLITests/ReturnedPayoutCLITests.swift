import Foundation
import SettleCore
import SettleStore
import SettleTestSupport
import Testing

/// A payout the bank rejects comes back into the provider's balance, named, holds the provider,
/// and is paid again once, to corrected bank details, after a release (docs/REFERENCE.md §9).
/// Every figure computed by hand from prov-a's terms: 10% of api_usage and a fixed 100.00 EUR fee.
@Suite("Returned payouts through the settle binary")
struct ReturnedPayoutCLITests {
    static let correctedPayee = TestDatabase.augustContract
        .replacingOccurrences(of: "version: 1", with: "version: 2")
        .replacingOccurrences(of: "effective: 2026-08-01", with: "effective: 2026-10-01")
        .replacingOccurrences(of: "iban: DE89370400440532013000", with: "iban: GB29NWBK60161331926819")

    @Test("August's 209.00 rejected (AC04), owed again in September, held; corrected, released, paid once in October")
    func rejectedHeldCorrectedPaidOnce() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        // August: prov-a earned 10% of 1,000.00 EUR + 100.00 USD x 0.9 = 109.00, plus the 100.00 fee: 209.00 paid.
        let rejection = try db.bankImport("status.xml", try BankFiles.pain002(id: "BANK-STS-1", blocks: [
            BankFiles.Block(id: "STL-202608-PAY-1-1", transactions: [
                BankFiles.Transaction(endToEnd: "STL-202608-prov-a", status: "RJCT", reason: "AC04")])]))
        #expect(rejection.status == 0, "\(rejection)")
        // Reissuing August now would pay the 209.00 a second time: it is owed through the balance.
        let reissue = try db.settle("payouts", "2026-08", "--out", "pay-again.xml", "--reissue", "--reason", "retry")
        #expect(reissue.status != 0 && reissue.stderr == "Error: No payout file was written: STL-202608-prov-a (prov-a, 209.00 EUR, rejected) came back from the bank and is owed again through the provider's balance in a later period; a reissue of 2026-08 would pay it twice.\n", "\(reissue)")
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("pay-again.xml").path))
        let held = try db.settle("providers", "list").stdout
        #expect(held.contains("payout of 2026-08 rejected: AC04 closed account"), "\(held)")

        // September: 500.00 EUR of api_usage: 50.00 + the fee 100.00 = 150.00 net. Owed again 209.00:
        // available 0.00 + 209.00 + 150.00 = 359.00, held, so carried.
        try db.importRevenue("sep.csv", [("S-1", "2026-09-10", "500.00", "EUR")])
        #expect(try db.settle("run", "2026-09").status == 0)
        let september = try statement(db, "2026-09")
        #expect(september["returned"] as? [[String: String]] == [["period": "2026-08", "end_to_end_id": "STL-202608-prov-a",
                                                                  "amount": "209.00", "reason_code": "AC04", "reason": "closed account"]])
        #expect(september["period_net"] as? String == "150.00")
        #expect((september["payout"] as? String, september["closing_balance"] as? String, september["on_hold"] as? Bool)
                == ("0.00", "359.00", true))
        let explained = try db.settle("explain", "2026-09", "prov-a").stdout
        #expect(explained.contains("returned payout  209.00 EUR (payout of 2026-08, STL-202608-prov-a, AC04 closed account)"), "\(explained)")
        #expect(explained.contains("available        359.00 EUR"), "\(explained)")
        #expect(try db.settle("close", "2026-09").status == 0)
        #expect(try db.settle("verify", "2026-09").status == 0)
        // The journal books the money back in the bank and owed to prov-a again.
        let journal = try db.settle("journal", "2026-09", "--out", "journal-09.csv")
        #expect(journal.status == 0, "\(journal)")
        let entries = try String(contentsOf: db.folder.appendingPathComponent("journal-09.csv"), encoding: .utf8)
        #expect(entries.contains("RETURN-202609-STL-202608-prov-a,2026-09-30,1200,209.00,,EUR,prov-a,2026-09,STL-202608-prov-a,payout of 2026-08 to prov-a came back (AC04 closed account)"), "\(entries)")
        #expect(entries.contains("RETURN-202609-STL-202608-prov-a,2026-09-30,3300,,209.00,EUR,prov-a,2026-09,STL-202608-prov-a,"), "\(entries)")
        #expect(try db.settle("statements", "2026-09", "--out", "st").status == 0)
        let page = try String(contentsOf: db.folder.appendingPathComponent("st/prov-a.html"), encoding: .utf8)
        #expect(page.contains(#"<tr><td>Returned payout of 2026-08 (STL-202608-prov-a: AC04 closed account)</td><td class="amount">209.00</td></tr>"#))
        #expect(try db.settle("payouts", "2026-09", "--out", "pay-09.xml").status == 0)
        let septemberFile = try String(contentsOf: db.folder.appendingPathComponent("pay-09.xml"), encoding: .utf8)
        #expect(!septemberFile.contains("prov-a"), "a held provider is not paid")

        // The corrected account takes effect in October; the hold is released.
        let corrected = try db.write("prov-a-v2.yaml", Self.correctedPayee)
        #expect(try db.settle("contracts", "load", corrected).status == 0)
        #expect(try db.settle("providers", "release", "prov-a", "--reason", "account corrected in version 2").status == 0)

        // October: 1,000.00 EUR: 100.00 + 100.00 = 200.00; opening 359.00 (September's closing), and
        // nothing owed again any more (September brought it back): 559.00 paid, once.
        try db.importRevenue("oct.csv", [("O-1", "2026-10-03", "1000.00", "EUR")])
        #expect(try db.settle("run", "2026-10").status == 0)
        let october = try statement(db, "2026-10")
        #expect((october["returned"] as? [Any])?.isEmpty == true)
        #expect((october["opening_balance"] as? String, october["payout"] as? String, october["closing_balance"] as? String)
                == ("359.00", "559.00", "0.00"))
        #expect(try db.settle("close", "2026-10").status == 0)
        #expect(try db.settle("payouts", "2026-10", "--out", "pay-10.xml").status == 0)
        let file = try String(contentsOf: db.folder.appendingPathComponent("pay-10.xml"), encoding: .utf8)
        #expect(file.contains("<EndToEndId>STL-202610-prov-a</EndToEndId>"))
        #expect(file.contains("<InstdAmt Ccy=\"EUR\">559.00</InstdAmt>") && file.contains("GB29NWBK60161331926819"))
        #expect(!file.contains("DE89370400440532013000"), "never to the closed account")
        #expect(try db.settle("verify", "2026-10").status == 0)
    }

    /// prov-a's statement of `period`, as `settle show --json` prints it.
    func statement(_ db: TestDatabase, _ period: String) throws -> [String: Any] {
        let json = try db.settle("show", period, "--provider", "prov-a", "--json").stdout
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }
}
