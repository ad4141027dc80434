import SettleCore
@testable import SettleMonthEnd
import Testing

/// The prior-period adjustment lines of a recomputed closed period, line by line (no database).
@Suite("Adjustment lines")
struct AdjustmentLineTests {
    func adjust(settled: [StatementLine], recomputed: [StatementLine], booked: [StatementLine] = []) -> [StatementLine] {
        MonthEnd.differences(settled: settled, recomputed: recomputed, booked: booked, currency: eur,
                             corrects: month("2026-08"), cause: "rows that arrived late").map(\.line)
    }

    @Test("a line now worth more is adjusted by the difference, net of what was already adjusted")
    func difference() {
        let lines = adjust(settled: [line("api-share", "109.00")], recomputed: [line("api-share", "120.00")],
                           booked: [line("api-share", "5.00", adjusts: month("2026-08"))])
        #expect(lines.map(\.amount.description) == ["6.00"])
        #expect(lines.first?.adjusts == month("2026-08"))
        #expect(lines.first?.explanation
                == "prior-period adjustment for 2026-08: api-share is now 120.00 EUR (settled 109.00 EUR, 5.00 EUR already adjusted) after rows that arrived late")
    }

    @Test("an unchanged line books nothing; a line of a version no longer in force is reversed, the new one booked")
    func versions() {
        #expect(adjust(settled: [line("api-share", "109.00")], recomputed: [line("api-share", "109.00")]).isEmpty)
        let lines = adjust(settled: [line("api-share", "109.00", version: 1)],
                           recomputed: [line("api-share", "130.80", version: 2)])
        #expect(lines.map { "v\($0.version) \($0.amount)" } == ["v2 130.80", "v1 -109.00"])
    }

    @Test("a cap line that only an earlier adjustment booked is taken back when no longer needed")
    func capTakenBack() {
        let lines = adjust(settled: [line("api-share", "100.00")], recomputed: [line("api-share", "100.00")],
                           booked: [line("cap", "-20.00", type: .limit, adjusts: month("2026-08"))])
        #expect(lines.map { "\($0.rule) \($0.amount)" } == ["cap 20.00"])
    }
}
