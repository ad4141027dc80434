import SettleCore
import Testing

/// The `vat` line (docs/REFERENCE.md §10): the agreement's rate on the earnings after limits,
/// never on charges, rounded once; it counts in neither earnings nor charges.
@Suite("VAT on payouts: the vat line")
struct VATLineTests {
    static func agreed(_ vat: VATTreatment, since: String = "2026-01-01", cap: String? = nil,
                       rounding: RoundingMode = .halfEven) -> Contract {
        var terms = contract([R.share("api", ["api_usage"], "10%"), R.fixed("fee", "-200.00")],
                             rounding: rounding, cap: cap)
        terms.selfBilling = SelfBilling(agreement: "SBA-7", since: day(since), vatID: "DE123456789", vat: vat)
        return terms
    }

    @Test("19% on the earnings after the cap; the charge is neither taxed nor touched")
    func afterTheCap() throws {
        let s = try settle("2026-03", [Self.agreed(.rate(pct("19%")), cap: "1000.00")],
                           revenue: [rev("2026-03-05", "api_usage", "15000.00")])
        // 1500.00 capped to 1000.00; VAT 19% of 1000.00 = 190.00; net 1000.00 - 200.00 + 190.00.
        #expect(s.amounts == ["api 1500.00", "fee -200.00", "limits.cap -500.00", "self_billing.vat 190.00"])
        #expect(s.totals == "earnings 1000.00 charges -200.00 net 990.00 opening 0.00 payout 990.00 closing 0.00")
        #expect(s.vat.description == "190.00")
        let line = try s.line("self_billing.vat")
        #expect(line.type == .vat && !line.isCharge && !line.isEarning && line.role == nil)
        #expect((line.first, line.last) == (day("2026-03-01"), day("2026-03-31")))
    }

    @Test("a tie: 10% of 2,125.00 = 212.50 x 1% = 2.125 rounds half even to 2.12, half up to 2.13")
    func tie() throws {
        let revenue = [rev("2026-03-05", "api_usage", "2125.00")]
        let even = try settle("2026-03", [Self.agreed(.rate(pct("1%")), rounding: .halfEven)], revenue: revenue)
        let up = try settle("2026-03", [Self.agreed(.rate(pct("1%")), rounding: .halfUp)], revenue: revenue)
        #expect(try even.line("self_billing.vat").amount.description == "2.12")
        #expect(try up.line("self_billing.vat").amount.description == "2.13")
    }

    @Test("negative earnings give negative VAT (the credit note's)")
    func negative() throws {
        let s = try settle("2026-03", [Self.agreed(.rate(pct("19%")))], revenue: [rev("2026-03-05", "api_usage", "-3000.00")])
        #expect(s.amounts == ["api -300.00", "fee -200.00", "self_billing.vat -57.00"])
        #expect(s.totals == "earnings -300.00 charges -200.00 net -557.00 opening 0.00 payout 0.00 closing -557.00")
    }

    @Test("no line under reverse charge, outside scope, before `since`, or on zero earnings")
    func noLine() throws {
        let revenue = [rev("2026-03-05", "api_usage", "1000.00")]
        for terms in [Self.agreed(.reverseCharge), Self.agreed(.outsideScope), Self.agreed(.rate(pct("19%")), since: "2026-04-01")] {
            let s = try settle("2026-03", [terms], revenue: revenue)
            #expect(s.amounts == ["api 100.00", "fee -200.00"] && s.vat.isZero)
        }
        // The agreement applies on the last day: from the 31st it covers the whole month.
        let lastDay = try settle("2026-03", [Self.agreed(.rate(pct("19%")), since: "2026-03-31")], revenue: revenue)
        #expect(lastDay.amounts == ["api 100.00", "fee -200.00", "self_billing.vat 19.00"])
        let zero = try settle("2026-03", [Self.agreed(.rate(pct("19%")))])
        #expect(zero.amounts == ["api 0.00", "fee -200.00"])
    }
}
