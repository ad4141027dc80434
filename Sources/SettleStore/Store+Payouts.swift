public import SettleCore

/// A payout file as recorded.
public struct PayoutFileRecord: Sendable, Hashable {
    public let issue: Int
    public let messageID: String
    public let path: String
    public let sha256: String
    public let transactions: Int
    public let controlSum: String
    public let reissue: Bool
    public let writtenAt: String
}

extension Store {
    /// The payout files written for `period`, first issue first.
    public func payoutFiles(of period: Period) throws -> [PayoutFileRecord] {
        try db.query("""
            SELECT issue, message_id, file_path, file_sha256, transactions, control_sum, reissue,
                   to_char(written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
            FROM payout_files WHERE period = $1 ORDER BY issue
            """, [period.firstDay.description]).rows.map {
            PayoutFileRecord(issue: Int($0[0]!)!, messageID: $0[1]!, path: $0[2]!, sha256: $0[3]!,
                             transactions: Int($0[4]!)!, controlSum: $0[5]!, reissue: $0[6] == "t", writtenAt: $0[7]!)
        }
    }

    /// Records a payout file and calls `write` inside the same transaction: the record exists only
    /// if the file was written, and a second writer for the period waits for the first.
    ///
    /// - Parameter make: builds the file for the next issue number; `nil` when no payout is due.
    public func recordPayoutFile(period: Period, reissue: Bool,
                                 make: (_ issue: Int, _ earlier: [PayoutFileRecord]) throws -> (messageID: String, path: String, text: String, transactions: Int, controlSum: String)?,
                                 write: (_ path: String, _ text: String) throws -> Void) throws -> PayoutFileRecord? {
        try requireCurrentSchema()
        return try db.transaction {
            try lockMonthEnd()
            let earlier = try payoutFiles(of: period)
            guard let file = try make(earlier.count + 1, earlier) else { return nil }
            let sha = try sha256(file.text)
            try db.query("""
                INSERT INTO payout_files (period, issue, message_id, file_path, file_sha256, transactions, control_sum, reissue)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, [period.firstDay.description, String(earlier.count + 1), file.messageID, file.path, sha,
                      String(file.transactions), file.controlSum, reissue ? "true" : "false"])
            try write(file.path, file.text)
            return try payoutFiles(of: period).last
        }
    }
}
