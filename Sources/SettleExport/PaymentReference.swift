public import SettleCore

/// The `EndToEndId` a provider's payout carries, printed on its statement as `payment_reference`:
/// `STL-202610-acme-cloud`. Deterministic, at most 35 characters of the SEPA character set.
public enum PaymentReference {
    public static func of(provider: String, period: Period) -> String {
        let plain = "STL-\(period.compact)-\(provider)"
        guard plain.count > 35 else { return plain }
        // A long provider id: keep a readable prefix and make it unique with a hash of the whole id.
        let hash = String(stableHash(provider) % 0xFFFF_FFFF, radix: 36)
        return "STL-\(period.compact)-\(provider.prefix(35 - 12 - hash.count))-\(hash)"
    }

    /// The reference, or `nil` when the statement pays nothing.
    public static func of(_ statement: Statement) -> String? {
        statement.isPayable(ignoringHold: true) ? of(provider: statement.provider.id, period: statement.period) : nil
    }
}
