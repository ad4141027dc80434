import SettleCore
import Testing

/// Limits follow the month (docs/REFERENCE.md §3): windows of versions of one contract that state the same
/// limits form one limit group, whose limit is scaled by F (the sum of their fractions) and applied
/// to their rounded earnings together. Every amount below is computed by hand; September has 30 days.
@Suite("Limit groups: an amendment that keeps the limits does not split them")
struct LimitGroupTests {
    static let v1Share = R.share("api", ["api_usage"], "10%")
    static let v2Share = R.share("api", ["api_usage"], "12%")

    /// v1 from `first` at 10%, v2 from `second` at 12%, in USD.
    static func amended(_ first: String = "2026-09-01", _ second: String = "2026-09-16",
                        cap1: String? = nil, floor1: String? = nil, cap2: String? = nil, floor2: String? = nil,
                        rounding1: RoundingMode = .halfEven, rounding2: RoundingMode = .halfEven,
                        terminated2: String? = nil) -> [Contract] {
        [contract([v1Share], currency: usd, effective: first, rounding: rounding1, cap: cap1, floor: floor1),
         contract([v2Share], version: 2, currency: usd, effective: second, terminated: terminated2, rounding: rounding2,
                  cap: cap2, floor: floor2)]
    }

    static func revenue(_ rows: [(String, String)]) -> [RevenueEntry] {
        rows.map { rev($0.0, "api_usage", $0.1, usd) }
    }

    @Test("an amendment keeping the cap: no cap line while the month is under it")
    func keptCapUnder() throws {
        // 10% of 1,250,500.00 + 12% of 396,250.00 = 125,050.00 + 47,550.00 = 172,600.00 < 200,000.00.
        // (Split per version, the first half was cut to its 100,000: "cap 200,000.00 USD x 15/30 =
        // 100,000 on earnings of 125,050.00 USD", -25,050.00: the report that opened issue 12.)
        let s = try settle("2026-09", Self.amended(cap1: "200000.00", cap2: "200000.00"),
                           revenue: Self.revenue([("2026-09-05", "1250500.00"), ("2026-09-20", "396250.00")]))
        #expect(s.amounts == ["api 125050.00", "api 47550.00"])
        #expect(s.earnings.description == "172600.00")
    }

    @Test("an amendment keeping the cap: one cap line on the last version where the month is over it")
    func keptCapOver() throws {
        // 150,000.00 + 120,000.00 = 270,000.00 > 200,000.00: one line of -70,000.00, version 2, the whole month.
        let s = try settle("2026-09", Self.amended(cap1: "200000.00", cap2: "200000.00"),
                           revenue: Self.revenue([("2026-09-05", "1500000.00"), ("2026-09-20", "1000000.00")]))
        #expect(s.amounts == ["api 150000.00", "api 120000.00", "limits.cap -70000.00"])
        let cap = try s.line("limits.cap")
        #expect((cap.version, cap.first, cap.last) == (2, day("2026-09-01"), day("2026-09-30")))
        #expect(cap.explanation == "cap 200,000.00 USD on the month's earnings of 270,000.00 USD, versions 1 and 2")
        #expect(s.earnings.description == "200000.00")
    }

    @Test("a floor kept across an amendment is measured on the month's earnings")
    func keptFloor() throws {
        // 10% of 3,000.00 + 12% of 6,000.00 = 300.00 + 720.00 = 1,020.00 >= 1,000.00: no floor line
        // (per version, the first half would have been topped up by 500.00 - 300.00 = 200.00).
        let over = try settle("2026-09", Self.amended(floor1: "1000.00", floor2: "1000.00"),
                              revenue: Self.revenue([("2026-09-05", "3000.00"), ("2026-09-20", "6000.00")]))
        #expect(over.amounts == ["api 300.00", "api 720.00"])
        // 300.00 + 240.00 = 540.00 < 1,000.00: one floor line of 460.00 on version 2.
        let under = try settle("2026-09", Self.amended(floor1: "1000.00", floor2: "1000.00"),
                               revenue: Self.revenue([("2026-09-05", "3000.00"), ("2026-09-20", "2000.00")]))
        #expect(under.amounts == ["api 300.00", "api 240.00", "limits.floor 460.00"])
        #expect(try under.line("limits.floor").explanation
            == "minimum guarantee 1,000.00 USD on the month's earnings of 540.00 USD, versions 1 and 2")
    }

    @Test("an amendment that changes the cap starts a new group: each half has its own, prorated")
    func changedCap() throws {
        // v1: 150,000.00 against 200,000.00 x 15/30 = 100,000: -50,000.00 (version 1, 1-15 September);
        // v2: 120,000.00 against 300,000.00 x 15/30 = 150,000: no line.
        let s = try settle("2026-09", Self.amended(cap1: "200000.00", cap2: "300000.00"),
                           revenue: Self.revenue([("2026-09-05", "1500000.00"), ("2026-09-20", "1000000.00")]))
        #expect(s.amounts == ["api 150000.00", "limits.cap -50000.00", "api 120000.00"])
        let cap = try s.line("limits.cap")
        #expect((cap.version, cap.first, cap.last) == (1, day("2026-09-01"), day("2026-09-15")))
        #expect(cap.explanation == "cap 200,000.00 USD x 15/30 = 100,000 on earnings of 150,000.00 USD")
    }

    @Test("a contract that starts or ends mid-month keeps its limits prorated, over the group's days")
    func startAndTermination() throws {
        // One version from 11 September (20/30): 10% of 50,000.00 = 5,000.00 against 3,000.00 x 20/30 = 2,000: -3,000.00.
        let started = try settle("2026-09", [contract([Self.v1Share], currency: usd, effective: "2026-09-11", cap: "3000.00")],
                                 revenue: Self.revenue([("2026-09-15", "50000.00")]))
        #expect(started.amounts == ["api 5000.00", "limits.cap -3000.00"])
        #expect(try started.line("limits.cap").explanation == "cap 3,000.00 USD x 20/30 = 2,000 on earnings of 5,000.00 USD")

        // v1 11-20 September, v2 21-25 September (terminated): F = 15/30, cap 1,500.
        // 1,000.00 + 1,200.00 = 2,200.00: -700.00 on version 2, 11-25 September.
        let ended = try settle("2026-09", Self.amended("2026-09-11", "2026-09-21", cap1: "3000.00", cap2: "3000.00",
                                                       terminated2: "2026-09-25"),
                               revenue: Self.revenue([("2026-09-15", "10000.00"), ("2026-09-22", "10000.00")]))
        #expect(ended.amounts == ["api 1000.00", "api 1200.00", "limits.cap -700.00"])
        let cap = try ended.line("limits.cap")
        #expect((cap.version, cap.first, cap.last) == (2, day("2026-09-11"), day("2026-09-25")))
        #expect(cap.explanation == "cap 3,000.00 USD x 15/30 = 1,500 on earnings of 2,200.00 USD, versions 1 and 2")
    }

    /// Floor = cap = 100.01 over v1 16-23 and v2 24-30 September: F = 15/30, both limits 50.005,
    /// and no earnings. The lines take the last version's rounding.
    @Test("floor and cap both binding, at an exact half, with the last version's rounding", arguments: [
        // half_up: floor round(50.005) = 50.01 > 50.005, so the cap adds round(-0.005) = -0.01.
        (RoundingMode.halfEven, RoundingMode.halfUp, ["api 0.00", "api 0.00", "limits.floor 50.01", "limits.cap -0.01"], "50.00"),
        // half_even: floor round(50.005) = 50.00, not above the cap.
        (.halfUp, .halfEven, ["api 0.00", "api 0.00", "limits.floor 50.00"], "50.00"),
    ])
    func bothBindingAtAHalf(first: RoundingMode, last: RoundingMode, expected: [String], earnings: String) throws {
        let s = try settle("2026-09", Self.amended("2026-09-16", "2026-09-24", cap1: "100.01", floor1: "100.01",
                                                   cap2: "100.01", floor2: "100.01", rounding1: first, rounding2: last))
        #expect(s.amounts == expected)
        #expect(s.earnings.description == earnings)
        #expect(s.lines.filter { $0.type == .limit }.allSatisfy { $0.version == 2 })
    }

    /// Found by review: days between two versions are no part of either, so they split the group.
    @Test("versions with the same cap but days between them are separate groups")
    func gapBetweenVersions() throws {
        // v1 to 10 September (10/30, expires), v2 from 15 September (16/30): caps of 1,000 x 10/30
        // and 1,000 x 16/30, never one of 1,000 x 26/30 over days no version was in force.
        let versions = [contract([Self.v1Share], currency: usd, effective: "2026-09-01", expires: "2026-09-10", cap: "1000.00"),
                        contract([Self.v2Share], version: 2, currency: usd, effective: "2026-09-15", cap: "1000.00")]
        let s = try settle("2026-09", versions, revenue: Self.revenue([("2026-09-05", "10000.00"), ("2026-09-20", "10000.00")]))
        // v1: 1,000.00 against 333.33...: -666.67; v2: 1,200.00 against 533.33...: -666.67.
        #expect(s.amounts == ["api 1000.00", "limits.cap -666.67", "api 1200.00", "limits.cap -666.67"])
        #expect(s.lines.filter { $0.type == .limit }.map { "\($0.version) \($0.first)..\($0.last)" }
                == ["1 2026-09-01..2026-09-10", "2 2026-09-15..2026-09-30"])
    }
}
