import SettleCore
import Testing

/// The derivation of every line (docs/REFERENCE.md §7) over seeded random programmes: its leaves
/// recompute the exact amount by the formulas of §3, the exact amount rounds to the line, and the
/// basis parts add up to the basis and to the facts they stand for.
@Suite("Derivations")
struct DerivationPropertyTests {
    @Test("the leaves recompute the exact amount, which rounds to the line's amount", arguments: PropertyTests.seeds)
    func leavesRecomputeTheAmount(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        let explained = try #require(try Settlement.explained(for: input))
        let statement = explained.statement
        #expect(explained.derivations.count == statement.lines.count)
        for (line, derivation) in zip(statement.lines, explained.derivations) {
            #expect(Self.recompute(derivation) == derivation.exact, "seed \(seed), \(line.rule)")
            #expect(Money(rounding: derivation.exact, in: statement.currency, derivation.rounding) == line.amount,
                    "seed \(seed), \(line.rule)")
            #expect((derivation.contract, derivation.version, derivation.first, derivation.last)
                    == (line.contract, line.version, line.first, line.last))
        }
    }

    @Test("the basis parts add up to the line's basis and to the rows they stand for", arguments: PropertyTests.seeds)
    func basisPartsAddUp(seed: UInt64) throws {
        let input = ScenarioGenerator.input(seed: seed)
        let explained = try #require(try Settlement.explained(for: input))
        for (line, derivation) in zip(explained.statement.lines, explained.derivations) {
            guard case let .revenue(rule, role, _, parts) = derivation.detail else { continue }
            #expect(parts.map { $0.sum * $0.rate }.reduce(Rational.zero, +) == line.basis, "seed \(seed), \(line.rule)")
            let rows = input.revenue.filter { entry in
                entry.date >= derivation.first && entry.date <= derivation.last && Self.streams(of: rule).contains(entry.stream)
                    && (role == nil || entry.role == role)
            }
            #expect(parts.map(\.rows).reduce(0, +) == rows.map(\.rows).reduce(0, +), "seed \(seed), \(line.rule)")
            if case .perUnit = rule.kind {
                #expect(parts.allSatisfy { $0.currency == nil && $0.rate == .one })
                #expect(parts.map(\.sum).reduce(Rational.zero, +) == rows.map(\.quantity).reduce(Rational.zero, +))
            } else {
                for currency in Set(rows.map(\.currency)) {
                    let fromParts = parts.filter { $0.currency == currency }.map(\.sum).reduce(Rational.zero, +)
                    #expect(fromParts == rows.filter { $0.currency == currency }.map(\.amount).reduce(Rational.zero, +))
                }
                #expect(parts.filter { $0.currency == explained.statement.currency }.allSatisfy { $0.rate == .one })
            }
        }
    }

    /// The amount from the derivation's leaves alone, by the formulas of docs/REFERENCE.md §3.
    static func recompute(_ derivation: Derivation) -> Rational {
        let f = derivation.fraction
        switch derivation.detail {
        case let .revenue(rule, _, rate, parts):
            let basis = parts.map { $0.sum * $0.rate }.reduce(Rational.zero, +)
            if case .discount(_, _, .net) = rule.kind { return -(basis * (.one - rate)) }
            return basis * rate
        case let .volumeBonus(rule, bonus):
            guard case let .volumeBonus(terms) = rule.kind else { return .zero }
            let hours = bonus.hours.map(\.hours).reduce(Rational.zero, +)
            let bounds = terms.tiers.map { $0.from * f }
            #expect(bonus.tiers.map(\.scaledFrom) == bounds)
            let reached = bounds.lastIndex { hours >= $0 } ?? 0
            switch terms.mode {
            case .graduated:
                return terms.tiers.indices.map { index -> Rational in
                    let upper = index + 1 < bounds.count ? min(hours, bounds[index + 1]) : hours
                    return max(upper - bounds[index], .zero) * terms.tiers[index].value
                }.reduce(Rational.zero, +)
            case .volume: return hours * terms.tiers[reached].value
            case .threshold: return terms.tiers[reached].value * f
            }
        case let .fixed(_, amount): return amount * f
        case let .limit(limit):
            #expect(limit.fraction == f)
            return limit.limit * f - limit.earnings.value
        case let .adjustment(origin):
            if let origin { return (origin.now - origin.settled - origin.alreadyAdjusted).value }
            return derivation.exact
        case let .vat(vat): return vat.invoiced.value * vat.rate
        }
    }

    static func streams(of rule: Rule) -> [String] {
        switch rule.kind {
        case let .revenueShare(streams, _), let .perUnit(streams, _), let .discount(streams, _, _): streams
        case .volumeBonus, .fixed: []
        }
    }
}
