import Foundation
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// `settle preview` (docs/REFERENCE.md §8): the statements as they stand beside those that contract
/// files not loaded yet would give; the database exactly as it was afterwards; the same figures as
/// actually loading the files and running, in a scratch database with the same data.
@Suite("settle preview")
struct PreviewCLITests {
    /// prov-a's August (TestDatabase.august) with a row in its second half, and a September row:
    /// 1,000.00 EUR and 100.00 USD early in August, 500.00 EUR on 20 August, 2,000.00 EUR on
    /// 10 September. August run, and closed and September run when `closeAugust`.
    static func programme(closeAugust: Bool) throws -> TestDatabase {
        let (db, monthEnd) = try TestDatabase.august()
        try db.importRevenue("late-half.csv", [("A-3", "2026-08-20", "500.00", "EUR")])
        try db.importRevenue("september.csv", [("S-1", "2026-09-10", "2000.00", "EUR")])
        _ = try monthEnd.run(Period("2026-08")!)
        if closeAugust {
            try monthEnd.close(Period("2026-08")!, today: .testToday)
            _ = try monthEnd.run(Period("2026-09")!)
        }
        return db
    }

    /// Version 2 of prov-a from 16 August: 12% instead of 10%, a fee of 130.00 instead of 100.00.
    static let version2 = RetroactiveVersionTests.version2

    @Test("leaves every table and sequence byte-identical (pg_dump --data-only), and logs nothing")
    func writesNothing() throws {
        let db = try Self.programme(closeAugust: true)
        defer { db.drop() }
        let file = try db.write("prov-a-v2.yaml", Self.version2)
        let before = try db.dataDump()
        #expect(before.contains("COPY public.audit_log") && before.contains("setval"))
        #expect(try db.settle("preview", file).status == 0)
        #expect(try db.settle("preview", file, "--json", "--from", "2026-07", "--to", "2026-12").status == 0)
        #expect(try db.settle("preview", try db.write("bad.yaml", Self.version2.replacingOccurrences(of: "version: 2", with: "version: 1"))).status == 1)
        #expect(try db.dataDump() == before)
    }

    @Test("runs only inside a READ ONLY transaction, where the server refuses every write")
    func readOnlyTransaction() throws {
        let db = try Self.programme(closeAugust: false)
        defer { db.drop() }
        #expect(throws: StoreError.self) {
            _ = try MonthEnd(store: db.store).preview([], holds: [], from: nil, to: nil, today: .testToday)
        }
        // A row, a temporary table (what a run's window sums use) and a sequence: all refused (25006).
        let writes: [SQL] = ["UPDATE providers SET on_hold = true", "CREATE TEMP TABLE run_windows (provider_id text)",
                             "SELECT nextval('imports_import_id_seq')"]
        for write in writes {
            let error = #expect(throws: PostgresError.self) {
                try db.connection.transaction(.readOnlySnapshot) { _ = try db.connection.query(write) }
            }
            #expect(error?.sqlState == "25006", "\(write)")
        }
        #expect(try db.int("SELECT count(*) FROM providers WHERE on_hold") == 0)
    }

    @Test("a draft period: the proposed statement is the one loading the file and running gives")
    func draftPeriodAsLoadedAndRun() throws {
        let db = try Self.programme(closeAugust: false)
        let scratch = try Self.programme(closeAugust: false)
        defer { db.drop(); scratch.drop() }
        let preview = try Self.json(try db.settle("preview", try db.write("prov-a-v2.yaml", Self.version2), "--json"))
        let periods = try #require(preview["periods"] as? [[String: Any]])
        #expect(periods.map { $0["period"] as? String } == ["2026-08"])
        let compared = try #require((periods[0]["providers"] as? [[String: Any]])?.first)
        // v1 on 1-15 August: 10% of 1,090.00 = 109.00, fee 100.00 x 15/31 = 48.39; v2 on 16-31
        // August: 12% of 500.00 = 60.00, fee 130.00 x 16/31 = 67.10. Against 159.00 + 100.00.
        let proposed = try #require(compared["proposed"] as? [String: Any])
        #expect(Self.amounts(proposed) == ["api-share v1 109.00", "fee v1 48.39", "api-share v2 60.00", "fee v2 67.10"])
        #expect(Self.canonical(compared["difference"]) == #"{"charges":"0.00","earnings":"25.49","period_net":"25.49"}"#)
        #expect((compared["current"] as? [String: Any])?["period_net"] as? String == "259.00")
        #expect(Self.canonical(preview["adjustments"]) == "[]")

        #expect(try scratch.settle("contracts", "load", try scratch.write("prov-a-v2.yaml", Self.version2)).status == 0)
        #expect(try scratch.settle("run", "2026-08").status == 0)
        let run = try Self.json(try scratch.settle("show", "2026-08", "--provider", "prov-a", "--json"))
        #expect(Self.canonical(run) == Self.canonical(proposed))
    }

    @Test("a version into a closed month: the adjustments the scratch run books, and its statement is proposed plus them")
    func retroactiveVersionAsLoadedAndRun() throws {
        let db = try Self.programme(closeAugust: true)
        let scratch = try Self.programme(closeAugust: true)
        defer { db.drop(); scratch.drop() }
        let preview = try Self.json(try db.settle("preview", try db.write("prov-a-v2.yaml", Self.version2), "--json"))
        let periods = try #require(preview["periods"] as? [[String: Any]])
        #expect(periods.map { $0["period"] as? String } == ["2026-08", "2026-09"])
        let august = try #require((periods[0]["providers"] as? [[String: Any]])?.first)
        #expect((august["current"] as? [String: Any])?["status"] as? String == "closed")
        #expect(Self.amounts(try #require(august["proposed"] as? [String: Any]))
                == ["api-share v1 109.00", "fee v1 48.39", "api-share v2 60.00", "fee v2 67.10"])
        #expect(Self.canonical(august["difference"]) == #"{"charges":"0.00","earnings":"25.49","period_net":"25.49"}"#)
        // September: v2 all month, 12% of 2,000.00 = 240.00 and the fee 130.00, against v1's 300.00.
        let september = try #require((periods[1]["providers"] as? [[String: Any]])?.first)
        let proposed = try #require(september["proposed"] as? [String: Any])
        #expect(Self.amounts(proposed) == ["api-share v2 240.00", "fee v2 130.00"])
        #expect(Self.canonical(september["difference"]) == #"{"charges":"0.00","earnings":"70.00","period_net":"70.00"}"#)
        #expect(Self.canonical(preview["totals"]) == #"[{"charges":"0.00","currency":"EUR","earnings":"95.49","period_net":"95.49"}]"#)
        let adjustments = try #require(preview["adjustments"] as? [[String: Any]])
        #expect(adjustments.map { "\($0["adjusts"]!) \($0["rule"]!) v\($0["version"]!) \($0["type"]!) \($0["amount"]!)" } == [
            "2026-08 api-share v1 revenue_share -50.00", "2026-08 fee v1 fixed -51.61",
            "2026-08 api-share v2 revenue_share 60.00", "2026-08 fee v2 fixed 67.10",
        ])

        let file = try scratch.write("prov-a-v2.yaml", Self.version2)
        #expect(try scratch.settle("contracts", "load", file, "--retroactive").status == 0)
        #expect(try scratch.settle("run", "2026-09").status == 0)
        let run = try Self.json(try scratch.settle("show", "2026-09", "--provider", "prov-a", "--json"))
        let lines = try #require(run["lines"] as? [[String: Any]])
        let booked = lines.filter { !($0["adjusts"] is NSNull) }
        #expect(Self.canonical(booked.map { line in
            ["provider": "prov-a"].merging(line.filter { ["adjusts", "rule", "type", "version", "role", "amount"].contains($0.key) }) { $1 }
        }) == Self.canonical(adjustments))
        #expect(Self.canonical(lines.filter { $0["adjusts"] is NSNull }) == Self.canonical(proposed["lines"]))
        let adjusted = adjustments.compactMap { Rational(decimal: $0["amount"] as? String ?? "") }.reduce(Rational(0), +)
        for total in ["earnings", "period_net", "payout"] {
            let expected = try #require(Rational(decimal: proposed[total] as? String ?? "")) + adjusted
            #expect(Rational(decimal: run[total] as? String ?? "") == expected, "\(total)")
        }
        #expect(run["period_net"] as? String == "395.49")
        for same in ["provider", "contract", "period", "status", "currency", "charges", "opening_balance", "closing_balance",
                     "due_date", "on_hold", "benefits", "payment_reference"] {
            #expect(Self.canonical(run[same]) == Self.canonical(proposed[same]), "\(same)")
        }
    }

    @Test("the text: line by line, the adjustments, the totals; periods without facts say so")
    func text() throws {
        let db = try Self.programme(closeAugust: true)
        defer { db.drop() }
        let file = try db.write("prov-a-v2.yaml", Self.version2)
        #expect(try db.settle("preview", file, "--to", "2026-11") == .init(status: 0, stdout: """
            prov-a-2026 version 2 is in force in the closed 2026-08: loading it needs --retroactive.
            Preview of prov-a-2026 version 2 (from 2026-08-16), 2026-08 to 2026-11; nothing is loaded or written.

            2026-08 (closed)
              prov-a, EUR: the closed statement beside the proposed one
                rule        type           v  role  adjusts  current  proposed  difference
                api-share   revenue_share  1                  159.00    109.00      -50.00
                fee         fixed          1                  100.00     48.39      -51.61
                api-share   revenue_share  2                             60.00       60.00
                fee         fixed          2                             67.10       67.10
                earnings                                      259.00    284.49       25.49
                charges                                         0.00      0.00        0.00
                period net                                    259.00    284.49       25.49

            2026-09 (draft)
              prov-a, EUR: the draft statement beside the proposed one
                rule        type           v  role  adjusts  current  proposed  difference
                api-share   revenue_share  2                            240.00      240.00
                fee         fixed          2                            130.00      130.00
                api-share   revenue_share  1                  200.00               -200.00
                fee         fixed          1                  100.00               -100.00
                earnings                                      300.00    370.00       70.00
                charges                                         0.00      0.00        0.00
                period net                                    300.00    370.00       70.00

            2026-10 to 2026-11: nothing to compare, no facts yet.

            Adjustments that `settle contracts load --retroactive` and the next run of 2026-09 would book (not in the proposed statements):
              provider  adjusts  rule       type           v  role  amount
              prov-a    2026-08  api-share  revenue_share  1        -50.00
              prov-a    2026-08  fee        fixed          1        -51.61
              prov-a    2026-08  api-share  revenue_share  2         60.00
              prov-a    2026-08  fee        fixed          2         67.10

            Totals, proposed minus current:
              currency  earnings  charges  period net
              EUR          95.49     0.00       95.49

            """, stderr: ""))
    }

    @Test("errors: a file load would refuse, --from after --to, --to before the files, a file already loaded")
    func errors() throws {
        let db = try Self.programme(closeAugust: true)
        defer { db.drop() }
        try db.write("changed-v1.yaml", TestDatabase.augustContract.replacingOccurrences(of: "rate: 10%", with: "rate: 11%"))
        #expect(try db.settle("preview", "changed-v1.yaml") == .init(status: 1, stdout: "", stderr: """
            changed-v1.yaml:2:10: contract 'prov-a-2026' version 1 already exists in the database (loaded from prov-a.yaml) with other content; an amendment must be a new version
            1 error in 1 file; nothing was previewed.

            """))
        try db.write("typo.yaml", Self.version2.replacingOccurrences(of: "rate: 12%", with: "rat: 12%"))
        #expect(try db.settle("preview", "typo.yaml").stderr == """
            typo.yaml:9:64: unknown key 'rat' in rule 'api-share' (a revenue_share rule); did you mean 'rate'?
            1 error in 1 file; nothing was previewed.

            """)
        try db.write("prov-a-v2.yaml", Self.version2)
        #expect(try db.settle("preview", "prov-a-v2.yaml", "--from", "2026-10", "--to", "2026-09") == .init(status: 64, stdout: "", stderr: """
            Error: --from 2026-10 is after --to 2026-09; give --from no later than --to.
            Usage: settle preview <paths> ... [--from <period>] [--to <period>] [--json] [--database <url>]
              See 'settle preview --help' for more information.

            """))
        #expect(try db.settle("preview", "prov-a-v2.yaml", "--to", "2026-07") == .init(status: 1, stdout: "", stderr: """
            Error: The files take effect from 2026-08, after --to 2026-07; give a later --to, or an earlier --from.

            """))
        #expect(try db.settle("preview", "prov-a-v2.yaml", "--to", "2029-08").stderr == """
            Error: 2026-08 to 2029-08 is 37 periods; a preview covers at most 36. Give a shorter --from and --to.

            """)
        try db.write("prov-a.yaml", TestDatabase.augustContract)
        #expect(try db.settle("preview", "prov-a.yaml") == .init(status: 0, stdout: """
            prov-a-2026 v1 is loaded already with the same content: unchanged, not previewed.
            Nothing to preview: every version in the files is loaded already, with the same content.

            """, stderr: ""))
    }

    // MARK: Reading the JSON

    static func json(_ outcome: SettleBinary.Outcome) throws -> [String: Any] {
        try #require(outcome.status == 0, "\(outcome)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    /// A JSON value as text with sorted keys, to compare values whatever their indentation.
    static func canonical(_ value: Any?) -> String {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else {
            return "nil"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A statement's lines as `rule vN amount`.
    static func amounts(_ statement: [String: Any]) -> [String] {
        (statement["lines"] as? [[String: Any]] ?? []).map { "\($0["rule"]!) v\($0["version"]!) \($0["amount"]!)" }
    }
}
