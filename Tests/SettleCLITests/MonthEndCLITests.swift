import Foundation
import SettleCore
import SettleStore
import SettleTestSupport
import Testing

/// `settle run | show | close | verify` as a user types them, on the small contract of
/// MonthEndTests: the printed text is a reviewed interface.
@Suite("Month end through the settle binary")
struct MonthEndCLITests {
    @Test("run, show, close, verify print what finance reads")
    func verbs() throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }

        #expect(try db.settle("run", "2026-08") == .init(status: 0, stdout: """
            2026-08 computed: 1 statement; payouts 209.00 EUR. Review with `settle show 2026-08`, then `settle close 2026-08`.
            Nothing unsettled: every row of 2026-08 counts for a rule.

            """, stderr: ""))
        #expect(try db.settle("show", "2026-08") == .init(status: 0, stdout: """
            2026-08 (draft)
            provider  cur  earnings  charges     net  opening  payout  closing  hold
            prov-a    EUR    209.00     0.00  209.00     0.00  209.00     0.00

            """, stderr: ""))
        #expect(try db.settle("show", "2026-08", "--provider", "prov-a") == .init(status: 0, stdout: """
            2026-08 (draft)
            Provider A (prov-a), contract prov-a-2026, EUR
            rule       type           v  role  amount  explanation
            api-share  revenue_share  1        109.00  10% of 1,090.00 EUR api_usage revenue (100.00 USD at 0.9)
            fee        fixed          1        100.00  fixed 100.00 EUR per month
            earnings 209.00, charges 0.00, net 209.00; opening 0.00, payout 209.00, closing 0.00; due 2026-09-30

            """, stderr: ""))
        // `show --json` prints the statement file's own object (docs/REFERENCE.md §5), never another shape.
        let shown = try db.settle("show", "2026-08", "--provider", "prov-a", "--json")
        #expect(try db.settle("statements", "2026-08", "--out", "out").status == 0)
        let file = try String(contentsOf: db.folder.appendingPathComponent("out/prov-a.json"), encoding: .utf8)
        #expect(shown.stdout == file && file.contains("\n  \"status\": \"draft\",\n"))
        let all = try db.settle("show", "2026-08", "--json").stdout
        let array = try JSONSerialization.jsonObject(with: Data(all.utf8)) as? [NSDictionary]
        let object = try JSONSerialization.jsonObject(with: Data(file.utf8)) as? NSDictionary
        #expect(array == [try #require(object)])
        #expect(object?["payout"] as? String == "209.00" && object?["status"] as? String == "draft")
        #expect(try db.settle("verify", "2026-08") == .init(status: 1, stdout: "",
            stderr: "Error: 2026-08 is not closed; only a closed period can be verified.\n"))
        #expect(try db.settle("close", "2026-08") == .init(status: 0, stdout: "2026-08 is closed.\n", stderr: ""))
        #expect(try db.settle("verify", "2026-08") == .init(status: 0, stdout: """
            2026-08 verifies: every stored statement matches a recomputation from the same inputs.

            """, stderr: ""))
        #expect(try db.settle("run", "2026-13").status != 0)
    }

    @Test("a month that has not ended closes only with --early, which is recorded; SETTLE_TODAY decides")
    func earlyClose() throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }
        let database = ["--database", db.connectionString]
        #expect(try db.settle("run", "2026-08").status == 0)
        for today in ["2026-08-28", "2026-08-31"] {
            #expect(try SettleBinary.run(["close", "2026-08"] + database, in: db.folder, today: today) == .init(
                status: 1, stdout: "", stderr: """
                Error: 2026-08 ends on 2026-08-31; today is \(today). A closed period can never be reopened: wait until the month has ended, or close it now with `settle close 2026-08 --early` (recorded as an early close).

                """))
        }
        #expect(try db.rows("SELECT status FROM periods") == [["computed"]])
        #expect(try SettleBinary.run(["close", "2026-08", "--early"] + database, in: db.folder, today: "2026-08-28")
                == .init(status: 0, stdout: "2026-08 is closed (early: it ends on 2026-08-31; recorded).\n", stderr: ""))
        #expect(try db.rows("SELECT status, closed_early::text FROM periods") == [["closed", "true"]])

        let bad = try SettleBinary.run(["close", "2026-08"] + database, in: db.folder, today: "2026-09-01")
        #expect(bad.stderr == "Error: 2026-08 is already closed.\n")
    }

    @Test("a month closed after its last day is not recorded as early; a bad SETTLE_TODAY is named")
    func onTimeClose() throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }
        #expect(try db.settle("run", "2026-08").status == 0)
        #expect(try SettleBinary.run(["close", "2026-08", "--database", db.connectionString], in: db.folder,
                                     today: "2026-09-31").stderr
                == "Error: SETTLE_TODAY is '2026-09-31', not a date written YYYY-MM-DD; set it to a date such as 2026-11-28, or unset it to use the clock.\n")
        #expect(try SettleBinary.run(["close", "2026-08", "--database", db.connectionString], in: db.folder,
                                     today: "2026-09-01").stdout == "2026-08 is closed.\n")
        #expect(try db.rows("SELECT status, closed_early::text FROM periods") == [["closed", "false"]])
    }

    @Test("every refusal of the month-end verbs is one sentence that says what to do")
    func refusals() throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }
        let database = ["--database", db.connectionString]
        func refusal(_ arguments: String...) throws -> String {
            let outcome = try SettleBinary.run(arguments + database, in: db.folder)
            #expect(outcome.status != 0 && outcome.stdout.isEmpty, "\(arguments)")
            return outcome.stderr
        }
        let notRun = "Error: 2026-08 has not been run; run it with `settle run 2026-08` first.\n"
        #expect(try refusal("close", "2026-08") == notRun)
        #expect(try refusal("show", "2026-08") == notRun)
        #expect(try refusal("statements", "2026-08", "--out", "out") == notRun)
        #expect(try refusal("report", "2026-08", "--out", "out") == notRun)
        #expect(try refusal("statements", "2026-08", "--out", "out", "--template", "nowhere.html")
                == "Error: Cannot read the statement template nowhere.html; check the path given to --template.\n")
        let misspelt = try db.write("restyled.html", "<h1>{{provider_name}}</h1>\n<p>Total {{earnigs}}</p>\n")
        #expect(try refusal("statements", "2026-08", "--out", "out", "--template", misspelt)
                == "Error: The statement template is not usable: \(misspelt):2: unknown placeholder {{earnigs}}; did you mean 'earnings'?\n")

        #expect(try db.settle("run", "2026-08").status == 0)
        #expect(try refusal("show", "2026-08", "--provider", "nobody") == "Error: 2026-08 has no statement for provider 'nobody'.\n")
        #expect(try refusal("payouts", "2026-08", "--out", "pay.xml")
                == "Error: 2026-08 is not closed; payouts are made only for a closed period (`settle close 2026-08`).\n")
        #expect(try db.settle("close", "2026-08").status == 0)
        #expect(try refusal("close", "2026-08") == "Error: 2026-08 is already closed.\n")
        #expect(try refusal("payouts", "2026-08", "--out", "pay.xml")
                == "Error: No payer is loaded; load contracts/payer.yaml with `settle contracts load`.\n")
        #expect(try refusal("run", "2026-13").contains("'2026-13' is not a period; write it YYYY-MM, such as 2026-10."))
        #expect(try refusal("run", "9999-12").contains("'9999-12' is outside the periods Settle settles, 2000-01 to 2999-12."))
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("pay.xml").path))
    }
}
