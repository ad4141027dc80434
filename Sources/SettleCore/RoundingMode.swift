/// How a statement line's exact amount becomes a whole number of minor units.
public enum RoundingMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Ties go to the even neighbour (banker's rounding): 0.125 -> 0.12, 0.135 -> 0.14.
    case halfEven = "half_even"
    /// Ties go away from zero: 0.125 -> 0.13, -0.125 -> -0.13.
    case halfUp = "half_up"
}
