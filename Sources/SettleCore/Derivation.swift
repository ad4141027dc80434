/// How one statement line's amount came about (docs/REFERENCE.md §7), built by the code that
/// computes the amount: the line's explanation text is rendered from it, and `settle explain`
/// shows all of it. Its leaves recompute `exact`, which rounds once to the line's amount.
public struct Derivation: Sendable, Hashable {
    /// The contract version whose terms the line applies.
    public let contract: String
    public let version: Int
    /// The days the line was computed over (a limit: its group's; an adjustment: the corrected window).
    public let first: Day
    public let last: Day
    public let period: Period
    public let detail: Detail
    /// The amount before its single rounding, and how it was rounded (its version's mode).
    public let exact: Rational
    public let rounding: RoundingMode

    public enum Detail: Sendable, Hashable {
        /// `revenue_share`, `discount` and `per_unit`: the rule, the role of a `rate_by_role`
        /// line, and the basis per stream and row currency.
        case revenue(Rule, role: String?, rate: Rational, basis: [BasisPart])
        case volumeBonus(Rule, VolumeBonusDerivation)
        case fixed(Rule, amount: Rational)
        case limit(LimitDerivation)
        /// Booked by the month end; `nil` when it was carried over from an earlier draft.
        case adjustment(AdjustmentOrigin?)
        /// VAT on payouts under a self-billing agreement (docs/REFERENCE.md §10).
        case vat(VATDerivation)
    }

    public var dayCount: Int { last.ordinal - first.ordinal + 1 }
    public var coversWholePeriod: Bool { dayCount == period.dayCount }
    /// Days in force / days in the month, exact.
    public var fraction: Rational { Rational(dayCount, period.dayCount) }

    /// The basis the rate applies to: the sum of the parts' converted values.
    public var basis: Rational? {
        guard case let .revenue(_, _, _, parts) = detail else { return nil }
        return parts.map(\.converted).sum()
    }
}

/// One stream in one row currency of a line's basis: `per_unit` parts sum quantities (no
/// currency, rate 1); the others sum amounts converted at the pair's rate of the period.
public struct BasisPart: Sendable, Hashable {
    public let stream: String
    public let currency: Currency?
    public let rows: Int
    public let sum: Rational
    /// 1 for the contract currency and for quantities.
    public let rate: Rational
    public var converted: Rational { sum * rate }
}

/// A volume bonus over a window: the hours per GPU type, each tier's scaled threshold and the
/// hours paid in it.
public struct VolumeBonusDerivation: Sendable, Hashable {
    public struct GPUHours: Sendable, Hashable {
        /// `nil` for rows without a GPU type.
        public let gpuType: String?
        public let rows: Int
        public let hours: Rational
    }

    public struct TierPart: Sendable, Hashable {
        public let tier: VolumeBonus.Tier
        /// from x f.
        public let scaledFrom: Rational
        public let reached: Bool
        /// Hours paid at this tier's rate (graduated, volume); zero for threshold.
        public let hours: Rational
        public let amount: Rational
    }

    public let mode: VolumeBonus.Mode
    /// The hours that count (after `gpu_types`).
    public let hours: [GPUHours]
    /// Hours of GPU types the rule's `gpu_types` excludes (they count for nothing).
    public let excluded: [GPUHours]
    public let tiers: [TierPart]
    public var totalHours: Rational { hours.map(\.hours).sum() }
}

/// A floor or cap line: its limit group's windows with their earnings, and the scaled limit.
public struct LimitDerivation: Sendable, Hashable {
    public struct GroupWindow: Sendable, Hashable {
        public let version: Int
        public let first: Day
        public let last: Day
        /// The window's rounded earnings (charges never count).
        public let earnings: Money
    }

    /// `limits.floor` or `limits.cap`.
    public let rule: String
    public let limit: Rational
    public let windows: [GroupWindow]
    /// F: the group's days / days in the month.
    public let fraction: Rational
    /// The group's earnings the limit was measured against (for a cap: the floor's line included).
    public let earnings: Money
    public var scaledLimit: Rational { limit * fraction }
}

/// Why a prior-period adjustment line was booked: the line as settled then, as recomputed now.
public struct AdjustmentOrigin: Sendable, Hashable {
    public let corrects: Period
    public let settled: Money
    /// What earlier adjustments already booked for the same line.
    public let alreadyAdjusted: Money
    public let now: Money
    /// `rows that arrived late (imports 7, 9)`, `acme-cloud-2026 v3 took effect retroactively`.
    public let cause: String

    public init(corrects: Period, settled: Money, alreadyAdjusted: Money, now: Money, cause: String) {
        self.corrects = corrects
        self.settled = settled
        self.alreadyAdjusted = alreadyAdjusted
        self.now = now
        self.cause = cause
    }
}

/// A statement with the derivation of each of its lines (`derivations[i]` explains `lines[i]`).
public struct ExplainedStatement: Sendable, Hashable {
    public let statement: Statement
    public let derivations: [Derivation]
}
