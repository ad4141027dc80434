import SettleCore
import Testing

/// Volume bonuses over a whole month (2026-03, f = 1); windows with f < 1 are in WindowTests.
@Suite("Rules: volume_bonus")
struct VolumeBonusTests {
    static let perHour = [("0", "0"), ("10000", "0.05"), ("50000", "0.08")]
    static let amounts = [("0", "0"), ("10000", "1000.00"), ("50000", "5000.00")]

    /// (mode, H, half_even, half_up); threshold uses the `amounts` tiers, the others `perHour`.
    @Test("tiers at, below and above their boundaries", arguments: [
        (VolumeBonus.Mode.graduated, "0", "0.00", "0.00"),
        (.graduated, "9999.999999", "0.00", "0.00"),     // all in tier 0 at 0
        (.graduated, "10000", "0.00", "0.00"),           // reaches tier 1 with no hour in it
        (.graduated, "10000.5", "0.02", "0.03"),         // 0.5 x 0.05 = 0.025
        (.graduated, "50000", "2000.00", "2000.00"),     // 40000 x 0.05
        (.graduated, "60000", "2800.00", "2800.00"),     // 40000 x 0.05 + 10000 x 0.08 = 2000 + 800
        (.volume, "9999.999999", "0.00", "0.00"),
        (.volume, "10000", "500.00", "500.00"),          // H = from: all 10000 h x 0.05
        (.volume, "10000.5", "500.02", "500.03"),        // 10000.5 x 0.05 = 500.025
        (.volume, "49999.99", "2500.00", "2500.00"),     // 49999.99 x 0.05 = 2499.9995
        (.volume, "50000", "4000.00", "4000.00"),        // 50000 x 0.08
        (.volume, "60000", "4800.00", "4800.00"),        // 60000 x 0.08
        (.threshold, "9999.999999", "0.00", "0.00"),
        (.threshold, "10000", "1000.00", "1000.00"),
        (.threshold, "49999.5", "1000.00", "1000.00"),
        (.threshold, "50000", "5000.00", "5000.00"),
        (.threshold, "1000000", "5000.00", "5000.00"),
    ])
    func tiers(mode: VolumeBonus.Mode, hours: String, halfEven: String, halfUp: String) throws {
        let tiers = mode == .threshold ? Self.amounts : Self.perHour
        for (rounding, expected) in [(RoundingMode.halfEven, halfEven), (.halfUp, halfUp)] {
            let terms = contract([R.bonus("volume", mode, tiers)], rounding: rounding)
            let s = try settle("2026-03", [terms], hours: [hrs("2026-03-10", hours)])
            #expect(s.amounts == ["volume " + expected], "\(rounding)")
            #expect(try s.line("volume").basis == dec(hours))
        }
    }

    @Test("hours of several rows and days add up; fractional hours count in full")
    func fractionalHours() throws {
        let s = try settle("2026-03", [contract([R.bonus("volume", .volume, [("0", "2.00")])])], hours: [
            hrs("2026-03-01", "12.25"),
            hrs("2026-03-31", "0.5"),
            hrs("2026-02-28", "100"),   // other periods
            hrs("2026-04-01", "100"),
        ])
        // 12.75 h x 2.00 = 25.50 (truncated hours would give 24.00)
        #expect(s.amounts == ["volume 25.50"])
        #expect(try s.line("volume").explanation == "12.75 compute hours at 2.00 EUR/h (tier from 0 h)")
    }

    @Test("gpu_types filter: rows of other types, or without a type, do not match")
    func gpuFilter() throws {
        let rows = [
            hrs("2026-03-01", "6000", gpu: "h100"),
            hrs("2026-03-02", "5000", gpu: "h200"),
            hrs("2026-03-03", "100000", gpu: "a100"),
            hrs("2026-03-04", "100000"),
        ]
        let filtered = try settle("2026-03", [contract([R.bonus("volume", .graduated, gpu: ["h100", "h200"], Self.perHour)])],
                                  hours: rows)
        // H = 6000 + 5000 = 11000: 1000 h above 10000 x 0.05 = 50.00
        #expect(filtered.amounts == ["volume 50.00"])
        let line = try filtered.line("volume")
        #expect(line.basis == Rational(11000) && line.rate == nil && line.type == .volumeBonus)
        #expect(line.explanation == "11,000 compute hours (h100, h200): 10,000 h from 0 h at 0.00 EUR/h"
            + " + 1,000 h from 10,000 h at 0.05 EUR/h")

        let unfiltered = try settle("2026-03", [contract([R.bonus("volume", .graduated, Self.perHour)])], hours: rows)
        // H = 211000: 40000 x 0.05 + 161000 x 0.08 = 2000 + 12880 = 14880.00
        #expect(unfiltered.amounts == ["volume 14880.00"])
    }

    @Test("explanations of each mode")
    func explanations() throws {
        let volume = try settle("2026-03", [contract([R.bonus("v", .volume, Self.perHour)])],
                                hours: [hrs("2026-03-10", "10000")])
        #expect(try volume.line("v").explanation == "10,000 compute hours at 0.05 EUR/h (tier from 10,000 h)")
        #expect(try volume.line("v").rate == dec("0.05"))

        let threshold = try settle("2026-03", [contract([R.bonus("t", .threshold, Self.amounts)])],
                                   hours: [hrs("2026-03-10", "50000")])
        #expect(try threshold.line("t").explanation == "50,000 compute hours reach the tier from 50,000 h: 5,000.00 EUR")

        let none = try settle("2026-03", [contract([R.bonus("g", .graduated, Self.perHour)])])
        #expect(try none.line("g").explanation == "0 compute hours: no hours")
        #expect(none.amounts == ["g 0.00"])
    }

    @Test("a volume bonus is an earning: it counts toward earnings and limits")
    func isEarning() throws {
        let s = try settle("2026-03", [contract([R.bonus("v", .volume, Self.perHour)], cap: "300.00")],
                           hours: [hrs("2026-03-10", "10000")])
        // 500.00, capped at 300.00: cap line 300.00 - 500.00 = -200.00
        #expect(s.amounts == ["v 500.00", "limits.cap -200.00"])
        #expect(s.totals == "earnings 300.00 charges 0.00 net 300.00 opening 0.00 payout 300.00 closing 0.00")
    }
}
