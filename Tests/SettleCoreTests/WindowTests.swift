import SettleCore
import Testing

@Suite("Windows: start, amendment and termination within a month")
struct WindowTests {
    @Test("a contract starting mid-month is prorated from its effective day")
    func startsMidMonth() throws {
        let terms = contract([R.fixed("fee", "500.00"), R.share("api", ["api_usage"], "10%")], effective: "2026-03-17")
        let revenue = [rev("2026-03-16", "api_usage", "1000.00"), rev("2026-03-17", "api_usage", "250.00")]
        let s = try settle("2026-03", [terms], revenue: revenue)
        // window 03-17..03-31 = 15 days, f = 15/31: 15/31 x 500.00 = 241.935... -> 241.94; 10% x 250.00 = 25.00
        #expect(s.amounts == ["fee 241.94", "api 25.00"])
        let fee = try s.line("fee")
        #expect(fee.explanation == "fixed 500.00 EUR per month x 15/31 (in force 2026-03-17 to 2026-03-31)")
        #expect(fee.first == day("2026-03-17") && fee.last == day("2026-03-31"))
        #expect(s.totals == "earnings 266.94 charges 0.00 net 266.94 opening 0.00 payout 266.94 closing 0.00")

        let before = SettlementInput(providerID: "acme-cloud", period: period("2026-02"), contracts: [terms])
        #expect(try Settlement.statement(for: before) == nil)
    }

    /// v1 in force 04-01..04-11 (f = 11/30), v2 from 04-12 (f = 19/30), each with its own rules and terms.
    static let amendment = [
        contract([
            R.share("api-share", ["api_usage"], "8%"),
            R.fixed("fee", "300.00"),
            R.bonus("volume", .threshold, [("0", "0"), ("3000", "300.00")]),
        ], floor: "1200.00"),
        contract([
            R.share("api-share", ["api_usage"], "10%"),
            R.fixed("fee", "600.00"),
            R.bonus("volume", .volume, [("0", "0.01"), ("1000", "0.02")]),
            R.perUnit("upgrades", ["upgrade"], "2.00"),
        ], version: 2, effective: "2026-04-12", netDays: 45, minimumPayout: "2000.00", rounding: .halfUp,
           cap: "1000.00", benefits: ["Joint branding"]),
    ]

    @Test("windows of an amended month")
    func schedule() {
        let schedule = ContractSchedule(versions: Self.amendment.reversed())
        let april = schedule.windows(in: period("2026-04"))
        #expect(april.map(\.dayCount) == [11, 19])
        #expect(april.map(\.fraction) == [Rational(11, 30), Rational(19, 30)])
        #expect(april.map(\.contract.version) == [1, 2])
        #expect(april.map(\.last) == [day("2026-04-11"), day("2026-04-30")])
        #expect(schedule.windows(in: period("2026-03")).map(\.contract.version) == [1])
        #expect(schedule.windows(in: period("2026-05")).map(\.coversWholePeriod) == [true])
        #expect(schedule.windows(in: period("2025-12")).isEmpty)
        #expect(!schedule.endsFinally(in: period("2026-04")))
    }

    @Test("an amendment mid-month: two windows, each with its own rules, hours, tiers, limits and rounding")
    func amendment() throws {
        let revenue = [
            rev("2026-03-31", "api_usage", "99999.00"),
            rev("2026-04-05", "api_usage", "1000.00"),
            rev("2026-04-11", "api_usage", "1000.0625"),
            rev("2026-04-11", "upgrade", "0", quantity: "7"),    // v1 has no per_unit rule
            rev("2026-04-12", "api_usage", "2000.00"),
            rev("2026-04-20", "upgrade", "0", quantity: "3"),
            rev("2026-04-30", "api_usage", "500.05"),
            rev("2026-05-01", "api_usage", "99999.00"),
        ]
        let hours = [hrs("2026-04-01", "600"), hrs("2026-04-11", "500"), hrs("2026-04-12", "633"), hrs("2026-04-30", "0.5")]
        let s = try settle("2026-04", Self.amendment, revenue: revenue, hours: hours)
        // v1, f = 11/30, half_even:
        //   api-share (1000 + 1000.0625) x 8% = 160.005 -> 160.00 (16000 is even)
        //   fee 300.00 x 11/30 = 110.00
        //   volume H = 600 + 500 = 1100 >= 3000 x 11/30 = 1100 -> 300.00 x 11/30 = 110.00
        //   floor 1200.00 x 11/30 = 440.00 > earnings 380.00 -> +60.00
        // v2, f = 19/30, half_up:
        //   api-share (2000 + 500.05) x 10% = 250.005 -> 250.01
        //   fee 600.00 x 19/30 = 380.00
        //   volume H = 633.5 >= 1000 x 19/30 = 633.33... -> 633.5 x 0.02 = 12.67
        //   upgrades 3 x 2.00 = 6.00
        //   cap 1000.00 x 19/30 = 633.333... < earnings 648.68 -> 633.333... - 648.68 = -15.3466... -> -15.35
        #expect(s.amounts == ["api-share 160.00", "fee 110.00", "volume 110.00", "limits.floor 60.00",
                              "api-share 250.01", "fee 380.00", "volume 12.67", "upgrades 6.00", "limits.cap -15.35"])
        #expect(s.lines.map(\.version) == [1, 1, 1, 1, 2, 2, 2, 2, 2])
        // earnings 440.00 + 633.33 = 1073.33; below v2's minimum payout of 2000.00, so carried
        #expect(s.totals == "earnings 1073.33 charges 0.00 net 1073.33 opening 0.00 payout 0.00 closing 1073.33")
        // v2's terms govern the period: 2026-04-30 + 45 days = 2026-06-14
        #expect(s.dueDate == day("2026-06-14"))
        #expect(s.contract == "acme-2026" && s.version == 2 && s.benefits == ["Joint branding"])

        let floor = try s.line("limits.floor")
        #expect(floor.type == .limit && floor.role == nil && floor.version == 1 && !floor.isCharge)
        #expect(floor.basis == dec("380") && floor.rate == nil)
        #expect(floor.first == day("2026-04-01") && floor.last == day("2026-04-11"))
        #expect(floor.explanation == "minimum guarantee 1,200.00 EUR x 11/30 = 440 on earnings of 380.00 EUR")
        let cap = try s.line("limits.cap")
        #expect(cap.type == .limit && cap.version == 2)
        #expect(cap.explanation == "cap 1,000.00 EUR x 19/30 = about 633.3333 on earnings of 648.68 EUR")

        let volume = s.lines.filter { $0.rule == "volume" }.map(\.explanation)
        #expect(volume == [
            "1,100 compute hours reach the tier from 1,100 h: 300.00 EUR x 11/30 (in force 2026-04-01 to 2026-04-11)",
            "633.5 compute hours at 0.02 EUR/h (tier from about 633.3333 h); tiers scaled by 19/30",
        ])
        #expect(s.lines.filter { $0.rule == "fee" }.map(\.explanation).last
            == "fixed 600.00 EUR per month x 19/30 (in force 2026-04-12 to 2026-04-30)")
    }

    /// (effective, period, mode, H, line); per_hour tiers 0: 0, 3000: 0.10; threshold tiers 0: 0, 3000: 300.00.
    @Test("tiers are compared exactly as H x days-in-month >= from x days", arguments: [
        // f = 11/30 (2026-04-20..30): b1 = 3000 x 11/30 = 1100
        ("2026-04-20", "2026-04", VolumeBonus.Mode.threshold, "1100", "110.00"),   // 300.00 x 11/30
        ("2026-04-20", "2026-04", .threshold, "1099.999999", "0.00"),
        ("2026-04-20", "2026-04", .volume, "1100", "110.00"),                      // 1100 x 0.10
        ("2026-04-20", "2026-04", .volume, "1099.999999", "0.00"),
        ("2026-04-20", "2026-04", .graduated, "1100", "0.00"),
        ("2026-04-20", "2026-04", .graduated, "1200", "10.00"),                    // 100 x 0.10
        // f = 15/31 (2026-03-17..31): b1 = 45000/31 = 1451.6129032...
        ("2026-03-17", "2026-03", .volume, "1451.612903", "0.00"),
        ("2026-03-17", "2026-03", .volume, "1451.612904", "145.16"),               // 145.1612904
        ("2026-03-17", "2026-03", .threshold, "1451.612903", "0.00"),
        ("2026-03-17", "2026-03", .threshold, "1451.612904", "145.16"),            // 300 x 15/31 = 145.16129...
        ("2026-03-17", "2026-03", .graduated, "1500", "4.84"),                     // (1500 - 45000/31) x 0.10 = 150/31
        // f = 14/28 in February, 14/29 in a leap February: b1 = 1500 and 1448.27...
        ("2026-02-15", "2026-02", .volume, "1499.999999", "0.00"),
        ("2026-02-15", "2026-02", .volume, "1500", "150.00"),
        ("2028-02-16", "2028-02", .volume, "1448.275862", "0.00"),                 // 42000/29 = 1448.2758620...
        ("2028-02-16", "2028-02", .volume, "1448.275863", "144.83"),               // 144.8275863
    ])
    func exactTierComparison(effective: String, period: String, mode: VolumeBonus.Mode, hours: String,
                             expected: String) throws {
        let tiers = mode == .threshold ? [("0", "0"), ("3000", "300.00")] : [("0", "0"), ("3000", "0.10")]
        let s = try settle(period, [contract([R.bonus("volume", mode, tiers)], effective: effective)],
                           hours: [hrs(period + "-28", hours)])
        #expect(s.amounts == ["volume " + expected])
    }

    @Test("graduated over a partial month pays each scaled tier")
    func graduatedPartial() throws {
        let terms = contract([R.bonus("volume", .graduated, [("0", "0.01"), ("1000", "0.02")])], effective: "2026-03-17")
        let s = try settle("2026-03", [terms], hours: [hrs("2026-03-20", "500")])
        // b1 = 1000 x 15/31 = 15000/31; 15000/31 x 0.01 + (500 - 15000/31) x 0.02 = 150/31 + 10/31 = 160/31 = 5.161... -> 5.16
        #expect(s.amounts == ["volume 5.16"])
        #expect(try s.line("volume").explanation == "500 compute hours: about 483.8710 h from 0 h at 0.01 EUR/h"
            + " + about 16.1290 h from about 483.8710 h at 0.02 EUR/h; tiers scaled by 15/31")
    }
}
