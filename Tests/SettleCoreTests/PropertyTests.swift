import SettleCore
import Testing

/// Properties over seeded random scenarios (see `ScenarioGenerator`); a failure names its seed.
@Suite("Properties")
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...150)

    @Test("totals are the sums of the rounded lines; the balance walk adds up", arguments: seeds)
    func totalsAddUp(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        let s = try #require(try Settlement.statement(for: input))
        let currency = s.currency
        #expect(s.lines.allSatisfy { $0.amount.currency == currency })
        #expect(s.earnings == s.lines.filter { !$0.isCharge && $0.type != .vat }.map(\.amount).sum(in: currency))
        #expect(s.charges == s.lines.filter(\.isCharge).map(\.amount).sum(in: currency))
        #expect(s.periodNet == s.earnings + s.charges + s.vat)
        #expect(s.payout + s.closingBalance == s.openingBalance + s.periodNet)
        #expect(!s.payout.isNegative)
        #expect(s.payout.isZero || s.closingBalance.isZero)
        #expect(!input.onHold || s.payout.isZero)
        let limitLines = s.lines.filter { $0.type == .limit }
        #expect(limitLines.allSatisfy { !$0.amount.isZero && !$0.isCharge && $0.role == nil })
        #expect(limitLines.allSatisfy { ["limits.floor", "limits.cap"].contains($0.rule) })
        #expect(s.lines.filter(\.isCharge).allSatisfy { [.discount, .fixed].contains($0.type) })
        #expect(s.dueDate == input.period.lastDay.adding(days: try #require(input.contracts.last).payment.netDays))
    }

    @Test("every rule of every window gives its lines", arguments: seeds)
    func everyRuleHasALine(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        let s = try #require(try Settlement.statement(for: input))
        let windows = ContractSchedule(versions: input.contracts).windows(in: input.period)
        let expected = windows.flatMap { window in
            window.contract.rules.flatMap { rule -> [String] in
                if case let .revenueShare(_, .byRole(rates)) = rule.kind {
                    return rates.map { "v\(window.contract.version) \(rule.id)/\($0.role)" }
                }
                return ["v\(window.contract.version) \(rule.id)"]
            }
        }
        let actual = s.lines.filter { $0.type != .limit && $0.type != .vat }.map { "v\($0.version) \($0.rule)" + ($0.role.map { "/" + $0 } ?? "") }
        #expect(actual == expected)
    }

    @Test("under an agreement with a rate, one vat line, last: the rate on the earnings, rounded once", arguments: seeds)
    func vatOnPayouts(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        let s = try #require(try Settlement.statement(for: input))
        let vatLines = s.lines.filter { $0.type == .vat }
        let schedule = ContractSchedule(versions: input.contracts)
        guard let (agreement, version) = schedule.selfBilling(on: input.period.lastDay), case let .rate(rate) = agreement.vat,
              !s.earnings.isZero else {
            #expect(vatLines.isEmpty, "seed \(seed)")
            return
        }
        let line = try #require(vatLines.first)
        #expect(vatLines.count == 1 && s.lines.last == line, "seed \(seed)")
        #expect(line.rule == "self_billing.vat" && !line.isCharge && line.basis == s.earnings.value && line.rate == rate)
        #expect(line.amount == Money(rounding: s.earnings.value * rate, in: s.currency, version.payment.rounding), "seed \(seed)")
        #expect((line.contract, line.version, line.first, line.last)
                == (version.id, version.version, input.period.firstDay, input.period.lastDay))
        #expect(s.vat == line.amount)
    }

    @Test("the order of the facts and of the contract versions does not matter", arguments: seeds)
    func orderIndependent(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        var shuffled = input
        var g = SplitMix64(seed: seed ^ 0xDEC0DE)
        shuffled.revenue.shuffle(using: &g)
        shuffled.hours.shuffle(using: &g)
        shuffled.contracts.shuffle(using: &g)
        #expect(try Settlement.statement(for: shuffled) == Settlement.statement(for: input))
    }

    @Test("splitting a row into two with the same day, stream, currency and role changes nothing", arguments: seeds)
    func splitRows(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        var g = SplitMix64(seed: seed ^ 0x5B117)
        var split = input
        if !split.revenue.isEmpty {
            let index = g.int(0...(split.revenue.count - 1))
            var part = split.revenue[index]
            var rest = part
            part.amount = g.decimal(-1_000_000_000...1_000_000_000)
            part.quantity = g.decimal(-1_000...1_000, scales: [0, 3])
            rest.amount = split.revenue[index].amount - part.amount
            rest.quantity = split.revenue[index].quantity - part.quantity
            split.revenue[index] = part
            split.revenue.append(rest)
        }
        if !split.hours.isEmpty {
            let index = g.int(0...(split.hours.count - 1))
            var part = split.hours[index]
            var rest = part
            part.hours = split.hours[index].hours * Rational(g.int(0...100), 100)   // hours stay >= 0
            rest.hours = split.hours[index].hours - part.hours
            split.hours[index] = part
            split.hours.insert(rest, at: 0)
        }
        #expect(try Settlement.statement(for: split) == Settlement.statement(for: input))
    }

    @Test("rolling rows up per day, stream, currency and role changes nothing", arguments: seeds)
    func rollUp(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        struct Key: Hashable { let date: Day; let stream: String; let currency: Currency; let role: String? }
        var sums: [Key: RevenueEntry] = [:]
        var order: [Key] = []
        for entry in input.revenue {
            let key = Key(date: entry.date, stream: entry.stream, currency: entry.currency, role: entry.role)
            if var sum = sums[key] {
                sum.amount += entry.amount
                sum.quantity += entry.quantity
                sums[key] = sum
            } else {
                sums[key] = entry
                order.append(key)
            }
        }
        var rolled = input
        rolled.revenue = order.map { sums[$0]! }
        #expect(try Settlement.statement(for: rolled) == Settlement.statement(for: input))
    }

    @Test("without a needed rate the period fails naming the pair; otherwise nothing changes", arguments: seeds)
    func droppedRate(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        var g = SplitMix64(seed: seed ^ 0xF0F0)
        var dropped = input
        let pair = g.pick(input.rates.rates.keys.sorted())
        dropped.rates[pair.from, pair.to] = nil
        let full = try Settlement.statement(for: input)
        switch Result(catching: { () throws(SettlementError) in try Settlement.statement(for: dropped) }) {
        case let .success(statement):
            #expect(statement == full)
        case let .failure(.missingFXRates(period, pairs)):
            #expect(period == input.period && pairs == [pair])
        }
    }

    @Test("exact arithmetic, decimal round trip, and rounding within half a minor unit", arguments: seeds)
    func rationalLaws(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let a = g.decimal(-1_000_000_000...1_000_000_000)
            var b = g.decimal(-1_000_000...1_000_000, scales: [0, 3])
            if b.isZero { b = .one }
            #expect(a + b - b == a)
            #expect(a * b / b == a)
            #expect(a.decimalText().flatMap { Rational(decimal: $0) } == a)
            let x = a / b
            let half = Rational(1, 200)
            let even = Money(rounding: x, in: eur, .halfEven).value
            let up = Money(rounding: x, in: eur, .halfUp).value
            #expect((even - x).magnitude <= half && (up - x).magnitude <= half)
            if (up - x).magnitude < half {
                #expect(even == up)     // modes differ only on an exact half
            } else {
                #expect(up.magnitude > x.magnitude)   // half_up: away from zero
            }
        }
    }
}
