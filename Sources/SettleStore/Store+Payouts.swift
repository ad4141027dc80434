public import SettleCore
import Foundation

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
    /// The file was moved into place and that was recorded; `false` while a write is unfinished.
    public let confirmed: Bool
}

/// What `recordPayoutFile` did.
public enum PayoutFileOutcome: Sendable {
    /// A new file was made, written and confirmed.
    case written(PayoutFileRecord)
    /// An earlier write whose confirmation never arrived was completed with its recorded bytes.
    case completed(PayoutFileRecord)

    public var record: PayoutFileRecord {
        switch self {
        case .written(let record), .completed(let record): record
        }
    }
}

extension Store {
    /// The payout files written for `period`, first issue first.
    public func payoutFiles(of period: Period) throws -> [PayoutFileRecord] {
        try db.query("""
            SELECT f.issue, f.message_id, f.file_path, f.file_sha256, f.transactions, f.control_sum, f.reissue,
                   to_char(f.written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), w.issue IS NOT NULL
            FROM payout_files f LEFT JOIN payout_file_writes w USING (period, issue)
            WHERE f.period = $1 ORDER BY f.issue
            """, [period.firstDay.description]).rows.map {
            PayoutFileRecord(issue: try $0.int(0), messageID: try $0.text(1), path: try $0.text(2), sha256: try $0.text(3),
                             transactions: try $0.int(4), controlSum: try $0.text(5), reissue: try $0.bool(6),
                             writtenAt: try $0.text(7), confirmed: $0[8] == "t")
        }
    }

    /// Writes a payout file in three steps, so that the file and its record never disagree in a
    /// way that lets a second file reach the bank: (1) the file is made and recorded with its exact
    /// text, and committed; (2) `write` moves it into place; (3) the write is confirmed. When the
    /// period's last file was recorded but never confirmed (the process died, or the connection
    /// was lost, after step 1), any later call completes that file with the recorded bytes (the
    /// same message id) instead of making another.
    ///
    /// - Parameters:
    ///   - path: where to write the file.
    ///   - make: builds the file for the next issue number; `nil` when no payout is due.
    public func recordPayoutFile(period: Period, reissue: Bool, reason: String? = nil, path: String,
                                 make: (_ issue: Int, _ earlier: [PayoutFileRecord]) throws -> (messageID: String, text: String, transactions: Int, controlSum: String, sums: String, transfers: [PayoutTransfer])?,
                                 write: (_ path: String, _ text: String) throws -> Void) throws -> PayoutFileOutcome? {
        try requireCurrentSchema()
        let month = period.firstDay.description
        // Recorded as an absolute path: a completion must write where the file was meant to go.
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        // Held by the writer from the record to the confirmation (a session lock: released when the
        // process dies), so that a completion never races a writer that is still alive.
        let writing = String(LockKey.payoutWrite(period))
        defer { _ = try? db.query("SELECT pg_advisory_unlock($1)", [writing]) }
        let recorded: (issue: Int, text: String, completing: Bool)? = try db.transaction {
            try lockMonthEnd()
            guard try db.query("SELECT pg_try_advisory_lock($1)", [writing]).scalar == "t" else {
                throw StoreError("Another settle payouts is writing the payout file of \(period) right now; wait for it to finish.")
            }
            let earlier = try payoutFiles(of: period)
            if let unfinished = earlier.last, !unfinished.confirmed,
               let text = try db.query("SELECT document FROM payout_files WHERE period = $1 AND issue = $2",
                                       [month, String(unfinished.issue)]).scalar {
                try Self.requireSameRequest(unfinished, period: period, reissue: reissue, path: path)
                return (unfinished.issue, text, true)
            }
            guard let file = try make(earlier.count + 1, earlier) else { return nil }
            Failpoint.reached("payouts.made")
            try db.query("""
                INSERT INTO payout_files (period, issue, message_id, file_path, file_sha256, transactions, control_sum,
                                          reissue, document)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, [month, String(earlier.count + 1), file.messageID, path, try sha256(file.text),
                      String(file.transactions), file.controlSum, reissue ? "true" : "false", file.text])
            try recordTransfers(file.transfers, of: file.messageID, period: period, issue: earlier.count + 1)
            guard file.transfers.count == file.transactions else {
                throw StoreError("The payout file \(file.messageID) has \(file.transactions) transactions but \(file.transfers.count) transfers were given; nothing was recorded.")
            }
            try log(reissue ? "payout file reissued" : "payout file", period: period,
                    "\(file.messageID) to \(path): \(file.transactions) transfers, \(file.sums)"
                        + (reason.map { "; reason: \($0)" } ?? ""))
            return (earlier.count + 1, file.text, false)
        }
        guard let recorded else { return nil }
        Failpoint.reached("payouts.recorded")
        try write(path, recorded.text)
        Failpoint.reached("payouts.written")
        try db.transaction {
            let confirmed = try db.query("""
                INSERT INTO payout_file_writes (period, issue) VALUES ($1, $2) ON CONFLICT DO NOTHING
                """, [month, String(recorded.issue)]).affectedRows
            if recorded.completing && confirmed > 0 {
                try log("payout file completed", period: period, "issue \(recorded.issue) written to \(path) with its recorded bytes")
            }
        }
        guard let record = try payoutFiles(of: period).first(where: { $0.issue == recorded.issue }) else {
            throw StoreError("The payout file of \(period), issue \(recorded.issue), is no longer recorded.")
        }
        return recorded.completing ? .completed(record) : .written(record)
    }

    /// The transactions of a payout file, recorded with it: each is `sent` from here on
    /// (docs/REFERENCE.md §9).
    /// One COPY, not an INSERT per transfer: 10,537 round trips at 20,000 providers (issue 19).
    private func recordTransfers(_ transfers: [PayoutTransfer], of messageID: String, period: Period, issue: Int) throws {
        try db.copy("""
            COPY payout_transfers (message_id, end_to_end_id, period, issue, payment_block, instruction_id, provider_id,
                                   amount, currency) FROM STDIN
            """) { writer in
            for transfer in transfers {
                try writer.write(CopyText.row([messageID, transfer.endToEndID, period.firstDay.description, String(issue),
                                               transfer.paymentBlock, transfer.instructionID, transfer.provider,
                                               transfer.amount.description, transfer.amount.currency.code]))
            }
        }
    }

    /// The exact text of a recorded payout file (`nil` for files recorded before migration 9).
    public func payoutFileDocument(period: Period, issue: Int) throws -> String? {
        try db.query("SELECT document FROM payout_files WHERE period = $1 AND issue = $2",
                     [period.firstDay.description, String(issue)]).scalar
    }

    /// A payout file recorded but never confirmed written is completed only by the same request:
    /// to the same path, as a reissue only when it was one.
    private static func requireSameRequest(_ unfinished: PayoutFileRecord, period: Period, reissue: Bool, path: String) throws {
        let command = "settle payouts \(period) --out \(unfinished.path)" + (unfinished.reissue ? " --reissue" : "")
        guard unfinished.path == path, unfinished.reissue == reissue else {
            let what = unfinished.reissue ? "The reissue \(unfinished.messageID)" : "The payout file \(unfinished.messageID)"
            throw StoreError("\(what) of \(period) was recorded for \(unfinished.path) but never confirmed written; "
                             + "complete it first with `\(command)`.")
        }
    }
}
