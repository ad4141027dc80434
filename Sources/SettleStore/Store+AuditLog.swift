public import SettleCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One entry of the audit log (docs/REFERENCE.md §11).
public struct AuditEntry: Sendable, Hashable {
    /// `YYYY-MM-DD HH:MM:SS UTC`.
    public let at: String
    /// The database role (`session_user`) and the operating-system user.
    public let dbRole: String
    public let osUser: String
    /// What happened: `contracts loaded`, `import`, `hold`, `release`, `run`, `close`, `payout file`, ...
    public let action: String
    public let period: Period?
    public let provider: String?
    /// One sentence.
    public let details: String
}

extension Store {
    /// The operating-system user running this process (the log's "by whom", beside the database role).
    static let osUser: String = {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())"
    }()

    /// Appends to the audit log. Call inside the transaction of the change it records, so that
    /// the entry exists exactly when the change does.
    func log(_ action: String, period: Period? = nil, provider: String? = nil, _ details: String) throws {
        try db.query("""
            INSERT INTO audit_log (os_user, action, period, provider_id, details) VALUES ($1, $2, $3, $4, $5)
            """, [Self.osUser, action, period?.firstDay.description, provider, details])
    }

    /// The log, oldest first, for one period and/or one provider when given.
    public func auditLog(period: Period? = nil, provider: String? = nil) throws -> [AuditEntry] {
        try requireCurrentSchema()
        return try db.query("""
            SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'), db_role, os_user, action,
                   to_char(period, 'YYYY-MM'), provider_id, details
            FROM audit_log WHERE ($1::date IS NULL OR period = $1) AND ($2::text IS NULL OR provider_id = $2)
            ORDER BY entry_id
            """, [period?.firstDay.description, provider]).rows.map { row in
            AuditEntry(at: try row.text(0), dbRole: try row.text(1), osUser: try row.text(2), action: try row.text(3),
                       period: row[4] == nil ? nil : try row.period(4), provider: row[5], details: try row.text(6))
        }
    }
}
