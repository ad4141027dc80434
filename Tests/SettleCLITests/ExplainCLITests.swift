import Foundation
import SettleCore
import SettleStore
import SettleTestSupport
import Testing

/// `settle explain` (docs/REFERENCE.md §7): every line's derivation with figures computed by hand, a
/// closed period explaining what was settled, a prior-period adjustment's origin, and `--rows`.
@Suite("settle explain")
struct ExplainCLITests {
    @Test("a draft's lines: the basis per stream and currency, the rule's file and line, exact and rounded")
    func draft() throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }
        #expect(try db.settle("run", "2026-08").status == 0)
        let text = try db.settle("explain", "2026-08", "prov-a")
        #expect(text.status == 0, "\(text)")
        // 10% of 1,000.00 EUR + 100.00 USD x 0.9 = 1,090.00 EUR; the fee 100.00 EUR for the whole month.
        #expect(text.stdout.hasPrefix("""
            prov-a (Provider A), 2026-08, draft statement in EUR

            1. api-share, revenue_share: 109.00 EUR
               contract prov-a-2026 version 1 (prov-a.yaml line 9, SHA-256
            """), "\(text)")
        #expect(text.stdout.contains("""
               window 2026-08-01 to 2026-08-31, 31/31 of the month
               rule: 10% of api_usage revenue
               basis:
                 api_usage  1 row  1,000.00 EUR  x    1  =  1,000.00 EUR
                 api_usage  1 row    100.00 USD  x  0.9  =     90.00 EUR
               1,090.00 EUR x 10%
               exact 109.00 EUR (109), rounded half_even to 109.00 EUR

            2. fee, fixed: 100.00 EUR
               contract prov-a-2026 version 1 (prov-a.yaml line 10, SHA-256
            """), "\(text)")
        #expect(text.stdout.hasSuffix("""
               fixed 100.00 EUR x 31/31
               exact 100.00 EUR (100), rounded half_even to 100.00 EUR

            Balance:
              opening balance  0.00 EUR (first period)
              earnings         209.00 EUR
              charges          0.00 EUR
              period net       209.00 EUR
              available        209.00 EUR
              minimum payout   0.00 EUR
              payout           209.00 EUR
              closing balance  0.00 EUR
              due date         2026-09-30

            Unsettled data: none.

            """), "\(text)")

        let json = try JSONSerialization.jsonObject(with: Data(try db.settle("explain", "2026-08", "prov-a", "--rule", "api-share", "--json").stdout.utf8)) as! [String: Any]
        #expect(json["status"] as? String == "draft")
        let line = try #require((json["lines"] as? [[String: Any]])?.first)
        #expect(line["exact"] as? String == "109")
        #expect(line["rounding"] as? String == "half_even")
        #expect(line["file_line"] as? Int == 9)
        let basis = try #require(line["basis"] as? [[String: Any]])
        #expect(basis.map { "\($0["stream"]!) \($0["currency"]!) \($0["rows"]!) \($0["sum"]!) \($0["rate"]!) \($0["converted"]!)" }
                == ["api_usage EUR 1 1000 1 1000", "api_usage USD 1 100 0.9 90"])
        #expect((json["balance"] as? [String: Any])?["payout"] as? String == "209.00")

        let rows = try db.settle("explain", "2026-08", "prov-a", "--rule", "api-share", "--rows")
        #expect(rows.stdout == """
            line,ref,date,stream,role,currency,quantity,amount,fx_rate,converted,import
            1,A-1,2026-08-05,api_usage,,EUR,1,1000.00,1,1000.00,1
            1,A-2,2026-08-06,api_usage,,USD,1,100.00,0.9,90.000,1

            """, "\(rows)")
    }

    @Test("a closed period explains what was settled; the adjustment after late rows names what it corrects")
    func closedAndAdjusted() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        try db.importRevenue("late.csv", [("A-3", "2026-08-20", "50.00", "EUR"), ("S-1", "2026-09-02", "10.00", "EUR")])
        #expect(try db.settle("run", "2026-09").status == 0)

        // August still explains the two rows it settled, not the late one.
        let august = try db.settle("explain", "2026-08", "prov-a", "--rule", "api-share").stdout
        #expect(august.contains("2026-08, closed statement in EUR"))
        #expect(august.contains("api_usage  1 row  1,000.00 EUR"), "\(august)")
        #expect(try db.settle("explain", "2026-08", "prov-a", "--rule", "api-share", "--rows").stdout.components(separatedBy: "\n").count == 4)

        let september = try db.settle("explain", "2026-09", "prov-a", "--rule", "api-share")
        #expect(september.stdout.contains("""
            2. api-share, revenue_share: 5.00 EUR
               contract prov-a-2026 version 1 (prov-a.yaml line 9, SHA-256
            """), "\(september)")
        #expect(september.stdout.contains("""
               window (in 2026-08) 2026-08-01 to 2026-08-31, 31/31 of the month
               corrects 2026-08: settled 109.00 EUR, now 114.00 EUR
               caused by rows that arrived late
               exact 5.00 EUR (5), rounded half_even to 5.00 EUR
            """), "\(september)")
        #expect(september.stdout.contains("opening balance  0.00 EUR (closing balance of 2026-08)"))
        let json = try db.settle("explain", "2026-09", "prov-a", "--json").stdout
        #expect(json.contains("""
                  "adjustment": {
                    "adjusts": "2026-08",
                    "settled": "109.00",
                    "already_adjusted": "0.00",
                    "now": "114.00",
                    "cause": "rows that arrived late"
                  }
            """), "\(json)")
        // The rows behind the rule are those of its September window; the adjustment has none.
        let septemberRows = try db.settle("explain", "2026-09", "prov-a", "--rule", "api-share", "--rows")
        #expect(septemberRows.stdout == """
            line,ref,date,stream,role,currency,quantity,amount,fx_rate,converted,import
            1,S-1,2026-09-02,api_usage,,EUR,1,10.00,1,10.00,3

            """, "\(septemberRows)")
    }

    @Test("a volume bonus: hours per GPU type, every tier, and the rows behind it without the excluded GPU type")
    func volumeBonus() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let contract = try db.write("gpu-co.yaml", """
            contract: gpu-co-2026
            version: 1
            provider: {id: gpu-co, name: GPU Co, country: DE}
            payee: {name: GPU Co, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
            currency: EUR
            effective: 2026-08-01
            payment: {net_days: 30}
            rules:
              - {id: gpu, type: volume_bonus, mode: graduated, gpu_types: [h100], tiers: [{from: 0, per_hour: "0.01"}, {from: 1000, per_hour: "0.02"}]}
            """)
        #expect(try db.settle("contracts", "load", contract).status == 0)
        let hours = try db.write("hours.csv", """
            ref,date,provider,hours,gpu_type
            h1,2026-08-02,gpu-co,800,h100
            h2,2026-08-03,gpu-co,400.5,h100
            h3,2026-08-03,gpu-co,50,a100

            """)
        #expect(try db.settle("import", "compute-hours", hours).status == 0)
        #expect(try db.settle("run", "2026-08").status == 0)
        // 1,200.5 h of h100: 1,000 h at 0.01 + 200.5 h at 0.02 = 10.00 + 4.01 = 14.01 EUR.
        let text = try db.settle("explain", "2026-08", "gpu-co").stdout
        #expect(text.contains("""
               hours: h100 1,200.5 h (2 rows)
               not counted (gpu_types): a100 50 h (1 row)
               tiers (thresholds x 31/31):
                 from 0 h      0.01 EUR/h  reached  1,000 h paid  =  10.00 EUR
                 from 1,000 h  0.02 EUR/h  reached  200.5 h paid  =   4.01 EUR
               exact 14.01 EUR (14.01), rounded half_even to 14.01 EUR
            """), "\(text)")
        let rows = try db.settle("explain", "2026-08", "gpu-co", "--rule", "gpu", "--rows")
        #expect(rows.stdout == """
            line,ref,date,gpu_type,hours,import
            1,h1,2026-08-02,h100,800,1
            1,h2,2026-08-03,h100,400.5,1

            """, "\(rows)")
    }

    @Test("refusals name what to do")
    func refusals() throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }
        let unrun = try db.settle("explain", "2026-08", "prov-a")
        #expect(unrun.status != 0 && unrun.stderr == "Error: 2026-08 has not been run; run it with `settle run 2026-08` first.\n", "\(unrun)")
        #expect(try db.settle("run", "2026-08").status == 0)
        #expect(try db.settle("explain", "2026-08", "prov-a", "--rule", "nope").stderr
                == "Error: prov-a's statement for 2026-08 has no line of rule 'nope'; its rules are api-share and fee.\n")
        #expect(try db.settle("explain", "2026-08", "prov-a", "--rule", "fee", "--rows").stderr
                == "Error: fee in prov-a's statement for 2026-08 reads no rows (a fixed amount, a limit, a prior-period adjustment or VAT); `settle explain 2026-08 prov-a --rule fee` shows how it came about.\n")
        #expect(try db.settle("explain", "2026-08", "prov-a", "--rows").stderr.hasPrefix("Error: --rows needs --rule"))
    }
}
