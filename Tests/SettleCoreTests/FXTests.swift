import SettleCore
import Testing

@Suite("Multi-currency revenue and FX rates")
struct FXTests {
    @Test("each currency is converted at its own pair, never an inverse")
    func converts() throws {
        let rates = fx([(usd, eur, "0.92"), (gbp, eur, "1.17"), (eur, usd, "1.10"), (eur, gbp, "0.85")])
        let s = try settle("2026-03", [contract([R.share("api", ["api_usage"], "10%")])], revenue: [
            rev("2026-03-01", "api_usage", "1000.00", usd),
            rev("2026-03-02", "api_usage", "500.00", gbp),
            rev("2026-03-03", "api_usage", "200.00"),
        ], rates: rates)
        // 1000.00 x 0.92 + 500.00 x 1.17 + 200.00 = 920 + 585 + 200 = 1705.00; x 10% = 170.50
        #expect(s.amounts == ["api 170.50"])
        let line = try s.line("api")
        #expect(line.basis == dec("1705"))
        #expect(line.explanation == "10% of 1,705.00 EUR api_usage revenue (500.00 GBP at 1.17, 1,000.00 USD at 0.92)")
    }

    @Test("conversion and sums are exact; only the line is rounded")
    func exactConversion() throws {
        let s = try settle("2026-03", [contract([R.share("api", ["api_usage"], "100%"), R.share("b", ["b"], "10%")])],
                           revenue: [
            rev("2026-03-01", "api_usage", "0.01", usd),
            rev("2026-03-02", "api_usage", "0.01", usd),
            rev("2026-03-03", "api_usage", "0.01", usd),
            rev("2026-03-04", "b", "1000.00", gbp),
        ], rates: fx([(usd, eur, "0.5"), (gbp, eur, "1.234567")]))
        // api: 0.03 x 0.5 = 0.015 -> 0.02 (half_even; rounding each row first would give 0.00)
        // b: 1000.00 x 1.234567 = 1234.567 (not rounded to 1234.57); x 10% = 123.4567 -> 123.46
        #expect(s.amounts == ["api 0.02", "b 123.46"])
        #expect(try s.line("b").basis == dec("1234.567"))
    }

    @Test("a JPY contract converts USD revenue and rounds to whole yen")
    func yen() throws {
        let terms = contract([R.share("api", ["api_usage"], "10%")], currency: jpy)
        let s = try settle("2026-03", [terms], revenue: [rev("2026-03-01", "api_usage", "1000.00", usd)],
                           rates: fx([(usd, jpy, "152.357")]))
        // 1000.00 x 152.357 = 152357 JPY; x 10% = 15235.7 -> 15236
        #expect(s.amounts == ["api 15236"])
        #expect(try s.line("api").explanation == "10% of 152,357 JPY api_usage revenue (1,000.00 USD at 152.357)")
        #expect(s.totals == "earnings 15236 charges 0 net 15236 opening 0 payout 15236 closing 0")
    }

    @Test("missing rates fail the period and name every missing pair, sorted")
    func missing() throws {
        let terms = contract([R.share("api", ["api_usage"], "10%"), R.discount("d", ["dedicated_capacity"], "20%", .net)])
        // GBP->EUR is there; EUR->USD (the inverse) and USD->GBP (a cross path) do not help
        let rates = fx([(gbp, eur, "1.17"), (eur, usd, "1.10"), (usd, gbp, "0.79")])
        let input = SettlementInput(providerID: "acme-cloud", period: period("2026-03"), contracts: [terms], revenue: [
            rev("2026-03-01", "api_usage", "10.00", usd),
            rev("2026-03-02", "api_usage", "10.00", gbp),
            rev("2026-03-03", "dedicated_capacity", "10.00", chf),
            rev("2026-03-04", "api_usage", "20.00", usd),
        ], rates: rates)
        let expected = [CurrencyPair(from: chf, to: eur), CurrencyPair(from: usd, to: eur)]
        #expect(throws: SettlementError.missingFXRates(period("2026-03"), expected)) {
            try Settlement.statement(for: input)
        }
        #expect(Settlement.missingRates(for: input) == expected)
        #expect(SettlementError.missingFXRates(period("2026-03"), expected).description
            == "No FX rate for 2026-03 for the pairs CHF->EUR, USD->EUR; import them with `settle import fx-rates`.")
        #expect(SettlementError.missingFXRates(period("2026-03"), [expected[1]]).description
            == "No FX rate for 2026-03 for the pair USD->EUR; import them with `settle import fx-rates`.")
    }

    @Test("no rate is needed for per_unit-only streams, streams without a rule, or rows outside every window")
    func notNeeded() throws {
        let terms = contract([R.perUnit("upgrades", ["upgrade"], "2.00"), R.share("api", ["api_usage"], "10%")],
                             effective: "2026-03-10")
        let s = try settle("2026-03", [terms], revenue: [
            rev("2026-03-10", "upgrade", "99.00", usd, quantity: "5"),      // per_unit: 5 x 2.00 = 10.00
            rev("2026-03-11", "consulting", "99.00", gbp),                  // no rule reads it
            rev("2026-03-09", "api_usage", "99.00", chf),                   // before the contract
            rev("2026-03-12", "api_usage", "300.00"),                       // 10% = 30.00
        ])
        #expect(s.amounts == ["upgrades 10.00", "api 30.00"])
    }

    @Test("rows of a role that rate_by_role does not list, or with no role, need no rate")
    func unlistedRoleNeedsNoRate() throws {
        let terms = contract([R.byRole("dev", ["custom_development"], [("executed", "10%")])])
        let s = try settle("2026-03", [terms], revenue: [
            rev("2026-03-01", "custom_development", "500.00", usd, role: "facilitated"),  // not listed
            rev("2026-03-02", "custom_development", "500.00", usd),                       // no role
            rev("2026-03-03", "custom_development", "1000.00", role: "executed"),         // 10% = 100.00
        ])
        #expect(s.amounts == ["dev/executed 100.00"])
    }
}
