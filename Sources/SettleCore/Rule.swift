/// One rule of a contract; every rule of every window gives at least one statement line.
public struct Rule: Sendable, Hashable, Codable {
    /// Unique within the contract version.
    public var id: String
    public var kind: Kind

    public init(id: String, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    public enum Kind: Sendable, Hashable, Codable {
        /// basis (sum of `amount`) x rate.
        case revenueShare(streams: [String], rate: ShareRate)
        /// sum of `quantity` x price; quantities are never converted.
        case perUnit(streams: [String], price: Rational)
        /// Discount on what the provider buys from us.
        case discount(streams: [String], rate: Rational, settle: DiscountSettlement)
        /// Tiered bonus on compute hours.
        case volumeBonus(VolumeBonus)
        /// A fixed amount per period; negative is a charge.
        case fixed(amount: Rational)
    }

    /// The `type` key of the contract file and the `type` of the statement line.
    public var typeName: String {
        switch kind {
        case .revenueShare: "revenue_share"
        case .perUnit: "per_unit"
        case .discount: "discount"
        case .volumeBonus: "volume_bonus"
        case .fixed: "fixed"
        }
    }
}

/// The rate of a `revenue_share` rule: one rate, or one per role.
public enum ShareRate: Sendable, Hashable, Codable {
    case flat(Rational)
    /// In the order the contract lists them; one line per role.
    case byRole([RoleRate])
}

public struct RoleRate: Sendable, Hashable, Codable {
    public var role: String
    public var rate: Rational

    public init(role: String, rate: Rational) {
        self.role = role
        self.rate = rate
    }
}

/// How a discount is settled.
public enum DiscountSettlement: String, Sendable, Hashable, CaseIterable, Codable {
    /// The provider is charged list x (1 - rate).
    case net
    /// The provider is credited list x rate.
    case rebate
}

/// A compute-hour volume bonus.
public struct VolumeBonus: Sendable, Hashable, Codable {
    public var mode: Mode
    /// Only rows with one of these GPU types count; `nil` counts every row.
    public var gpuTypes: [String]?
    /// Start at `from: 0` and rise strictly.
    public var tiers: [Tier]

    public init(mode: Mode, gpuTypes: [String]? = nil, tiers: [Tier]) {
        self.mode = mode
        self.gpuTypes = gpuTypes
        self.tiers = tiers
    }

    public enum Mode: String, Sendable, Hashable, CaseIterable, Codable {
        /// Each hour at the rate of the tier it falls in.
        case graduated
        /// Every hour at the rate of the highest tier reached.
        case volume
        /// The amount of the highest tier reached.
        case threshold
    }

    public struct Tier: Sendable, Hashable, Codable {
        /// Hours (for a whole month) at which the tier starts.
        public var from: Rational
        /// `per_hour` for graduated and volume, `amount` for threshold.
        public var value: Rational

        public init(from: Rational, value: Rational) {
            self.from = from
            self.value = value
        }
    }
}
