import Foundation
import SettleCore
import SettleStore
import SettleTestSupport
import Testing

/// Rows that count for nothing are named after every run, listed by `show --unsettled` and in the
/// finance summary, and kept current by a re-run (docs/REFERENCE.md §4).
@Suite("Unsettled data through the settle binary")
struct UnsettledCLITests {
    /// typo-co reads `api_usage` (a partner manager meant the stream the data calls `api-usage`?
    /// no: the data has the typo) and ends on 20 August; quiet-co has no rows; gone-co's contract
    /// ended in July.
    static let contracts = [
        ("typo-co.yaml", """
            contract: typo-co-2026
            version: 1
            provider: {id: typo-co, name: Typo Co, country: DE}
            payee: {name: Typo Co, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
            currency: EUR
            effective: 2026-08-01
            terminated: 2026-08-20
            payment: {net_days: 30}
            rules:
              - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
              - {id: custom, type: revenue_share, streams: [custom_development], rate_by_role: {executed: 10%}}
              - {id: h100, type: volume_bonus, mode: graduated, gpu_types: [h100], tiers: [{from: 0, per_hour: "0.01"}]}
            """),
        ("quiet-co.yaml", """
            contract: quiet-co-2026
            version: 1
            provider: {id: quiet-co, name: Quiet Co, country: DE}
            payee: {name: Quiet Co, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
            currency: EUR
            effective: 2026-08-01
            payment: {net_days: 30}
            rules:
              - {id: fee, type: fixed, amount: "10.00"}
            """),
        ("gone-co.yaml", """
            contract: gone-co-2026
            version: 1
            provider: {id: gone-co, name: Gone Co, country: DE}
            payee: {name: Gone Co, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
            currency: EUR
            effective: 2026-07-01
            expires: 2026-07-31
            payment: {net_days: 30}
            rules:
              - {id: fee, type: fixed, amount: "10.00"}
            """),
    ]

    @Test("a misspelt stream, an unlisted role, rows after the end, excluded hours and a provider without rows")
    func named() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let files = try Self.contracts.map { try db.write($0.0, $0.1) }
        #expect(try db.settle(["contracts", "load"] + files).status == 0)
        let revenue = try db.write("revenue.csv", """
            ref,date,provider,stream,quantity,amount,currency,role
            r1,2026-08-03,typo-co,api_usage,1,100.00,EUR,
            r2,2026-08-04,typo-co,api-usage,1,50.00,EUR,
            r3,2026-08-05,typo-co,api-usage,2,25.50,EUR,
            r4,2026-08-06,typo-co,custom_development,1,300.00,EUR,advised
            r5,2026-08-25,typo-co,api_usage,1,70.00,EUR,
            r6,2026-08-07,gone-co,api_usage,1,9.99,EUR,

            """)
        let hours = try db.write("hours.csv", "ref,date,provider,hours,gpu_type\nh1,2026-08-02,typo-co,40,a100\nh2,2026-08-02,typo-co,5,h100\n")
        #expect(try db.settle("import", "revenue", revenue).status == 0)
        #expect(try db.settle("import", "compute-hours", hours).status == 0)

        #expect(try db.settle("run", "2026-07").stdout.hasSuffix("""
            Unsettled: 1 provider in force has no rows at all. See `settle show 2026-07 --unsettled`.

            """))
        #expect(try db.settle("close", "2026-07").status == 0)
        // A late row for the closed July: August's run recomputes July too, which must not change
        // what August's unsettled data is measured against.
        let lateJuly = try db.write("late-july.csv", "ref,date,provider,stream,quantity,amount,currency\nj1,2026-07-30,gone-co,api_usage,1,5.00,EUR\n")
        #expect(try db.settle("import", "revenue", lateJuly).status == 0)
        let run = try db.settle("run", "2026-08")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasSuffix("""
            Unsettled: 6 rows of 2 providers count for nothing (2 of a stream no rule reads; 1 of a role no rule reads; 2 dated outside every contract window; 1 of compute hours no volume bonus reads); 1 provider in force has no rows at all. See `settle show 2026-08 --unsettled`.

            """), "\(run)")
        let shown = try db.settle("show", "2026-08", "--unsettled").stdout
        #expect(shown == """
            2026-08 (draft): Unsettled: 6 rows of 2 providers count for nothing (2 of a stream no rule reads; 1 of a role no rule reads; 2 dated outside every contract window; 1 of compute hours no volume bonus reads); 1 provider in force has no rows at all.
            provider  reason           subject                     currency  rows  quantity  amount  hours
            gone-co   outside_windows  revenue                     EUR          1         1    9.99
            quiet-co  no_rows          -                                        0
            typo-co   stream_not_read  api-usage                   EUR          2         3   75.50
            typo-co   role_not_listed  custom_development/advised  EUR          1         1  300.00
            typo-co   outside_windows  revenue                     EUR          1         1   70.00
            typo-co   hours_not_read   a100                                     1                       40

            """, "\(shown)")
        let json = try db.settle("show", "2026-08", "--unsettled", "--provider", "quiet-co", "--json").stdout
        #expect(json == """
            [
              {
                "provider": "quiet-co",
                "reason": "no_rows",
                "subject": "-",
                "currency": null,
                "rows": 0,
                "quantity": null,
                "amount": null,
                "hours": null
              }
            ]

            """)
        #expect(try db.settle("report", "2026-08", "--out", "report").status == 0)
        let csv = try String(contentsOf: db.folder.appendingPathComponent("report/report-unsettled.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("period,status,provider,reason,subject,currency,rows,quantity,amount,hours\r\n2026-08,draft,gone-co,outside_windows,revenue,EUR,1,1,9.99,\r\n"))
        #expect(csv.contains("2026-08,draft,typo-co,stream_not_read,api-usage,EUR,2,3,75.50,\r\n"))

        // Late rows: the re-run recomputes only the providers they concern, and the unsettled data
        // follows (quiet-co now has a row, of a stream it does not read).
        let late = try db.write("late.csv", "ref,date,provider,stream,quantity,amount,currency\nr7,2026-08-09,quiet-co,api_usage,1,1.00,EUR\nr8,2026-08-10,gone-co,api_usage,1,0.01,EUR\n")
        #expect(try db.settle("import", "revenue", late).status == 0)
        let rerun = try db.settle("run", "2026-08").stdout
        #expect(rerun.contains("(1 recomputed after new rows or holds, 1 unchanged)"), "\(rerun)")
        let afterRerun = try db.settle("show", "2026-08", "--unsettled", "--json").stdout
        let scratch = try db.settle("run", "2026-08", "--recompute-all")
        #expect(scratch.status == 0)
        // The re-run's summary, from the totals it kept, is what a run from scratch counts.
        func unsettledLine(_ output: String) -> String? { output.split(separator: "\n").first { $0.hasPrefix("Unsettled:") }.map(String.init) }
        #expect(unsettledLine(rerun) != nil && unsettledLine(rerun) == unsettledLine(scratch.stdout), "\(rerun)")
        #expect(try db.settle("show", "2026-08", "--unsettled", "--json").stdout == afterRerun)
        #expect(afterRerun.contains("\"provider\": \"quiet-co\",\n    \"reason\": \"stream_not_read\",\n    \"subject\": \"api_usage\""))
        #expect(afterRerun.contains("\"provider\": \"gone-co\",\n    \"reason\": \"outside_windows\",\n    \"subject\": \"revenue\",\n    \"currency\": \"EUR\",\n    \"rows\": 2,\n    \"quantity\": \"2\",\n    \"amount\": \"10.00\""))
    }

    /// A run finds the rows outside every window as the month less the windows' sums
    /// (`OutsideWindows`), a re-run with the server's anti-join: both find the same rows, in every
    /// currency and for hours too.
    @Test("rows outside the windows of two contracts with a gap between them, and of two versions ending early")
    func outsideSplitAndOverlappingWindows() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        func contract(_ id: String, version: Int = 1, provider: String, effective: String, terminated: String) -> String {
            """
            contract: \(id)
            version: \(version)
            provider: {id: \(provider), name: \(provider), country: DE}
            payee: {name: \(provider), iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
            currency: EUR
            effective: \(effective)
            terminated: \(terminated)
            payment: {net_days: 30}
            rules:
              - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
              - {id: gpu, type: volume_bonus, mode: graduated, tiers: [{from: 0, per_hour: "0.01"}]}
            """
        }
        let files = try [
            ("gap-a.yaml", contract("gap-a", provider: "gap-co", effective: "2026-08-01", terminated: "2026-08-10")),
            ("gap-b.yaml", contract("gap-b", provider: "gap-co", effective: "2026-08-21", terminated: "2026-08-31")),
            ("early-1.yaml", contract("early", provider: "early-co", effective: "2026-08-01", terminated: "2026-08-25")),
            ("early-2.yaml", contract("early", version: 2, provider: "early-co", effective: "2026-08-16", terminated: "2026-08-25")),
        ].map { try db.write($0.0, $0.1) }
        #expect(try db.settle(["contracts", "load"] + files).status == 0)
        let revenue = try db.write("revenue.csv", """
            ref,date,provider,stream,quantity,amount,currency
            g1,2026-08-02,gap-co,api_usage,1,100.00,EUR
            g2,2026-08-12,gap-co,api_usage,2,20.25,EUR
            g3,2026-08-20,gap-co,api_usage,3,-5.00,EUR
            g4,2026-08-15,gap-co,api_usage,4,7.50,USD
            g5,2026-08-25,gap-co,api_usage,1,50.00,EUR
            t1,2026-08-17,early-co,api_usage,1,10.00,EUR
            t2,2026-08-28,early-co,api_usage,2,3.30,EUR

            """)
        let hours = try db.write("hours.csv", """
            ref,date,provider,hours,gpu_type
            h1,2026-08-05,gap-co,10,h100
            h2,2026-08-11,gap-co,2.5,h100
            h3,2026-08-19,gap-co,1.25,a100
            h4,2026-08-31,early-co,4,h100

            """)
        #expect(try db.settle("import", "revenue", revenue).status == 0)
        #expect(try db.settle("import", "compute-hours", hours).status == 0)
        #expect(try db.settle("run", "2026-08").status == 0)
        let outside = """
            early-co  outside_windows  compute hours               1                        4
            early-co  outside_windows  revenue        EUR          1         2    3.30
            gap-co    outside_windows  compute hours               2                     3.75
            gap-co    outside_windows  revenue        EUR          2         5   15.25
            gap-co    outside_windows  revenue        USD          1         4    7.50
            """
        let shown = try db.settle("show", "2026-08", "--unsettled").stdout
        #expect(shown.contains(outside), "\(shown)")
        // A re-run of gap-co finds the same rows with the server's anti-join.
        let late = try db.write("late.csv", "ref,date,provider,stream,quantity,amount,currency\ng6,2026-08-03,gap-co,api_usage,1,0.00,EUR\n")
        #expect(try db.settle("import", "revenue", late).status == 0)
        let rerun = try db.settle("run", "2026-08").stdout
        #expect(rerun.contains("(1 recomputed after new rows or holds, 1 unchanged)"), "\(rerun)")
        #expect(try db.settle("show", "2026-08", "--unsettled").stdout.contains(outside))
        // From scratch again, over two imports of one key: the same rows.
        #expect(try db.settle("run", "2026-08", "--recompute-all").status == 0)
        #expect(try db.settle("show", "2026-08", "--unsettled").stdout.contains(outside))
    }
}
