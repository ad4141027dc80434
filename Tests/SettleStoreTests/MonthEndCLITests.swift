import Foundation
import Testing

/// `settle run | show | close | verify` as a user types them, on the small contract of
/// MonthEndTests: the printed text is a reviewed interface.
@Suite("Month end through the settle binary")
struct MonthEndCLITests {
    @Test("run, show, close, verify print what finance reads")
    func verbs() throws {
        let (db, _) = try MonthEndTests().august()
        defer { db.drop() }

        #expect(try db.settle("run", "2026-08") == .init(status: 0, stdout: """
            2026-08 computed: 1 statement; payouts 209.00 EUR. Review with `settle show 2026-08`, then `settle close 2026-08`.

            """, stderr: ""))
        #expect(try db.settle("show", "2026-08") == .init(status: 0, stdout: """
            2026-08 (computed)
            provider  cur  earnings  charges     net  opening  payout  closing  hold
            prov-a    EUR    209.00     0.00  209.00     0.00  209.00     0.00

            """, stderr: ""))
        #expect(try db.settle("show", "2026-08", "--provider", "prov-a") == .init(status: 0, stdout: """
            2026-08 (computed)
            Provider A (prov-a), contract prov-a-2026, EUR
            rule       type           v  role  amount  explanation
            api-share  revenue_share  1        109.00  10% of 1,090.00 EUR api_usage revenue (100.00 USD at 0.9)
            fee        fixed          1        100.00  fixed 100.00 EUR per month
            earnings 209.00, charges 0.00, net 209.00; opening 0.00, payout 209.00, closing 0.00; due 2026-09-30

            """, stderr: ""))
        #expect(try db.settle("verify", "2026-08") == .init(status: 1, stdout: "",
            stderr: "Error: 2026-08 is not closed; only a closed period can be verified.\n"))
        #expect(try db.settle("close", "2026-08") == .init(status: 0, stdout: "2026-08 is closed.\n", stderr: ""))
        #expect(try db.settle("verify", "2026-08") == .init(status: 0, stdout: """
            2026-08 verifies: every stored statement matches a recomputation from the same inputs.

            """, stderr: ""))
        #expect(try db.settle("run", "2026-13").status != 0)
    }

    @Test("every refusal of the month-end verbs is one sentence that says what to do")
    func refusals() throws {
        let (db, _) = try MonthEndTests().august()
        defer { db.drop() }
        let database = ["--database", db.connectionString]
        func refusal(_ arguments: String...) throws -> String {
            let outcome = try SettleBinary.run(arguments + database, in: db.folder)
            #expect(outcome.status != 0 && outcome.stdout.isEmpty, "\(arguments)")
            return outcome.stderr
        }
        let template = TestCluster.packageRoot.appendingPathComponent("reports/statement.html").path
        let notRun = "Error: 2026-08 has not been run; run it with `settle run 2026-08` first.\n"
        #expect(try refusal("close", "2026-08") == notRun)
        #expect(try refusal("show", "2026-08") == notRun)
        #expect(try refusal("statements", "2026-08", "--out", "out", "--template", template) == notRun)
        #expect(try refusal("report", "2026-08", "--out", "out") == notRun)
        #expect(try refusal("statements", "2026-08", "--out", "out", "--template", "nowhere.html")
                == "Error: Cannot read the statement template nowhere.html; pass --template FILE.\n")

        #expect(try db.settle("run", "2026-08").status == 0)
        #expect(try refusal("show", "2026-08", "--provider", "nobody") == "Error: 2026-08 has no statement for provider 'nobody'.\n")
        #expect(try refusal("payouts", "2026-08", "--out", "pay.xml", "--schema", PayoutsCLITests.xsd)
                == "Error: 2026-08 is not closed; payouts are made only for a closed period (`settle close 2026-08`).\n")
        #expect(try db.settle("close", "2026-08").status == 0)
        #expect(try refusal("close", "2026-08") == "Error: 2026-08 is already closed.\n")
        #expect(try refusal("payouts", "2026-08", "--out", "pay.xml", "--schema", PayoutsCLITests.xsd)
                == "Error: No payer is loaded; load contracts/payer.yaml with `settle contracts load`.\n")
        #expect(try refusal("run", "2026-13").contains("'2026-13' is not a period; write it YYYY-MM, such as 2026-10."))
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("pay.xml").path))
    }
}
