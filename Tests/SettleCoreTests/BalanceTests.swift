import SettleCore
import Testing

@Suite("Totals, balances, payouts and due dates")
struct BalanceTests {
    static let share = R.share("api", ["api_usage"], "10%")

    /// (currency, basis, half_even totals, half_up totals)
    @Test("currency digits and rounding mode on an exact half", arguments: [
        // 138385 x 10% = 13838.5 JPY
        (jpy, "138385", "earnings 13838 charges 0 net 13838 opening 0 payout 13838 closing 0",
         "earnings 13839 charges 0 net 13839 opening 0 payout 13839 closing 0"),
        // 123.445 x 10% = 12.3445 KWD
        (kwd, "123.445", "earnings 12.344 charges 0.000 net 12.344 opening 0.000 payout 12.344 closing 0.000",
         "earnings 12.345 charges 0.000 net 12.345 opening 0.000 payout 12.345 closing 0.000"),
        // 1000.05 x 10% = 100.005 EUR
        (eur, "1000.05", "earnings 100.00 charges 0.00 net 100.00 opening 0.00 payout 100.00 closing 0.00",
         "earnings 100.01 charges 0.00 net 100.01 opening 0.00 payout 100.01 closing 0.00"),
    ])
    func currencyAndRounding(currency: Currency, basis: String, halfEven: String, halfUp: String) throws {
        for (mode, expected) in [(RoundingMode.halfEven, halfEven), (.halfUp, halfUp)] {
            let terms = contract([Self.share], currency: currency, rounding: mode)
            let s = try settle("2026-03", [terms], revenue: [rev("2026-03-05", "api_usage", basis, currency)])
            #expect(s.totals == expected, "\(mode)")
            #expect(s.currency == currency)
        }
    }

    @Test("charges are the signed sum of charge lines; period net = earnings + charges")
    func totals() throws {
        let rules = [
            Self.share,
            R.discount("dedicated", ["dedicated_capacity"], "20%", .net),
            R.discount("returns", ["returned_capacity"], "20%", .net),
            R.discount("rebate", ["dedicated_capacity"], "5%", .rebate),
            R.fixed("fee", "-500.00"),
            R.fixed("sponsorship", "250.00"),
        ]
        let s = try settle("2026-03", [contract(rules)], revenue: [
            rev("2026-03-01", "api_usage", "20000.00"),
            rev("2026-03-02", "dedicated_capacity", "1000.00"),
            rev("2026-03-03", "returned_capacity", "-150.00"),
        ])
        // api 2000.00; dedicated -(1000 x 0.8) = -800.00; returns -(-150 x 0.8) = +120.00; rebate 1000 x 5% = 50.00
        // fee -500.00 (charge); sponsorship 250.00
        #expect(s.amounts == ["api 2000.00", "dedicated -800.00", "returns 120.00", "rebate 50.00", "fee -500.00",
                              "sponsorship 250.00"])
        #expect(s.lines.map(\.isCharge) == [false, true, true, false, true, false])
        // earnings 2000 + 50 + 250 = 2300.00; charges -800 + 120 - 500 = -1180.00; net 1120.00
        #expect(s.totals == "earnings 2300.00 charges -1180.00 net 1120.00 opening 0.00 payout 1120.00 closing 0.00")
    }

    @Test("a refund that makes a line negative leaves a negative balance")
    func negativeLine() throws {
        let s = try settle("2026-03", [contract([Self.share])], revenue: [
            rev("2026-03-01", "api_usage", "100.00"), rev("2026-03-20", "api_usage", "-250.00"),
        ])
        // (100 - 250) x 10% = -15.00, an earning (not a charge)
        #expect(s.amounts == ["api -15.00"])
        #expect(s.totals == "earnings -15.00 charges 0.00 net -15.00 opening 0.00 payout 0.00 closing -15.00")
    }

    @Test("a negative balance is carried and recovered from later earnings")
    func negativeCarried() throws {
        let terms = contract([Self.share, R.fixed("fee", "-500.00")])
        let march = try settle("2026-03", [terms], revenue: [rev("2026-03-05", "api_usage", "2000.00")])
        // 200.00 - 500.00 = -300.00
        #expect(march.totals == "earnings 200.00 charges -500.00 net -300.00 opening 0.00 payout 0.00 closing -300.00")

        let partly = try settle("2026-04", [terms], revenue: [rev("2026-04-05", "api_usage", "6000.00")],
                                opening: march.closingBalance.description)
        // -300.00 + (600.00 - 500.00) = -200.00
        #expect(partly.totals == "earnings 600.00 charges -500.00 net 100.00 opening -300.00 payout 0.00 closing -200.00")

        let april = try settle("2026-04", [terms], revenue: [rev("2026-04-05", "api_usage", "9000.00")],
                               opening: march.closingBalance.description)
        // -300.00 + (900.00 - 500.00) = 100.00, paid
        #expect(april.totals == "earnings 900.00 charges -500.00 net 400.00 opening -300.00 payout 100.00 closing 0.00")
    }

    /// (April revenue, April totals) after March left 60.00 below a minimum payout of 100.00.
    @Test("a balance under minimum_payout is carried and paid when it reaches it", arguments: [
        ("450.00", "earnings 45.00 charges 0.00 net 45.00 opening 60.00 payout 105.00 closing 0.00"),
        ("400.00", "earnings 40.00 charges 0.00 net 40.00 opening 60.00 payout 100.00 closing 0.00"),   // equal: paid
        ("399.90", "earnings 39.99 charges 0.00 net 39.99 opening 60.00 payout 0.00 closing 99.99"),
    ])
    func minimumPayout(aprilRevenue: String, aprilTotals: String) throws {
        let terms = contract([Self.share], minimumPayout: "100.00")
        let march = try settle("2026-03", [terms], revenue: [rev("2026-03-05", "api_usage", "600.00")])
        // 600.00 x 10% = 60.00 < 100.00
        #expect(march.totals == "earnings 60.00 charges 0.00 net 60.00 opening 0.00 payout 0.00 closing 60.00")
        let april = try settle("2026-04", [terms], revenue: [rev("2026-04-05", "api_usage", aprilRevenue)],
                               opening: march.closingBalance.description)
        #expect(april.totals == aprilTotals)
    }

    @Test("a hold withholds the payout; release pays the carried balance")
    func hold() throws {
        let terms = contract([Self.share])
        let held = try settle("2026-03", [terms], revenue: [rev("2026-03-05", "api_usage", "5000.00")], onHold: true)
        #expect(held.onHold)
        #expect(held.totals == "earnings 500.00 charges 0.00 net 500.00 opening 0.00 payout 0.00 closing 500.00")
        let released = try settle("2026-04", [terms], opening: held.closingBalance.description)
        #expect(!released.onHold)
        #expect(released.totals == "earnings 0.00 charges 0.00 net 0.00 opening 500.00 payout 500.00 closing 0.00")
    }

    @Test("due date = last day of the period + net_days", arguments: [
        ("2026-03", 30, "2026-04-30"),
        ("2026-03", 0, "2026-03-31"),
        ("2026-12", 45, "2027-02-14"),   // Dec 31 + 31 = Jan 31, + 14 = Feb 14
        ("2024-01", 30, "2024-03-01"),   // Jan 31 + 29 = Feb 29 (leap), + 1 = Mar 1
        ("2026-01", 30, "2026-03-02"),   // Jan 31 + 28 = Feb 28, + 2 = Mar 2
        ("2026-02", 30, "2026-03-30"),
        ("2026-06", 60, "2026-08-29"),   // Jun 30 + 31 = Jul 31, + 29 = Aug 29
    ])
    func dueDate(period: String, netDays: Int, expected: String) throws {
        let s = try settle(period, [contract([Self.share], effective: "2020-01-01", netDays: netDays)])
        #expect(s.dueDate.description == expected)
    }

    @Test("statement identity comes from the contract")
    func identity() throws {
        let s = try settle("2026-03", [contract([Self.share], benefits: ["Joint branding", "Mutual promotion"])])
        #expect(s.provider.id == "acme-cloud" && s.contract == "acme-2026" && s.version == 1)
        #expect(s.period == period("2026-03") && s.currency == eur)
        #expect(s.benefits == ["Joint branding", "Mutual promotion"])
    }
}
