public import SettleCore

/// What `settle periods` shows of one period that was run (docs/REFERENCE.md §4).
public struct PeriodOverview: Sendable, Hashable {
    public let period: Period
    public let status: PeriodStatus
    /// `YYYY-MM-DD HH:MM UTC by role (os user)`.
    public let lastRun: String
    public let closed: String?
    public let closedEarly: Bool
    public let statements: Int
    public let payoutFiles: [PayoutFileRecord]
}

extension Store {
    /// Every period that was run, oldest first, with its last run, its close and its payout files.
    public func periodOverviews() throws -> [PeriodOverview] {
        try requireCurrentSchema()
        let rows = try db.query("""
            SELECT to_char(p.period, 'YYYY-MM'), p.status, to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                   (SELECT ' by ' || l.db_role || ' (' || l.os_user || ')' FROM audit_log l
                    WHERE l.period = p.period AND l.action = 'run' ORDER BY l.entry_id DESC LIMIT 1),
                   to_char(p.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                   (SELECT ' by ' || l.db_role || ' (' || l.os_user || ')' FROM audit_log l
                    WHERE l.period = p.period AND l.action = 'close' ORDER BY l.entry_id DESC LIMIT 1),
                   p.closed_early, (SELECT count(*) FROM statements s WHERE s.period = p.period)
            FROM periods p JOIN runs r USING (run_id) ORDER BY p.period
            """).rows
        return try rows.map { row in
            let period = try row.period(0)
            return PeriodOverview(period: period, status: try row.value(PeriodStatus.self, 1),
                                  lastRun: try row.text(2) + (row[3] ?? ""),
                                  closed: row[4].map { $0 + (row[5] ?? "") }, closedEarly: row[6] == "t",
                                  statements: try row.int(7), payoutFiles: try payoutFiles(of: period))
        }
    }
}
