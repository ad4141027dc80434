extension VolumeBonusDerivation {
    /// Every tier of a volume bonus over H hours in a window of fraction f of the month
    /// (docs/REFERENCE.md §3): each threshold is scaled, b_i = from_i x f, and compared exactly
    /// (a rational, never a rounded decimal): H = 1100 reaches `from: 3000` at f = 11/30. The
    /// parts' amounts add up to the line's exact amount.
    static func tiers(of bonus: VolumeBonus, hours: Rational, fraction: Rational) -> [TierPart] {
        let bounds = bonus.tiers.map { $0.from * fraction }
        // The highest tier with H >= b_i; tier 0 is always reached.
        let reachedIndex = bounds.lastIndex { hours >= $0 } ?? 0
        return bonus.tiers.indices.map { index in
            let tier = bonus.tiers[index]
            let paid: Rational
            switch bonus.mode {
            case .graduated:
                let upper = index + 1 < bounds.count ? Rational.min(hours, bounds[index + 1]) : hours
                paid = Rational.max(upper - bounds[index], .zero)
            case .volume:
                paid = index == reachedIndex ? hours : .zero
            case .threshold:
                paid = .zero
            }
            let amount = bonus.mode == .threshold ? (index == reachedIndex ? tier.value * fraction : .zero) : paid * tier.value
            return TierPart(tier: tier, scaledFrom: bounds[index], reached: index <= reachedIndex, hours: paid, amount: amount)
        }
    }

    /// The highest tier reached: its rate or amount is what volume and threshold modes pay.
    public var reached: TierPart { tiers.last(where: \.reached)! }
}
