import Foundation
import SettleCore
import SettleStore
import SettleTestSupport
import Testing

/// `settle import` with a spreadsheet's habits: semicolons, trailing empty rows, a dry run first,
/// and hour corrections as reversal rows.
@Suite("settle import: delimiter, dry run, empty rows, hour reversals")
struct ImportOptionsTests {
    static let contract = """
        contract: gpu-co-2026
        version: 1
        provider: {id: gpu-co, name: GPU Co, country: DE}
        payee: {name: GPU Co, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
        currency: EUR
        effective: 2026-08-01
        payment: {net_days: 30}
        rules:
          - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
          - id: h100-hours
            type: volume_bonus
            mode: graduated
            gpu_types: [h100]
            tiers: [{from: 0, per_hour: "0.10"}]
        """

    func database() throws -> TestDatabase {
        let db = try TestDatabase(.migrated)
        let contract = try db.write("gpu-co.yaml", Self.contract)
        #expect(try db.settle("contracts", "load", contract).status == 0)
        return db
    }

    @Test("a semicolon file imports with --delimiter ';'; a dry run checks it all and stores nothing")
    func semicolonsAndDryRun() throws {
        let db = try database()
        defer { db.drop() }
        let file = try db.write("revenue.csv", """
            ref;date;provider;stream;quantity;amount;currency;customer\r
            r1;2026-08-05;gpu-co;api_usage;10;1200.50;EUR;"Initech; Inc."\r
            r2;2026-08-06;gpu-co;api_usage;5;99.50;EUR;\r
            ;;;;;;;\r
            ;;;;;;;\r

            """)
        #expect(try db.settle("import", "revenue", file, "--delimiter", ";", "--dry-run") == .init(status: 0, stdout: """
            \(file): 2 rows read, 2 new, 0 already present, 2 empty rows skipped (a dry run: nothing was stored).

            """, stderr: ""))
        #expect(try db.counts() == TestDatabase.Counts())
        // Nor its rollups, copied beside the rows, nor their month's partition, nor a pending record.
        #expect(try db.int("SELECT count(*) FROM revenue_rollup") == 0)
        #expect(try db.partitions() == [])

        #expect(try db.settle("import", "revenue", file, "--delimiter", ";").stdout == """
            \(file): 2 rows read, 2 new, 0 already present, 2 empty rows skipped.

            """)
        #expect(try db.rows("SELECT ref, amount::text, customer FROM revenue ORDER BY ref")
                == [["r1", "1200.50", "Initech; Inc."], ["r2", "99.50", nil]])
        // A dry run of a file already stored says what a real import would: nothing new.
        #expect(try db.settle("import", "revenue", file, "--delimiter", ";", "--dry-run").stdout == """
            \(file): 2 rows read, 0 new, 2 already present, 2 empty rows skipped (a dry run: nothing was stored).

            """)
        #expect(try db.counts() == TestDatabase.Counts(revenue: 2, imports: 1))
    }

    @Test("a dry run of a bad file refuses it exactly as the import would")
    func dryRunRefusal() throws {
        let db = try database()
        defer { db.drop() }
        let file = try db.write("bad.csv", "ref,date,provider,hours\nh1,2026-08-31,gpu-co,1.2.3\n")
        let outcome = try db.settle("import", "compute-hours", file, "--dry-run")
        #expect(outcome == .init(status: 1, stdout: "", stderr: """
            Error: \(file) was not imported (1 problem; nothing was stored):
              \(file):2: column 'hours': '1.2.3' is not an exact decimal number such as 1234.50

            """), "\(outcome)")
    }

    @Test("a delimiter that cannot be one is refused as usage")
    func badDelimiter() throws {
        let db = try database()
        defer { db.drop() }
        let outcome = try db.settle("import", "revenue", "x.csv", "--delimiter", "ab")
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix("Error: --delimiter must be one character other than a quote or a line break, such as ';' or '\\t' for a tab, not 'ab'.\n"))
    }

    @Test("over-reported hours are corrected by a reversal row; a window total below zero fails the run, naming it")
    func hourReversals() throws {
        let db = try database()
        defer { db.drop() }
        let hours = try db.write("hours.csv", """
            ref,date,provider,hours,gpu_type
            h1,2026-08-10,gpu-co,1000,h100
            h2,2026-08-11,gpu-co,100,a100

            """)
        #expect(try db.settle("import", "compute-hours", hours).status == 0)
        // 1,000 h100 hours were 100 too many: reversed, not edited.
        let reversal = try db.write("reversal.csv", "ref,date,provider,hours,gpu_type\nh1-rev,2026-08-12,gpu-co,-100,h100\n")
        #expect(try db.settle("import", "compute-hours", reversal).status == 0)
        #expect(try db.settle("run", "2026-08").status == 0)
        // 900 h100 hours x 0.10 = 90.00
        let lines = try db.rows("""
            SELECT l->>'rule', l->>'basis', l->>'amount' FROM statements, jsonb_array_elements(document::jsonb->'lines') l
            """)
        #expect(lines == [["api-share", "0", "0.00 EUR"], ["h100-hours", "900", "90.00 EUR"]], "\(lines)")

        // A reversal of more h100 hours than were reported leaves the window's h100 hours below
        // zero (all its hours still add up to 50).
        let tooMuch = try db.write("too-much.csv", "ref,date,provider,hours,gpu_type\nh1-rev2,2026-08-13,gpu-co,-950,h100\n")
        #expect(try db.settle("import", "compute-hours", tooMuch).status == 0)
        let before = try db.rows("SELECT run_id::text FROM periods")
        let run = try db.settle("run", "2026-08")
        #expect(run == .init(status: 1, stdout: "", stderr: """
            Error: 2026-08 was not computed: compute hours add up to less than zero in gpu-co, 2026-08-01 to 2026-08-31 (h100): -50 hours. A reversal must not take back more hours than were reported; import the missing rows first. Nothing was written.

            """), "\(run)")
        #expect(try db.rows("SELECT run_id::text FROM periods") == before)
    }
}
