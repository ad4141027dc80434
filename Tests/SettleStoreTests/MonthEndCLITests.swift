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
        let database = ["--database", db.connectionString]
        func settle(_ arguments: String...) throws -> SettleBinary.Outcome {
            try SettleBinary.run(arguments + database, in: db.folder)
        }

        #expect(try settle("run", "2026-08") == .init(status: 0, stdout: """
            2026-08 computed: 1 statement; payouts 209.00 EUR. Review with `settle show 2026-08`, then `settle close 2026-08`.

            """, stderr: ""))
        #expect(try settle("show", "2026-08") == .init(status: 0, stdout: """
            2026-08 (computed)
            provider  cur  earnings  charges     net  opening  payout  closing  hold
            prov-a    EUR    209.00     0.00  209.00     0.00  209.00     0.00

            """, stderr: ""))
        #expect(try settle("show", "2026-08", "--provider", "prov-a") == .init(status: 0, stdout: """
            2026-08 (computed)
            Provider A (prov-a), contract prov-a-2026, EUR
            rule       type           v  role  amount  explanation
            api-share  revenue_share  1        109.00  10% of 1,090.00 EUR api_usage revenue (100.00 USD at 0.9)
            fee        fixed          1        100.00  fixed 100.00 EUR per month
            earnings 209.00, charges 0.00, net 209.00; opening 0.00, payout 209.00, closing 0.00; due 2026-09-30

            """, stderr: ""))
        #expect(try settle("verify", "2026-08") == .init(status: 1, stdout: "",
            stderr: "Error: 2026-08 is not closed; only a closed period can be verified.\n"))
        #expect(try settle("close", "2026-08") == .init(status: 0, stdout: "2026-08 is closed.\n", stderr: ""))
        #expect(try settle("verify", "2026-08") == .init(status: 0, stdout: """
            2026-08 verifies: every stored statement matches a recomputation from the same inputs.

            """, stderr: ""))
        #expect(try settle("run", "2026-13").status != 0)
    }
}
