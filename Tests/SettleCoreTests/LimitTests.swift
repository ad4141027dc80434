import SettleCore
import Testing

@Suite("Limits: floor, then cap, on earnings only")
struct LimitTests {
    static let share = R.share("api", ["api_usage"], "10%")

    @Test("a cap cuts earnings, not charges")
    func cap() throws {
        let s = try settle("2026-03", [contract([Self.share, R.fixed("fee", "-200.00")], cap: "1000.00")],
                           revenue: [rev("2026-03-05", "api_usage", "15000.00")])
        // 15000 x 10% = 1500.00 > 1000.00: 1000.00 - 1500.00 = -500.00
        #expect(s.amounts == ["api 1500.00", "fee -200.00", "limits.cap -500.00"])
        let line = try s.line("limits.cap")
        #expect(line.type == .limit && line.role == nil && line.version == 1 && !line.isCharge)
        #expect(line.basis == dec("1500") && line.rate == nil)
        #expect(line.explanation == "cap 1,000.00 EUR on earnings of 1,500.00 EUR")
        #expect(s.totals == "earnings 1000.00 charges -200.00 net 800.00 opening 0.00 payout 800.00 closing 0.00")
    }

    @Test("a floor tops earnings up, ignoring charges")
    func floor() throws {
        let rules = [Self.share, R.discount("dedicated", ["dedicated_capacity"], "20%", .net)]
        let s = try settle("2026-03", [contract(rules, floor: "1000.00")], revenue: [
            rev("2026-03-05", "api_usage", "4000.00"), rev("2026-03-06", "dedicated_capacity", "250.00"),
        ])
        // earnings 400.00 < 1000.00: +600.00; the charge -(250 x 0.8) = -200.00 is not limited
        #expect(s.amounts == ["api 400.00", "dedicated -200.00", "limits.floor 600.00"])
        #expect(try s.line("limits.floor").explanation == "minimum guarantee 1,000.00 EUR on earnings of 400.00 EUR")
        #expect(s.totals == "earnings 1000.00 charges -200.00 net 800.00 opening 0.00 payout 800.00 closing 0.00")
    }

    /// (api revenue, lines) with floor 500.00 and cap 800.00.
    @Test("floor then cap; a limit line only when it is not zero", arguments: [
        ("3000.00", ["api 300.00", "limits.floor 200.00"]),     // 500 - 300
        ("9000.00", ["api 900.00", "limits.cap -100.00"]),      // 800 - 900
        ("6000.00", ["api 600.00"]),
        ("5000.00", ["api 500.00"]),                            // at the floor: no line
        ("8000.00", ["api 800.00"]),                            // at the cap: no line
        ("-1000.00", ["api -100.00", "limits.floor 600.00"]),   // 500 - (-100)
    ])
    func floorThenCap(revenue: String, expected: [String]) throws {
        let s = try settle("2026-03", [contract([Self.share], cap: "800.00", floor: "500.00")],
                           revenue: [rev("2026-03-05", "api_usage", revenue)])
        #expect(s.amounts == expected)
    }

    @Test("floor equal to cap: the floor line alone brings earnings to the cap")
    func floorEqualsCap() throws {
        let s = try settle("2026-03", [contract([Self.share], cap: "1000.00", floor: "1000.00")],
                           revenue: [rev("2026-03-05", "api_usage", "4000.00")])
        #expect(s.amounts == ["api 400.00", "limits.floor 600.00"])
    }

    /// Floor = cap = 100.01 over 2026-04-16..30 (f = 15/30 = 1/2): both scaled limits are 50.005.
    @Test("the cap compares the earnings with the rounded floor line included", arguments: [
        // half_up: floor line round(50.005) = 50.01 > 50.005, so the cap adds round(50.005 - 50.01) = -0.01
        (RoundingMode.halfUp, ["api 0.00", "limits.floor 50.01", "limits.cap -0.01"], "50.00"),
        // half_even: floor line round(50.005) = 50.00, not above the cap
        (.halfEven, ["api 0.00", "limits.floor 50.00"], "50.00"),
    ])
    func roundedFloorThenCap(mode: RoundingMode, expected: [String], earnings: String) throws {
        let terms = contract([Self.share], effective: "2026-04-16", rounding: mode, cap: "100.01", floor: "100.01")
        let s = try settle("2026-04", [terms])
        #expect(s.amounts == expected)
        #expect(s.earnings.description == earnings)
    }

    @Test("limits never touch charges")
    func chargesUntouched() throws {
        // only a charge: earnings 0.00 < floor 1000.00 -> +1000.00; the -300.00 charge stays
        let floored = try settle("2026-03", [contract([R.fixed("fee", "-300.00")], floor: "1000.00")])
        #expect(floored.amounts == ["fee -300.00", "limits.floor 1000.00"])
        #expect(floored.totals == "earnings 1000.00 charges -300.00 net 700.00 opening 0.00 payout 700.00 closing 0.00")

        // a positive charge (refunds outweigh purchases) does not count toward the cap
        let rules = [Self.share, R.discount("dedicated", ["dedicated_capacity"], "20%", .net)]
        let capped = try settle("2026-03", [contract(rules, cap: "100.00")], revenue: [
            rev("2026-03-05", "api_usage", "1000.00"), rev("2026-03-06", "dedicated_capacity", "-150.00"),
        ])
        // api 100.00 (= cap, no line); dedicated -(-150 x 0.8) = +120.00
        #expect(capped.amounts == ["api 100.00", "dedicated 120.00"])
        #expect(capped.totals == "earnings 100.00 charges 120.00 net 220.00 opening 0.00 payout 220.00 closing 0.00")
    }

    @Test("a limit line that rounds to zero is left out", arguments: [
        ("1000.004" as String?, nil as String?),   // floor: round(1000.004 - 1000.00) = 0.00
        (nil, "999.996"),               // cap: round(999.996 - 1000.00) = -0.00
    ])
    func roundsToZero(floor: String?, cap: String?) throws {
        let s = try settle("2026-03", [contract([Self.share], cap: cap, floor: floor)],
                           revenue: [rev("2026-03-05", "api_usage", "10000.00")])
        #expect(s.amounts == ["api 1000.00"])
    }

    @Test("limits are scaled by f in a partial window", arguments: [
        ("0", "3100.00" as String?, nil as String?, ["api 0.00", "limits.floor 1500.00"]),     // 3100 x 15/31 = 1500
        ("20000.00", nil, "3100.00", ["api 2000.00", "limits.cap -500.00"]),        // 1500 - 2000
        ("10000.00", "1000.00", nil, ["api 1000.00"]),                              // floor 483.87... < 1000
    ])
    func scaled(revenue: String, floor: String?, cap: String?, expected: [String]) throws {
        let terms = contract([Self.share], effective: "2026-03-17", cap: cap, floor: floor)
        let s = try settle("2026-03", [terms], revenue: [rev("2026-03-20", "api_usage", revenue)])
        #expect(s.amounts == expected)
    }

    @Test("scaled limit explanation")
    func scaledExplanation() throws {
        let terms = contract([Self.share], effective: "2026-03-17", floor: "1000.00")
        let s = try settle("2026-03", [terms])
        // 1000.00 x 15/31 = 483.870967... -> 483.87
        #expect(s.amounts == ["api 0.00", "limits.floor 483.87"])
        #expect(try s.line("limits.floor").explanation
            == "minimum guarantee 1,000.00 EUR x 15/31 = about 483.8710 on earnings of 0.00 EUR")
    }
}
