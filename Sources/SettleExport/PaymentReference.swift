public import SettleCore

/// The `EndToEndId` a provider's payout carries, printed on its statement as `payment_reference`:
/// `STL-202610-acme-cloud`. Deterministic, at most 35 characters of the SEPA character set.
public enum PaymentReference {
    public static func of(provider: String, period: Period) -> String {
        let compact = "\(period.year)\(period.month < 10 ? "0" : "")\(period.month)"
        let plain = "STL-\(compact)-\(provider)"
        guard plain.count > 35 else { return plain }
        // A long provider id: keep a readable prefix and make it unique with a hash of the whole id.
        let hash = String(fnv1a(provider) % 0xFFFF_FFFF, radix: 36)
        return "STL-\(compact)-\(provider.prefix(35 - 12 - hash.count))-\(hash)"
    }

    /// The reference, or `nil` when the statement pays nothing.
    public static func of(_ statement: Statement) -> String? {
        statement.payout.isPositive ? of(provider: statement.provider.id, period: statement.period) : nil
    }

    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
