import SettleCore
import Testing

/// Rules over a whole month (2026-03, 31 days, f = 1) of a contract in force since 2026-01-01.
@Suite("Rules: revenue_share, per_unit, discount, fixed")
struct RuleTests {
    @Test("revenue_share counts every row of its stream, any role, refunds included")
    func flatShare() throws {
        let s = try settle("2026-03", [contract([R.share("api-share", ["api_usage"], "10%")])], revenue: [
            rev("2026-03-01", "api_usage", "1000.00"),
            rev("2026-03-15", "api_usage", "234.56", role: "executed"),
            rev("2026-03-31", "api_usage", "-34.56"),
            rev("2026-03-10", "subscription", "500.00"),    // other stream
            rev("2026-02-28", "api_usage", "9999.00"),      // other period
            rev("2026-04-01", "api_usage", "9999.00"),
        ])
        // basis 1000.00 + 234.56 - 34.56 = 1200.00; x 10% = 120.00
        #expect(s.amounts == ["api-share 120.00"])
        let line = try s.line("api-share")
        #expect(line.type == .revenueShare && line.role == nil && !line.isCharge)
        #expect(line.basis == dec("1200") && line.rate == Rational(1, 10))
        #expect(line.contract == "acme-2026" && line.version == 1)
        #expect(line.first == day("2026-03-01") && line.last == day("2026-03-31"))
        #expect(line.explanation == "10% of 1,200.00 EUR api_usage revenue")
        #expect(s.totals == "earnings 120.00 charges 0.00 net 120.00 opening 0.00 payout 120.00 closing 0.00")
    }

    /// (rate, basis, half_even, half_up)
    @Test("revenue_share rounds the exact product once", arguments: [
        ("10%", "1000.05", "100.00", "100.01"),       // 100.005: an exact half
        ("10%", "-1000.05", "-100.00", "-100.01"),    // a refund makes the line negative
        ("7.5%", "1234.567", "92.59", "92.59"),       // 92.592525
        ("7%", "1250.50", "87.54", "87.54"),          // 87.535: 8753.5 cents, 8754 is even
        ("5%", "0.1", "0.00", "0.01"),                // 0.005
        ("12.5%", "0.04", "0.00", "0.01"),            // 0.005
        ("100%", "0.000001", "0.00", "0.00"),
        ("0%", "5000", "0.00", "0.00"),
        ("10%", "1234567.89", "123456.79", "123456.79"),   // 123456.789
    ])
    func shareRounding(rate: String, basis: String, halfEven: String, halfUp: String) throws {
        for (mode, expected) in [(RoundingMode.halfEven, halfEven), (.halfUp, halfUp)] {
            let terms = contract([R.share("api-share", ["api_usage"], rate)], rounding: mode)
            let s = try settle("2026-03", [terms], revenue: [rev("2026-03-05", "api_usage", basis)])
            #expect(s.amounts == ["api-share " + expected], "\(mode)")
        }
    }

    @Test("several streams feed one rule; one stream feeds several rules")
    func streams() throws {
        let rules = [R.share("api-share", ["api_usage", "licensing"], "7%"), R.share("api-bonus", ["api_usage"], "5%")]
        let s = try settle("2026-03", [contract(rules)], revenue: [
            rev("2026-03-01", "api_usage", "1000.00"),
            rev("2026-03-02", "licensing", "250.50"),
        ])
        // api-share: 1250.50 x 7% = 87.535 -> 87.54 (half_even); api-bonus: 1000.00 x 5% = 50.00
        #expect(s.amounts == ["api-share 87.54", "api-bonus 50.00"])
        #expect(try s.line("api-share").explanation == "7% of 1,250.50 EUR api_usage + licensing revenue")
        #expect(s.earnings.description == "137.54")
    }

    @Test("rate_by_role: one line per listed role; other roles and rows without a role do not count")
    func rateByRole() throws {
        let rules = [
            R.byRole("custom-dev", ["custom_development"], [("facilitated", "5%"), ("executed", "10%")]),
            R.share("flat", ["custom_development"], "1%"),
        ]
        let s = try settle("2026-03", [contract(rules)], revenue: [
            rev("2026-03-03", "custom_development", "2000.00", role: "facilitated"),
            rev("2026-03-04", "custom_development", "1000.00", role: "executed"),
            rev("2026-03-05", "custom_development", "500.00", role: "executed"),
            rev("2026-03-06", "custom_development", "10000.00", role: "advised"),
            rev("2026-03-07", "custom_development", "7777.00"),
            rev("2026-03-08", "consulting", "3000.00", role: "facilitated"),
        ])
        // facilitated: 2000.00 x 5% = 100.00; executed: 1500.00 x 10% = 150.00
        // flat: 1% of every role: (2000 + 1000 + 500 + 10000 + 7777) = 21277.00 -> 212.77
        #expect(s.amounts == ["custom-dev/facilitated 100.00", "custom-dev/executed 150.00", "flat 212.77"])
        #expect(try s.line("custom-dev", role: "facilitated").explanation
            == "5% of 2,000.00 EUR custom_development revenue (role facilitated)")
        #expect(try s.line("custom-dev", role: "executed").explanation
            == "10% of 1,500.00 EUR custom_development revenue (role executed)")
        #expect(s.earnings.description == "462.77")
    }

    @Test("rate_by_role gives a zero line for a role without rows")
    func rateByRoleZero() throws {
        let rule = R.byRole("custom-dev", ["custom_development"], [("facilitated", "5%"), ("executed", "10%")])
        let s = try settle("2026-03", [contract([rule])], revenue: [
            rev("2026-03-03", "custom_development", "99.90", role: "facilitated"),   // 4.995 -> 5.00 (half_even)
        ])
        #expect(s.amounts == ["custom-dev/facilitated 5.00", "custom-dev/executed 0.00"])
    }

    @Test("per_unit pays quantities, never converted (no FX rate needed)", arguments: [FXRates(), fx([(usd, eur, "0.5")])])
    func perUnit(rates: FXRates) throws {
        let s = try settle("2026-03", [contract([R.perUnit("upgrades", ["upgrade"], "2.00")])], revenue: [
            rev("2026-03-01", "upgrade", "60.00", quantity: "3"),
            rev("2026-03-02", "upgrade", "80.00", usd, quantity: "4"),   // a USD row: 4 upgrades, with or without a rate
            rev("2026-03-03", "upgrade", "-20.00", quantity: "-1"),      // reversal
            rev("2026-03-04", "api_usage", "5.00", quantity: "1000"),
        ], rates: rates)
        // (3 + 4 - 1) x 2.00 = 12.00
        #expect(s.amounts == ["upgrades 12.00"])
        let line = try s.line("upgrades")
        #expect(line.basis == Rational(6) && line.rate == dec("2"))
        #expect(line.explanation == "6 upgrade x 2.00 EUR")
    }

    @Test("per_unit with fractional prices", arguments: [
        ("12345", "0.001", "12.34", "12.35"),     // 12.345: exact half
        ("3", "0.1", "0.30", "0.30"),             // exactly 3 tenths
        ("2.5", "0.01", "0.02", "0.03"),          // 0.025
        ("1000000", "0.000001", "1.00", "1.00"),
    ])
    func perUnitRounding(quantity: String, price: String, halfEven: String, halfUp: String) throws {
        for (mode, expected) in [(RoundingMode.halfEven, halfEven), (.halfUp, halfUp)] {
            let terms = contract([R.perUnit("calls", ["api_calls"], price)], rounding: mode)
            let s = try settle("2026-03", [terms], revenue: [rev("2026-03-05", "api_calls", "0", quantity: quantity)])
            #expect(s.amounts == ["calls " + expected], "\(mode)")
        }
    }

    @Test("per_unit explanation shows the exact price")
    func perUnitExplanation() throws {
        let s = try settle("2026-03", [contract([R.perUnit("calls", ["api_calls"], "0.001")])],
                           revenue: [rev("2026-03-05", "api_calls", "0", quantity: "12345")])
        #expect(try s.line("calls").explanation == "12,345 api_calls x 0.001 EUR")
    }

    /// (settle, purchases, amount, is it a charge, earnings, charges)
    @Test("discount: net is a charge, rebate an earning", arguments: [
        (DiscountSettlement.net, ["1000.00"], "-800.00", true, "0.00", "-800.00"),     // -(1000 x 0.8)
        (.net, ["100.00", "-250.00"], "120.00", true, "0.00", "120.00"),                // -(-150 x 0.8): refunds outweigh
        (.net, ["1000.00625"], "-800.00", true, "0.00", "-800.00"),                     // -800.005 -> -800.00 (even)
        (.net, [], "0.00", true, "0.00", "0.00"),
        (.rebate, ["1000.00"], "200.00", false, "200.00", "0.00"),                      // 1000 x 0.2
        (.rebate, ["100.00", "-250.00"], "-30.00", false, "-30.00", "0.00"),            // -150 x 0.2
        (.rebate, ["0.025"], "0.00", false, "0.00", "0.00"),                            // 0.005 -> 0.00 (even)
    ])
    func discount(settle mode: DiscountSettlement, purchases: [String], amount: String, isCharge: Bool,
                  earnings: String, charges: String) throws {
        let rows = purchases.map { rev("2026-03-09", "dedicated_capacity", $0) }
        let s = try settle("2026-03", [contract([R.discount("dedicated", ["dedicated_capacity"], "20%", mode)])],
                           revenue: rows)
        #expect(s.amounts == ["dedicated " + amount])
        let line = try s.line("dedicated")
        #expect(line.type == .discount && line.isCharge == isCharge && line.rate == Rational(1, 5))
        #expect(s.earnings.description == earnings && s.charges.description == charges)
    }

    @Test("discount explanations")
    func discountExplanations() throws {
        let rows = [rev("2026-03-09", "dedicated_capacity", "1000.00")]
        let net = try settle("2026-03", [contract([R.discount("d", ["dedicated_capacity"], "20%", .net)])], revenue: rows)
        #expect(try net.line("d").explanation == "dedicated_capacity at list 1,000.00 EUR less 20% discount, charged")
        let rebate = try settle("2026-03", [contract([R.discount("d", ["dedicated_capacity"], "20%", .rebate)])],
                                revenue: rows)
        #expect(try rebate.line("d").explanation == "20% rebate on 1,000.00 EUR dedicated_capacity purchases")
    }

    @Test("half_up on a net discount is half away from zero")
    func netDiscountHalfUp() throws {
        let terms = contract([R.discount("d", ["dedicated_capacity"], "20%", .net)], rounding: .halfUp)
        let s = try settle("2026-03", [terms], revenue: [rev("2026-03-09", "dedicated_capacity", "1000.00625")])
        #expect(s.amounts == ["d -800.01"])   // -800.005 -> -800.01
    }

    /// (amount, line, is it a charge, explanation)
    @Test("fixed: positive is an earning, negative a charge", arguments: [
        ("500.00", "500.00", false, "fixed 500.00 EUR per month"),
        ("-500.00", "-500.00", true, "fixed -500.00 EUR per month"),
        ("0", "0.00", false, "fixed 0.00 EUR per month"),
        ("1234.5", "1234.50", false, "fixed 1,234.50 EUR per month"),
    ])
    func fixed(amount: String, expected: String, isCharge: Bool, explanation: String) throws {
        let s = try settle("2026-03", [contract([R.fixed("sponsorship", amount)])])
        #expect(s.amounts == ["sponsorship " + expected])
        let line = try s.line("sponsorship")
        #expect(line.type == .fixed && line.isCharge == isCharge && line.explanation == explanation)
        #expect((isCharge ? s.charges : s.earnings).description == expected)
    }

    @Test("every rule gives a line, zero included, in contract order")
    func zeroLines() throws {
        let rules = [
            R.share("api", ["api_usage"], "10%"),
            R.byRole("dev", ["custom_development"], [("facilitated", "5%"), ("executed", "10%")]),
            R.perUnit("upgrades", ["upgrade"], "2.00"),
            R.discount("dedicated", ["dedicated_capacity"], "20%", .net),
            R.discount("rebate", ["dedicated_capacity"], "5%", .rebate),
            R.bonus("volume", .graduated, [("0", "0"), ("10000", "0.05")]),
            R.fixed("fee", "0"),
        ]
        let s = try settle("2026-03", [contract(rules)])
        #expect(s.amounts == ["api 0.00", "dev/facilitated 0.00", "dev/executed 0.00", "upgrades 0.00",
                              "dedicated 0.00", "rebate 0.00", "volume 0.00", "fee 0.00"])
        #expect(s.lines.map(\.type) == [.revenueShare, .revenueShare, .revenueShare, .perUnit, .discount, .discount,
                                        .volumeBonus, .fixed])
        #expect(s.totals == "earnings 0.00 charges 0.00 net 0.00 opening 0.00 payout 0.00 closing 0.00")
    }
}
