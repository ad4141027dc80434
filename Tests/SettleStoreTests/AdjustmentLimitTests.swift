import Foundation
import SettleContracts
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// Prior-period adjustments of limit lines: a cap line that one late row brought about and a later
/// refund made unnecessary is taken back, never left booked twice.
@Suite("Adjustments of limit lines")
struct AdjustmentLimitTests {
    /// MonthEndTests' prov-a without the fee, under a cap of 100.00 a month.
    static let contract = TestDatabase.augustContract
        .replacingOccurrences(of: "prov-a-2026", with: "cap-co-2026")
        .replacingOccurrences(of: "  - {id: fee, type: fixed, amount: \"100.00\"}", with: "limits: {cap: \"100.00\"}")

    /// A migrated database with these contract files loaded.
    func database(_ files: [(name: String, text: String)]) throws -> TestDatabase {
        let db = try TestDatabase(.migrated)
        let versions = try files.map { name, text in
            guard case let .success(.contract(sourced)) = ContractFiles.parse(text, file: name) else {
                throw MonthEndError("\(name) does not parse")
            }
            return ContractVersionFile(contract: sourced.contract, sourceFile: name, sourceText: text)
        }
        _ = try db.store.load(contracts: versions, payer: nil) { _ in }
        return db
    }

    @Test("a cap line booked for late rows is reversed when a refund takes the month back under the cap")
    func capLineTakenBack() throws {
        let db = try database([("cap-co.yaml", Self.contract)])
        defer { db.drop() }
        let monthEnd = MonthEnd(store: db.store)
        let (august, september, october) = (Period("2026-08")!, Period("2026-09")!, Period("2026-10")!)

        // August: 10% of 800.00 = 80.00, under the cap.
        try db.importRevenue("aug.csv", [("A-1", "2026-08-05", "800.00", "EUR")])
        _ = try monthEnd.run(august)
        try monthEnd.close(august, today: .testToday)
        #expect(try db.amounts("2026-08") == ["api-share 80.00", "payout 80.00"])

        // A late 500.00: August is now 130.00, capped at 100.00: September books +50.00 and -30.00.
        try db.importRevenue("late-1.csv", [("A-2", "2026-08-10", "500.00", "EUR")])
        _ = try monthEnd.run(september)
        try monthEnd.close(september, today: .testToday)
        #expect(try db.amounts("2026-09") == [
            "api-share 0.00", "api-share 50.00 adjusts 2026-08", "limits.cap -30.00 adjusts 2026-08", "payout 20.00",
        ])

        // A late refund of the 500.00: August is back at 80.00 with no cap line. October takes back
        // both: -50.00 and +30.00, so August's total over all statements is 80.00 again.
        try db.importRevenue("late-2.csv", [("A-3", "2026-08-11", "-500.00", "EUR")])
        _ = try monthEnd.run(october)
        #expect(try db.amounts("2026-10") == [
            "api-share 0.00", "api-share -50.00 adjusts 2026-08", "limits.cap 30.00 adjusts 2026-08", "payout 0.00",
        ])
        let statement = try #require(try db.store.statements(of: october).first?.statement)
        #expect(statement.closingBalance.description == "-20.00")
        try monthEnd.close(october, today: .testToday)
        #expect(try monthEnd.verify(october).isEmpty)
    }

    /// cap-co amended from 16 August with the same cap: 12% instead of 10%.
    static let amendment = contract
        .replacingOccurrences(of: "version: 1", with: "version: 2")
        .replacingOccurrences(of: "effective: 2026-08-01", with: "effective: 2026-08-16")
        .replacingOccurrences(of: "rate: 10%", with: "rate: 12%")

    @Test("a late row in one half of an amended month is judged against the month's cap, by re-runs and verify too")
    func lateRowAgainstTheMonthsCap() throws {
        let db = try database([("cap-co-v1.yaml", Self.contract), ("cap-co-v2.yaml", Self.amendment)])
        defer { db.drop() }
        let monthEnd = MonthEnd(store: db.store)
        let (august, september) = (Period("2026-08")!, Period("2026-09")!)

        // August: v1 10% of 600.00 = 60.00, v2 12% of 250.00 = 30.00; 90.00 is under the month's cap of 100.00.
        try db.importRevenue("aug.csv", [("A-1", "2026-08-05", "600.00", "EUR"), ("A-2", "2026-08-20", "250.00", "EUR")])
        _ = try monthEnd.run(august)
        // A late row of 10 August before the close: the re-run recomputes the provider alone and
        // agrees with a run from scratch. 10% of 700.00 = 70.00; 100.00 is at the cap: no line.
        try db.importRevenue("aug-2.csv", [("A-3", "2026-08-10", "100.00", "EUR")])
        _ = try monthEnd.run(august)
        #expect(try db.amounts("2026-08") == ["api-share 70.00", "api-share 30.00", "payout 100.00"])
        try monthEnd.close(august, today: .testToday)

        // After the close, a late 200.00 of 12 August: v1 is now 90.00, the month 120.00 against the
        // cap of 100.00: September books +20.00 for v1 and one cap line of -20.00 on version 2 (1-31 August).
        try db.importRevenue("late.csv", [("A-4", "2026-08-12", "200.00", "EUR")])
        _ = try monthEnd.run(september)
        let statement = try #require(try db.store.statements(of: september).first?.statement)
        #expect(statement.lines.filter { $0.adjusts != nil }.map { "\($0.rule) v\($0.version) \($0.first)..\($0.last) \($0.amount)" } == [
            "api-share v1 2026-08-01..2026-08-15 20.00",
            "limits.cap v2 2026-08-01..2026-08-31 -20.00",
        ])
        #expect(try monthEnd.verify(august).isEmpty)
        try monthEnd.close(september, today: .testToday)
        #expect(try monthEnd.verify(september).isEmpty)
    }
}
