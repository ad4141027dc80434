import Foundation
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// A version effective in a closed period (docs/REFERENCE.md §4): refused unless `--retroactive`; then the next
/// run reverses the replaced version's lines and books the new one's, exact to the cent.
@Suite("Retroactive contract versions")
struct RetroactiveVersionTests {
    /// MonthEndTests' prov-a, amended from 16 August: 12% instead of 10%, a fee of 130.00 instead of 100.00.
    static let version2 = TestDatabase.augustContract
        .replacingOccurrences(of: "version: 1", with: "version: 2")
        .replacingOccurrences(of: "effective: 2026-08-01", with: "effective: 2026-08-16")
        .replacingOccurrences(of: "rate: 10%", with: "rate: 12%")
        .replacingOccurrences(of: "amount: \"100.00\"", with: "amount: \"130.00\"")

    @Test("refused without --retroactive; with it, August is corrected in September line by line")
    func midMonthAmendmentOfAClosedMonth() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        try db.importRevenue("aug-late-half.csv", [("A-3", "2026-08-20", "500.00", "EUR")])
        let august = Period("2026-08")!, september = Period("2026-09")!, october = Period("2026-10")!
        _ = try monthEnd.run(august)
        try monthEnd.close(august, today: .testToday)
        // Settled with v1 all month: 10% of (1,000.00 + 100.00 USD x 0.9 + 500.00) = 159.00; fee 100.00.
        #expect(try db.amounts("2026-08") == ["api-share 159.00", "fee 100.00", "payout 259.00"])

        let file = try db.write("prov-a-v2.yaml", Self.version2)
        #expect(try db.settle("contracts", "load", file) == .init(status: 1, stdout: "", stderr: """
            Error: \(file): prov-a-2026 version 2 takes effect on 2026-08-16 and is in force in the closed 2026-08, whose statements never change
            Nothing was loaded. To load it anyway, pass --retroactive: the next run books the difference as prior-period adjustments.

            """))
        #expect(try db.int("SELECT count(*) FROM contract_versions") == 1)
        #expect(try db.settle("contracts", "load", file, "--retroactive") == .init(status: 0, stdout: """
            Loaded: 1 new contract version (prov-a-2026 v2), 0 already stored.
            Retroactive: prov-a-2026 version 2 is in force in the closed 2026-08; the next run books the difference as prior-period adjustments.

            """, stderr: ""))

        // August now: v1 on 1-15 August (15/31): 10% of 1,090.00 = 109.00, fee 100.00 x 15/31 = 48.39;
        // v2 on 16-31 August (16/31): 12% of 500.00 = 60.00, fee 130.00 x 16/31 = 2,080/31 = 67.10.
        // Booked in September against what was settled: -50.00, -51.61, +60.00, +67.10 (net 25.49).
        _ = try monthEnd.run(september)
        let statement = try #require(try db.store.statements(of: september).first?.statement)
        let adjustments = statement.lines.filter { $0.adjusts == august }
        #expect(adjustments.map { "\($0.rule) v\($0.version) \($0.type.rawValue) \($0.first)..\($0.last) \($0.amount)" } == [
            "api-share v1 revenue_share 2026-08-01..2026-08-15 -50.00",
            "fee v1 fixed 2026-08-01..2026-08-15 -51.61",
            "api-share v2 revenue_share 2026-08-16..2026-08-31 60.00",
            "fee v2 fixed 2026-08-16..2026-08-31 67.10",
        ])
        #expect(adjustments[1].explanation == "prior-period adjustment for 2026-08: fee is now 48.39 EUR (settled 100.00 EUR) after prov-a-2026 v2 took effect retroactively")
        // September itself: v2 all month, no rows: 0.00 and the fee 130.00; plus the adjustments.
        #expect(try db.amounts("2026-09") == [
            "api-share 0.00", "fee 130.00", "api-share -50.00 adjusts 2026-08", "fee -51.61 adjusts 2026-08",
            "api-share 60.00 adjusts 2026-08", "fee 67.10 adjusts 2026-08", "payout 155.49",
        ])
        #expect(try monthEnd.verify(august).isEmpty)
        try monthEnd.close(september, today: .testToday)
        #expect(try monthEnd.verify(september).isEmpty)

        // October: nothing more for August's amendment (booked in September), but a late row of
        // 25 August is judged at v2's 12%: 12% of 600.00 = 72.00, settled 0 and booked 60.00: +12.00.
        try db.importRevenue("aug-later.csv", [("A-4", "2026-08-25", "100.00", "EUR")])
        _ = try monthEnd.run(october)
        #expect(try db.amounts("2026-10") == [
            "api-share 0.00", "fee 130.00", "api-share 12.00 adjusts 2026-08", "payout 142.00",
        ])
        try monthEnd.close(october, today: .testToday)
        #expect(try monthEnd.verify(october).isEmpty)
        #expect(try monthEnd.verify(september).isEmpty)
    }

    @Test("a run read before a retroactive load cannot be closed: it must be run again")
    func closeNoticesARetroactiveLoad() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        _ = try monthEnd.run(Period("2026-09")!)
        #expect(try db.settle("contracts", "load", try db.write("v2.yaml", Self.version2), "--retroactive").status == 0)
        #expect(throws: MonthEndError.self) { try monthEnd.close(Period("2026-09")!, today: .testToday) }
        _ = try monthEnd.run(Period("2026-09")!)
        try monthEnd.close(Period("2026-09")!, today: .testToday)
    }

    @Test("a termination back in time leaves no later statement to book it: the load says so")
    func terminationInAClosedMonth() throws {
        let (db, monthEnd) = try TestDatabase.august()
        defer { db.drop() }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        let terminated = Self.version2.replacingOccurrences(of: "payment: {net_days: 30}", with: "terminated: 2026-08-20\npayment: {net_days: 30}")
        #expect(try db.settle("contracts", "load", try db.write("v2.yaml", terminated), "--retroactive") == .init(status: 0, stdout: """
            Loaded: 1 new contract version (prov-a-2026 v2), 0 already stored.

            """, stderr: """
            Warning: prov-a-2026 version 2 leaves prov-a with no contract in force after 2026-08, so no later statement can book the difference for 2026-08; settle it outside Settle.

            """))
    }
}
