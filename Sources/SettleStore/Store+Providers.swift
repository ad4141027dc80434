import SettleCore

/// A provider as the store knows it.
public struct ProviderRecord: Sendable, Hashable {
    public let id: String
    public let name: String
    public let onHold: Bool
    public let holdReason: String?
}

extension Store {
    /// Withholds (`onHold: true`) or releases a provider's payouts, and records the change.
    ///
    /// - Returns: whether anything changed (holding a held provider changes nothing).
    @discardableResult
    public func setHold(provider: String, onHold: Bool, reason: String?) throws -> Bool {
        try requireCurrentSchema()
        return try db.transaction {
            try holdOffMonthEnd()
            let current = try db.query("SELECT on_hold FROM providers WHERE provider_id = $1 FOR UPDATE", [provider])
            guard let state = current.scalar else {
                let known = try db.query("SELECT provider_id FROM providers").rows.compactMap { $0[0] }
                let hint = Suggestion.closest(to: provider, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw StoreError("There is no provider '\(provider)'\(hint); providers come from loaded contracts "
                                 + "(`settle contracts load`).")
            }
            guard (state == "t") != onHold else { return false }
            try db.query("""
                UPDATE providers SET on_hold = $2, hold_reason = $3, hold_changed = now() WHERE provider_id = $1
                """, [provider, onHold ? "true" : "false", onHold ? reason : nil])
            try db.query("INSERT INTO provider_hold_events (provider_id, on_hold, reason) VALUES ($1, $2, $3)",
                         [provider, onHold ? "true" : "false", reason])
            return true
        }
    }

    /// Every provider, ordered by id.
    public func providers() throws -> [ProviderRecord] {
        try db.query("SELECT provider_id, name, on_hold, hold_reason FROM providers ORDER BY provider_id").rows.map {
            ProviderRecord(id: $0[0]!, name: $0[1]!, onHold: $0[2] == "t", holdReason: $0[3])
        }
    }
}
