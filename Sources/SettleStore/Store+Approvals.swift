public import SettleCore

extension Store {
    /// Records a second person's approval of the period's current run (docs/REFERENCE.md §11): by a database
    /// role other than the one that ran it. Logged.
    ///
    /// - Returns: the run approved and who ran it.
    public func approve(_ period: Period) throws -> (runID: Int64, runBy: String) {
        try requireCurrentSchema()
        return try db.transaction {
            try lockMonthEnd()
            guard let row = try db.query("""
                SELECT r.run_id, r.run_by, session_user, p.status FROM periods p JOIN runs r USING (run_id) WHERE p.period = $1
                """, [period.firstDay.description]).rows.first else {
                throw StoreError("\(period) has not been run; there is nothing to approve yet.")
            }
            let (runID, runBy, me) = (try row.int64(0), try row.text(1), try row.text(2))
            guard runBy != me else {
                throw StoreError("\(period) was run by the database role \(runBy); its approval must come from another role, "
                                 + "so that two people see the numbers before they are closed and paid.")
            }
            try db.query("""
                INSERT INTO approvals (run_id, period, os_user) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
                """, [String(runID), period.firstDay.description, Self.osUser])
            try log("approve", period: period, "run \(runID) (run by \(runBy)) approved")
            return (runID, runBy)
        }
    }

    /// Where payer.yaml asks for four eyes, refuses `what` (closing, writing the payout file)
    /// unless the period's current run was approved by a role other than the one that ran it.
    /// Call inside the transaction that does it, under the month-end lock.
    public func requireApproval(_ period: Period, before what: String) throws {
        guard try storedPayer()?.requiresFourEyes == true else { return }
        let row = try db.query("""
            SELECT r.run_by, EXISTS (SELECT 1 FROM approvals a WHERE a.run_id = r.run_id AND a.approved_by <> r.run_by)
            FROM periods p JOIN runs r USING (run_id) WHERE p.period = $1
            """, [period.firstDay.description]).rows.first
        guard let row, row[1] == "t" else {
            let runBy = row?[0].map { " than \($0), who ran it" } ?? ""
            throw StoreError("\(period) needs a second person's approval before \(what) (four eyes, payer.yaml): "
                             + "run `settle approve \(period)` as another database role\(runBy).")
        }
    }
}
