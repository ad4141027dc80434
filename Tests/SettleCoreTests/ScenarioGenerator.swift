import SettleCore

/// SplitMix64: a tiny, seeded, deterministic generator, so a failing property names its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True one time in `n`.
    mutating func oneIn(_ n: Int) -> Bool { int(1...n) == 1 }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// `units` x 10^-scale, with the scale itself drawn from `scales`.
    mutating func decimal(_ units: ClosedRange<Int>, scales: [Int] = [0, 2, 6]) -> Rational {
        let scale = pick(scales)
        var power = 1
        for _ in 0..<scale { power *= 10 }
        return Rational(int(units), power)
    }
}

/// Random but valid settlement inputs: one or two versions (amendment and termination mid-month),
/// every rule type, several currencies, roles, GPU types, refunds, fractional hours.
enum ScenarioGenerator {
    static let streams = ["api_usage", "custom_development", "upgrade", "dedicated_capacity", "consulting"]
    static let roles: [String?] = [nil, "facilitated", "executed", "advised"]
    static let gpus: [String?] = [nil, "h100", "h200", "a100"]
    static let currencies = [eur, usd, gbp, jpy]

    static func input(seed: UInt64) -> SettlementInput {
        var g = SplitMix64(seed: seed)
        let settled = period(g.pick(["2026-02", "2026-03", "2026-04", "2028-02"]))
        let currency = g.pick([eur, eur, jpy, kwd])

        var first = contract(rules(&g), currency: currency, effective: "2020-01-01",
                             minimumPayout: g.pick(["0", "100", "5000"]), rounding: g.pick(RoundingMode.allCases))
        first.limits = limits(&g)
        var contracts = [first]
        if g.oneIn(2) {
            let effective = settled.firstDay.adding(days: g.int(1...(settled.dayCount - 1)))
            var second = contract(rules(&g), version: 2, currency: currency, effective: effective.description,
                                  netDays: g.int(0...60), rounding: g.pick(RoundingMode.allCases))
            second.limits = limits(&g)
            if g.oneIn(3) {
                second.terminated = effective.adding(days: g.int(0...(settled.lastDay.ordinal - effective.ordinal)))
            }
            contracts.append(second)
        }

        // A self-billing agreement on the last version, from its own generator so that the rest
        // of every scenario stays as it was.
        var agreements = SplitMix64(seed: seed ^ 0x5E1FB111)
        if agreements.oneIn(2) {
            let vat: VATTreatment = agreements.oneIn(4) ? agreements.pick([.reverseCharge, .outsideScope])
                : .rate(agreements.decimal(0...270, scales: [3]))    // 0% to 27%, to a tenth of a percent
            let since = settled.firstDay.adding(days: agreements.int(-40...(settled.dayCount + 5)))
            contracts[contracts.count - 1].selfBilling = SelfBilling(agreement: "SBA-\(seed)", since: since,
                                                                     vatID: "ATU12345678", vat: vat)
        }

        var rates = FXRates()
        for from in currencies where from != currency {
            rates[from, currency] = g.decimal(1...2_000_000, scales: [3, 6])
        }
        let days = (settled.firstDay.ordinal - 3)...(settled.lastDay.ordinal + 3)
        let revenue = (0..<g.int(0...25)).map { _ in
            RevenueEntry(date: Day(ordinal: g.int(days)), stream: g.pick(streams), currency: g.pick(currencies),
                         role: g.pick(roles), quantity: g.decimal(-5...1_000_000, scales: [0, 3]),
                         amount: g.decimal(-200_000_000...2_000_000_000))
        }
        let hours = (0..<g.int(0...10)).map { _ in
            HoursEntry(date: Day(ordinal: g.int(days)), gpuType: g.pick(gpus),
                       hours: g.decimal(0...3_000_000_000, scales: [0, 1, 6]))
        }
        var scale = 1
        for _ in 0..<currency.minorUnitDigits { scale *= 10 }
        return SettlementInput(providerID: "acme-cloud", period: settled, contracts: contracts, revenue: revenue,
                               hours: hours, rates: rates, openingBalance: Rational(g.int(-100_000...100_000), scale),
                               onHold: g.oneIn(5))
    }

    static func rules(_ g: inout SplitMix64) -> [Rule] {
        (0..<g.int(1...6)).map { index in
            let id = "r\(index)"
            let streams = g.oneIn(3) ? [g.pick(Self.streams), g.pick(Self.streams)] : [g.pick(Self.streams)]
            let rate = g.decimal(0...10_000, scales: [4])    // 0% to 100%
            switch g.int(0...6) {
            case 0:
                return Rule(id: id, kind: .revenueShare(streams: streams, rate: .flat(rate)))
            case 1:
                let roleRates = [RoleRate(role: "facilitated", rate: rate),
                                 RoleRate(role: "executed", rate: g.decimal(0...10_000, scales: [4]))]
                return Rule(id: id, kind: .revenueShare(streams: streams, rate: .byRole(roleRates)))
            case 2:
                return Rule(id: id, kind: .perUnit(streams: streams, price: g.decimal(0...5_000, scales: [0, 3])))
            case 3:
                return Rule(id: id, kind: .discount(streams: streams, rate: rate,
                                                    settle: g.pick(DiscountSettlement.allCases)))
            case 4, 5:
                var from = Rational.zero
                let tiers = (0..<g.int(1...4)).map { index in
                    if index > 0 { from += g.decimal(1...5_000_000, scales: [0, 2]) }
                    return VolumeBonus.Tier(from: from, value: g.decimal(0...100_000, scales: [2, 4]))
                }
                let filter = g.oneIn(3) ? ["h100", "h200"] : nil
                return Rule(id: id, kind: .volumeBonus(VolumeBonus(mode: g.pick(VolumeBonus.Mode.allCases),
                                                                   gpuTypes: filter, tiers: tiers)))
            default:
                return Rule(id: id, kind: .fixed(amount: g.decimal(-100_000...100_000, scales: [0, 2])))
            }
        }
    }

    static func limits(_ g: inout SplitMix64) -> Limits {
        let floor: Rational? = g.oneIn(3) ? g.decimal(0...5_000_000, scales: [0, 2]) : nil
        let cap: Rational? = g.oneIn(3) ? (floor ?? .zero) + g.decimal(0...5_000_000, scales: [0, 2]) : nil
        return Limits(cap: cap, floor: floor)
    }
}
