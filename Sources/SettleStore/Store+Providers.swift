import SettleCore

/// A provider as the store knows it.
public struct ProviderRecord: Sendable, Hashable {
    public let id: String
    public let name: String
    public let onHold: Bool
    public let holdReason: String?
    /// When the hold (or release) last changed, `YYYY-MM-DD HH:MM UTC`, and by whom (database
    /// role and operating-system user, from the log).
    public let holdChanged: String?
    public let holdChangedBy: String?
}

/// What `setHold` did.
public enum HoldChange: Sendable, Equatable {
    case changed
    /// The provider was already on hold: the new reason replaced the old one.
    case reasonReplaced(old: String?)
    case unchanged
}

extension Store {
    /// Withholds (`onHold: true`) or releases a provider's payouts, and records the change (and
    /// logs it). Holding a held provider with another reason replaces the reason.
    @discardableResult
    public func setHold(provider: String, onHold: Bool, reason: String?) throws -> HoldChange {
        try requireCurrentSchema()
        return try db.transaction {
            try holdOffMonthEnd()
            return try applyHold(provider: provider, onHold: onHold, reason: reason)
        }
    }

    /// `setHold` inside a transaction the caller holds (a contract load holds on a payee change).
    func applyHold(provider: String, onHold: Bool, reason: String?) throws -> HoldChange {
        let current = try db.query("SELECT on_hold, hold_reason FROM providers WHERE provider_id = $1 FOR UPDATE", [provider])
        guard let state = current.rows.first?[0] else {
            let known = try db.query("SELECT provider_id FROM providers").rows.compactMap { $0[0] }
            let hint = Suggestion.closest(to: provider, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw StoreError("There is no provider '\(provider)'\(hint); providers come from loaded contracts "
                             + "(`settle contracts load`).")
        }
        if state == "t" && onHold {
            let old = current.rows[0][1]
            guard old != reason else { return .unchanged }
            try db.query("UPDATE providers SET hold_reason = $2, hold_changed = now() WHERE provider_id = $1", [provider, reason])
            try db.query("INSERT INTO provider_hold_events (provider_id, on_hold, reason) VALUES ($1, true, $2)", [provider, reason])
            try log("hold", provider: provider, "reason replaced: \(reason ?? "no reason given") (was: \(old ?? "no reason given"))")
            return .reasonReplaced(old: old)
        }
        guard (state == "t") != onHold else { return .unchanged }
        try db.query("""
            UPDATE providers SET on_hold = $2, hold_reason = $3, hold_changed = now() WHERE provider_id = $1
            """, [provider, onHold ? "true" : "false", onHold ? reason : nil])
        try db.query("INSERT INTO provider_hold_events (provider_id, on_hold, reason) VALUES ($1, $2, $3)",
                     [provider, onHold ? "true" : "false", reason])
        try log(onHold ? "hold" : "release", provider: provider, reason ?? "no reason given")
        return .changed
    }

    /// Every provider, ordered by id.
    public func providers() throws -> [ProviderRecord] {
        try db.query("""
            SELECT p.provider_id, p.name, p.on_hold, p.hold_reason,
                   to_char(p.hold_changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                   (SELECT l.db_role || ' (' || l.os_user || ')' FROM audit_log l
                    WHERE l.provider_id = p.provider_id AND l.action IN ('hold', 'release') ORDER BY l.entry_id DESC LIMIT 1)
            FROM providers p ORDER BY p.provider_id
            """).rows.map {
            ProviderRecord(id: try $0.text(0), name: try $0.text(1), onHold: try $0.bool(2), holdReason: $0[3], holdChanged: $0[4],
                           holdChangedBy: $0[5])
        }
    }
}
