/// A volume bonus over H hours in a window of fraction f of the month (docs/REFERENCE.md §3).
///
/// Every tier threshold is scaled, b_i = from_i x f, and compared exactly (a rational, never a
/// rounded decimal): H = 1100 reaches `from: 3000` at f = 11/30.
struct VolumeBonusCalculation {
    /// Hours paid in one tier (graduated), or all hours at the reached tier (volume).
    struct Portion {
        let tier: VolumeBonus.Tier
        let scaledFrom: Rational
        let hours: Rational
    }

    let mode: VolumeBonus.Mode
    let hours: Rational
    let fraction: Rational
    /// The highest tier with H >= b_i (tier 0 is always reached).
    let reached: VolumeBonus.Tier
    let portions: [Portion]
    let amount: Rational

    /// The single rate a line can show: volume mode's per-hour rate, else none.
    var rate: Rational? { mode == .volume ? reached.value : nil }

    init(bonus: VolumeBonus, hours: Rational, fraction: Rational) {
        let bounds = bonus.tiers.map { $0.from * fraction }
        let reachedIndex = bounds.lastIndex { hours >= $0 } ?? 0
        self.mode = bonus.mode
        self.hours = hours
        self.fraction = fraction
        self.reached = bonus.tiers[reachedIndex]
        switch bonus.mode {
        case .graduated:
            portions = bonus.tiers.indices.compactMap { index in
                let upper = index + 1 < bounds.count ? Rational.min(hours, bounds[index + 1]) : hours
                let inTier = upper - bounds[index]
                guard inTier.isPositive else { return nil }
                return Portion(tier: bonus.tiers[index], scaledFrom: bounds[index], hours: inTier)
            }
            amount = portions.map { $0.hours * $0.tier.value }.sum()
        case .volume:
            portions = [Portion(tier: reached, scaledFrom: bounds[reachedIndex], hours: hours)]
            amount = hours * reached.value
        case .threshold:
            portions = []
            amount = reached.value * fraction
        }
    }
}
