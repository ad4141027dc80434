@testable import SettleStore
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
}
