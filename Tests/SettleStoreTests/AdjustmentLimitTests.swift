import Foundation
import SettleContracts
import SettleCore
import SettleMonthEnd
import SettleStore
import Testing

/// Prior-period adjustments of limit lines: a cap line that one late row brought about and a later
/// refund made unnecessary is taken back, never left booked twice.
@Suite("Adjustments of limit lines")
struct AdjustmentLimitTests {
    static let contract = """
        contract: cap-co-2026
        version: 1
        provider: {id: prov-a, name: Provider A, country: DE}
        payee: {name: Provider A, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
        currency: EUR
        effective: 2026-08-01
        payment: {net_days: 30}
        rules:
          - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
        limits: {cap: "100.00"}
        """

    @Test("a cap line booked for late rows is reversed when a refund takes the month back under the cap")
    func capLineTakenBack() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        guard case let .success(.contract(sourced)) = ContractFiles.parse(Self.contract, file: "cap-co.yaml") else {
            throw MonthEndError("the test contract does not parse")
        }
        _ = try db.store.load(contracts: [ContractVersionFile(contract: sourced.contract, sourceFile: "cap-co.yaml",
                                                              sourceText: Self.contract)], payer: nil) { _ in }
        let monthEnd = MonthEnd(store: db.store)
        let helper = MonthEndTests()
        let (august, september, october) = (Period("2026-08")!, Period("2026-09")!, Period("2026-10")!)

        // August: 10% of 800.00 = 80.00, under the cap.
        try helper.importRevenue(db, "aug.csv", [("A-1", "2026-08-05", "800.00", "EUR")])
        _ = try monthEnd.run(august)
        try monthEnd.close(august, today: .testToday)
        #expect(try helper.amounts(db, "2026-08") == ["api-share 80.00", "payout 80.00"])

        // A late 500.00: August is now 130.00, capped at 100.00: September books +50.00 and -30.00.
        try helper.importRevenue(db, "late-1.csv", [("A-2", "2026-08-10", "500.00", "EUR")])
        _ = try monthEnd.run(september)
        try monthEnd.close(september, today: .testToday)
        #expect(try helper.amounts(db, "2026-09") == [
            "api-share 0.00", "api-share 50.00 adjusts 2026-08", "limits.cap -30.00 adjusts 2026-08", "payout 20.00",
        ])

        // A late refund of the 500.00: August is back at 80.00 with no cap line. October takes back
        // both: -50.00 and +30.00, so August's total over all statements is 80.00 again.
        try helper.importRevenue(db, "late-2.csv", [("A-3", "2026-08-11", "-500.00", "EUR")])
        _ = try monthEnd.run(october)
        #expect(try helper.amounts(db, "2026-10") == [
            "api-share 0.00", "api-share -50.00 adjusts 2026-08", "limits.cap 30.00 adjusts 2026-08", "payout 0.00",
        ])
        let statement = try #require(try db.store.statements(of: october).first?.statement)
        #expect(statement.closingBalance.description == "-20.00")
        try monthEnd.close(october, today: .testToday)
        #expect(try monthEnd.verify(october).isEmpty)
    }
}
