@testable import SettleStore
import SettleSampleData
import SettleCore
import SettleTestSupport
import Testing

/// Migration 25 (issue 19): rollups kept per month with their days. A window over the whole month
/// takes a monthly row's totals, a window that splits the month its days, and rollups per day
/// (written before schema 25, or on shards) count exactly as before.
@Suite("Monthly rollups with their days")
struct MonthlyRollupTests {
    /// `padded`: with 2,000 windows more (of providers without rows), the sums the server groups
    /// (the whole period's, `WindowSumsSQL.groupedSum`).
    @Test("whole and split windows, and the days outside them, sum the raw rows exactly, over monthly and daily rollups alike",
          arguments: [(WindowsSent.asTable, false), (.asParameter, false), (.asTable, true)])
    func windowsOverBothKinds(sent: WindowsSent, padded: Bool) throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let header = "ref,date,provider,stream,quantity,amount,currency\n"
        let monthly = try db.write("monthly.csv", header + """
            a1,2026-10-01,acme-cloud,api_usage,1,10.10,EUR
            a2,2026-10-05,acme-cloud,api_usage,2,2.50,EUR
            a3,2026-10-15,acme-cloud,api_usage,3,1,EUR
            a4,2026-10-16,acme-cloud,api_usage,4,4.25,EUR
            a5,2026-10-31,acme-cloud,api_usage,5,-0.75,EUR
            n1,2026-10-09,nordlys-gpu,upgrade,1,7,EUR
            n2,2026-10-21,nordlys-gpu,upgrade,1,3,EUR

            """)
        let daily = try db.write("daily.csv", header + """
            b1,2026-10-15,acme-cloud,api_usage,10,100,EUR
            b2,2026-10-20,acme-cloud,api_usage,10,200,EUR
            m1,2026-10-09,nordlys-gpu,upgrade,1,1,EUR
            m2,2026-10-25,nordlys-gpu,upgrade,1,2,EUR
            s1,2026-10-02,sakura-gpu,subscription,3,45000,JPY

            """)
        _ = try db.store.importFile(monthly, as: .revenue)
        _ = try db.store.importFile(daily, as: .revenue)
        #expect(try db.int("SELECT count(*) FROM revenue_rollup WHERE days IS NOT NULL") == 5)
        // The second import's rollups rewritten per day, as schema 24 (or a shard) left them.
        try db.connection.query("SET session_replication_role = replica")
        try db.connection.query("DELETE FROM revenue_rollup WHERE import_id = 2")
        try db.connection.query(Dataset.revenue.rollupSQL(monthly: false)!, ["2", "2026-10-01", "2026-11-01"])
        try db.connection.query("SET session_replication_role = DEFAULT")
        #expect(try db.int("SELECT count(*) FROM revenue_rollup WHERE days IS NULL") == 5)

        let october = Period(year: 2026, month: 10)!
        let day = { (text: String) in Day(text)! }
        let windows = [("acme-cloud", day("2026-10-01"), day("2026-10-15")), ("acme-cloud", day("2026-10-16"), day("2026-10-31")),
                       ("nordlys-gpu", day("2026-10-10"), day("2026-10-24")), ("sakura-gpu", day("2026-10-01"), day("2026-10-31"))]
            .map { (provider: $0.0, first: $0.1, last: $0.2) }
        let padding = padded ? (1...2_000).map { (provider: "pad-\($0)", first: day("2026-10-01"), last: day("2026-10-31")) } : []
        let (facts, outside, differences) = try db.store.db.transaction {
            (try db.store.periodFacts(october, maxImportID: 2, windows: windows + padding, sent: sent),
             try db.store.outsideWindowFacts(october, maxImportID: 2, windows: windows, providers: nil),
             try db.store.rollupDifferences(october, maxImportID: 2))
        }
        let sums = { (provider: String) in
            (facts.revenue[provider] ?? []).sorted { $0.date < $1.date }.map { [$0.date.description, $0.amount, $0.quantity] as [AnyHashable] }
        }
        // 10.10 + 2.50 + 1 + 100 (the 15th in both imports) = 113.60; 4.25 - 0.75 + 200 = 203.50.
        #expect(sums("acme-cloud") == [["2026-10-01", Rational(11_360, 100), Rational(16)],
                                       ["2026-10-16", Rational(20_350, 100), Rational(19)]])
        #expect(sums("nordlys-gpu") == [["2026-10-10", Rational(3), Rational(1)]])
        #expect(sums("sakura-gpu") == [["2026-10-01", Rational(45_000), Rational(3)]])
        #expect(facts.revenue["acme-cloud"]?.map(\.rows) == [4, 3])
        // nordlys-gpu's 9th (in both imports) and 25th lie outside its window: 7 + 1 + 2.
        #expect(outside.mapValues { $0.map { [$0.rows, $0.amount, $0.quantity] as [AnyHashable] } }
                == ["nordlys-gpu": [[3, Rational(10), Rational(3)]]])
        #expect(differences == [])
    }

    /// A run's batch adds up the windows that split a month from the monthly rows' days itself
    /// (`SplitWindows`); the server's sums of the same windows (`.asParameter`) are the reference.
    @Test("the client's sums of split windows equal the server's, over three imports with refunds, roles and GPU types")
    func clientSplitEqualsServer() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        var random = SeededRandom(seed: 19)
        let providers = ["acme-cloud", "nordlys-gpu", "sakura-gpu", "helios-render", "pacific-compute"]
        var ref = 0
        for _ in 1...3 {
            var revenue = "ref,date,provider,stream,quantity,amount,currency,role\n"
            var hours = "ref,date,provider,hours,gpu_type\n"
            for _ in 0..<400 {
                ref += 1
                let provider = providers[random.int(0...providers.count - 1)]
                // helios-render has no row from the 20th to the 25th: its window there adds up nothing.
                let dayNumber = random.int(1...31)
                let day = Day(year: 2026, month: 10, day: provider == "helios-render" && (20...25).contains(dayNumber) ? 26 : dayNumber)!
                let cents = random.int(-20_000...179_999)
                let amount = "\(cents < 0 ? "-" : "")\(abs(cents) / 100).\(abs(cents) % 100 < 10 ? "0\(abs(cents) % 100)" : "\(abs(cents) % 100)")"
                // More streams than the reader keeps texts of, and more keys a provider than it compares.
                let stream = "stream_\(random.int(1...20))"
                let role = ["", "referrer", "project"][random.int(0...2)]
                revenue += "r\(ref),\(day),\(provider),\(stream),\(random.int(0...49)).\(random.int(0...999)),\(amount),EUR,\(role)\n"
                hours += "h\(ref),\(day),\(provider),\(random.int(0...899)).\(random.int(0...99)),\(["", "h100", "a100"][random.int(0...2)])\n"
            }
            _ = try db.store.importFile(try db.write("revenue-\(ref).csv", revenue), as: .revenue)
            _ = try db.store.importFile(try db.write("hours-\(ref).csv", hours), as: .computeHours)
        }
        let october = Period(year: 2026, month: 10)!
        let day = { (number: Int) in Day(year: 2026, month: 10, day: number)! }
        // Whole month; three pieces; a window from the month before and one past the month's end,
        // a gap between; one without rows and one piece.
        let windows = [("acme-cloud", day(1), day(31)), ("nordlys-gpu", day(1), day(9)), ("nordlys-gpu", day(10), day(10)),
                       ("nordlys-gpu", day(11), day(31)), ("sakura-gpu", Day(year: 2026, month: 9, day: 20)!, day(12)),
                       ("sakura-gpu", day(20), Day(year: 2026, month: 12, day: 31)!), ("helios-render", day(20), day(25)),
                       ("helios-render", day(26), day(31))]
            .map { (provider: $0.0, first: $0.1, last: $0.2) }
        let (client, server) = try db.store.db.transaction {
            (try db.store.periodFacts(october, maxImportID: 6, windows: windows, sent: .asTable),
             try db.store.periodFacts(october, maxImportID: 6, windows: windows, sent: .asParameter))
        }
        func sorted(_ facts: PeriodFacts) -> [String: [String]] {
            facts.revenue.mapValues { $0.map { "\($0.date) \($0.stream) \($0.role ?? "-") \($0.quantity) \($0.amount) \($0.rows)" }.sorted() }
                .merging(facts.hours.mapValues { $0.map { "\($0.date) \($0.gpuType ?? "-") \($0.hours) \($0.rows)" }.sorted() }
                            .map { ("hours " + $0.key, $0.value) }, uniquingKeysWith: { $1 })
        }
        #expect(sorted(client) == sorted(server))
        #expect(Set(client.revenue.keys) == ["acme-cloud", "nordlys-gpu", "sakura-gpu", "helios-render"])
        #expect(Set(client.revenue["nordlys-gpu", default: []].map(\.date)) == [day(1), day(10), day(11)])
        #expect(Set(client.revenue["helios-render", default: []].map(\.date)) == [day(26)])
        #expect(client.revenue["nordlys-gpu", default: []].count > KeyedEntries<RevenueEntry>.comparedUpTo)
        let rows = { (facts: PeriodFacts) in
            facts.revenue.values.joined().map(\.rows).reduce(0, +) + facts.hours.values.joined().map(\.rows).reduce(0, +)
        }
        #expect(rows(client) == rows(server))
        #expect(rows(client) > 1_000)
    }

    @Test("a monthly row's days are read from PostgreSQL's array text, and bad text is an error")
    func monthDaysFromArrayText() throws {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        /// The days of the only row of `sql`, from column `first` on.
        func monthDays(_ sql: SQL, from first: Int, sumColumns: Int) throws -> MonthDays {
            var days: [MonthDays] = []
            try db.connection.query(sql, eachCells: { days.append(try MonthDays($0, from: first, sumColumns: sumColumns)) })
            return days[0]
        }
        let row: SQL = """
            SELECT 'p', '{2,8,31}'::smallint[], '{1.5,-0.000001,12345678901234567890.25}'::numeric[], '{1,2,3}'::bigint[], '{}'::bigint[]
            """
        let days = try monthDays(row, from: 1, sumColumns: 1)
        #expect(days.days == [2, 8, 31])
        #expect(days.rows == [1, 2, 3])
        // Past 64 bits: exact numbers.
        #expect(days.sums[0].sum(0..<3) == Rational(3, 2) - Rational(1, 1_000_000) + Rational(decimal: "12345678901234567890.25")!)
        // Millionths whose total passes 64 bits.
        let large = try monthDays("SELECT '{1,2,3}'::text, '{9223372036854.775807,9223372036854.775807,-0.5}'::text, '{1,1,1}'::text",
                                  from: 0, sumColumns: 1)
        #expect(large.sums[0].sum(0..<2) == Rational(decimal: "18446744073709.551614")!)
        #expect(large.sums[0].sum(0..<3) == Rational(decimal: "18446744073709.051614")!)
        #expect(large.sums[0].sum(2..<3) == Rational(-1, 2))
        #expect(days.added(into: [1...7, 8...30]).map { [$0.window, $0.rows] } == [[0, 1], [1, 2]])   // the 31st in none
        #expect(days.added(into: [1...8, 31...31]).map { [$0.window, $0.rows] } == [[0, 3], [1, 3]])
        #expect(days.added(into: [9...30]).isEmpty)
        #expect(days.added(into: [1...8]).first?.sums == [Rational(3, 2) - Rational(1, 1_000_000)])
        /// The message of the error reading `sql`'s days from column `first` on.
        func message(_ sql: SQL, from first: Int, sumColumns: Int) -> String? {
            do { _ = try monthDays(sql, from: first, sumColumns: sumColumns) } catch { return "\(error)" }
            return nil
        }
        #expect(message(row, from: 1, sumColumns: 2) == "a monthly rollup row's day arrays differ in length")   // no rows for its days
        #expect(message("SELECT '{1,x}'::text, '{1}'::text, '{1}'::text", from: 0, sumColumns: 1)
                == "column 1 of a monthly rollup row: expected an array of numbers, found {1,x}")
        #expect(message("SELECT '{1}'::text, '1,2'::text, '{1}'::text", from: 0, sumColumns: 1)
                == "column 2 of a monthly rollup row: expected an array of numbers, found 1,2")
        #expect(message("SELECT '{1}'::text, NULL::text, '{1}'::text", from: 0, sumColumns: 1)?.hasPrefix("column ") == true)
    }
}
