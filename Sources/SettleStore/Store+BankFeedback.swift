public import SettleCore
import Foundation

/// What one bank file does to the transfers, decided by `BankImport` (SettleOperations) and
/// stored as one whole by `Store.importBankFile`.
public struct BankFileEffects: Sendable {
    /// A state a bank file gives a transfer.
    public struct Change: Sendable, Hashable {
        public let messageID: String
        public let endToEndID: String
        public let state: TransferState
        /// What the bank said: `ACSC`, `RJCT`, ... or the camt entry (`DBIT`, `CRDT`).
        public let statusCode: String
        public let reasonCode: String?
        /// `false` for a backwards move: recorded, and the state stays.
        public let applied: Bool

        public init(messageID: String, endToEndID: String, state: TransferState, statusCode: String, reasonCode: String?, applied: Bool) {
            (self.messageID, self.endToEndID, self.state, self.statusCode, self.reasonCode, self.applied)
                = (messageID, endToEndID, state, statusCode, reasonCode, applied)
        }
    }

    /// Something the file reported that changes no transfer.
    public struct Unmatched: Sendable, Hashable {
        /// `unknown transfer`, `amount mismatch`, `not booked`, `no return information`, `no transfer reference`.
        public let problem: String
        /// The entry's own reference (camt `NtryRef`), or the payment block (pain.002).
        public let reference: String?
        public let endToEndID: String?
        /// The amount the bank booked (at least the currency's minor-unit digits), and its currency.
        public let amount: String?
        public let currency: String?
        /// One sentence naming the item and its references.
        public let details: String

        public init(problem: String, reference: String?, endToEndID: String?, amount: String?, currency: String?, details: String) {
            (self.problem, self.reference, self.endToEndID, self.amount, self.currency, self.details)
                = (problem, reference, endToEndID, amount, currency, details)
        }
    }

    /// Reports matched to a transfer (each status or entry once per transfer it names).
    public var matched = 0
    public var changes: [Change] = []
    public var unmatched: [Unmatched] = []

    public init() {}
}

/// A bank file as recorded.
public struct BankFileRecord: Sendable, Hashable {
    public let messageType: String
    public let messageID: String
    public let path: String
    public let sha256: String
    /// `YYYY-MM-DD HH:MM UTC`.
    public let importedAt: String
    public let matched: Int
    public let changes: Int
    public let ignored: Int
    public let unmatched: Int
}

/// What `importBankFile` did.
public enum BankFileOutcome: Sendable {
    case imported(BankFileRecord, unmatched: [BankFileEffects.Unmatched])
    /// The same bytes, or the same message id, were imported before: nothing changed.
    case alreadyImported(BankFileRecord, sameBytes: Bool)
}

/// A rejected or returned transfer: its amount is owed to the provider again.
public struct TransferOwedAgain: Sendable, Hashable {
    public let provider: String
    /// The period whose payout it was.
    public let period: Period
    public let messageID: String
    public let endToEndID: String
    public let amount: Money
    public let state: TransferState
    public let reasonCode: String?
    public let reason: String?
}

extension Store {
    /// Imports a bank file whole or not at all (docs/REFERENCE.md §9). In one transaction, under
    /// the bank-import lock and a shared hold on the month-end lock: a file already imported (its
    /// SHA-256, or its message type and id) is recognised and nothing is written, not even the log;
    /// otherwise `decide` reads the transfers (`payoutTransfers`) and says what changes, and the
    /// file, the changes, the unmatched items and the log entry are stored together. A throw from
    /// `decide` leaves nothing behind.
    ///
    /// - Parameters:
    ///   - bytes: the file exactly as read; stored, and hashed for recognising it again.
    ///   - path: recorded as an absolute path.
    public func importBankFile(path: String, bytes: [UInt8], messageType: String, messageID: String, originalMessageID: String?,
                               decide: () throws -> BankFileEffects) throws -> BankFileOutcome {
        try requireCurrentSchema()
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        let hex = Self.hex(bytes)
        return try db.transaction {
            try db.query("SELECT pg_advisory_xact_lock($1)", [String(LockKey.bankImports)])
            try holdOffMonthEnd()
            let sha = try db.query("SELECT encode(sha256(decode($1, 'hex')), 'hex')", [hex]).onlyRow().text(0)
            if let earlier = try bankFiles(where: sha, messageType: messageType, messageID: messageID).first {
                return .alreadyImported(earlier, sameBytes: earlier.sha256 == sha)
            }
            let effects = try decide()
            let ignored = effects.changes.filter { !$0.applied }.count
            let id = try db.query("""
                INSERT INTO bank_files (message_type, message_id, original_message_id, file_path, file_sha256, document,
                                        matched, changes, ignored, unmatched)
                VALUES ($1, $2, $3, $4, $5, decode($6, 'hex'), $7, $8, $9, $10) RETURNING bank_file_id
                """, [messageType, messageID, originalMessageID, path, sha, hex, String(effects.matched),
                      String(effects.changes.count - ignored), String(ignored), String(effects.unmatched.count)]).onlyRow().text(0)
            for change in effects.changes {
                try db.query("""
                    INSERT INTO transfer_state_changes (message_id, end_to_end_id, bank_file_id, state, status_code, reason_code, applied)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [change.messageID, change.endToEndID, id, change.state.rawValue, change.statusCode, change.reasonCode,
                          change.applied ? "true" : "false"])
            }
            for (index, item) in effects.unmatched.enumerated() {
                try db.query("""
                    INSERT INTO bank_unmatched (bank_file_id, item, problem, reference, end_to_end_id, amount, currency, details)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """, [id, String(index + 1), item.problem, item.reference, item.endToEndID, item.amount,
                          item.currency, item.details])
            }
            try holdProvidersPaidBack(effects.changes.filter { $0.applied && ($0.state == .rejected || $0.state == .returned) })
            try log("bank file", "\(messageType) \(messageID) from \(path): \(effects.matched) matched, "
                    + "\(effects.changes.count - ignored) state changes, \(ignored) ignored, \(effects.unmatched.count) unmatched")
            guard let record = try bankFiles(where: sha, messageType: messageType, messageID: messageID).first else {
                throw StoreError("The bank file \(messageID) was not recorded.")
            }
            return .imported(record, unmatched: effects.unmatched)
        }
    }

    /// A rejected or returned payout is owed again, and paid again only after someone releases the
    /// hold this puts on its provider, in the bank import's transaction (docs/REFERENCE.md §9):
    /// `payout of 2026-09 rejected: AC04 closed account`.
    private func holdProvidersPaidBack(_ changes: [BankFileEffects.Change]) throws {
        for change in changes {
            let transfer = try db.query("""
                SELECT provider_id, to_char(period, 'YYYY-MM') FROM payout_transfers WHERE message_id = $1 AND end_to_end_id = $2
                """, [change.messageID, change.endToEndID]).onlyRow()
            let reason = change.reasonCode.map { "\($0) \(StatusReason.text(of: $0))" } ?? "no reason code given"
            try applyHold(provider: try transfer.text(0),
                          onHold: true, reason: "payout of \(try transfer.text(1)) \(change.state.rawValue): \(reason)")
        }
    }

    /// The transfers owed again that no closed statement of another period has brought back, for
    /// a run of `period` (docs/REFERENCE.md §9): payouts of earlier periods, each brought back
    /// once, by the statement that lists it in `returned`, once that statement is closed.
    public func returnedPayouts(before period: Period) throws -> [String: [ReturnedPayout]] {
        // Which were brought back is asked only when any came back: the question reads every
        // statement (31 MB of them at 20,000 providers, a third of a re-run's queries; issue 19).
        let transfers = try transfersOwedAgain().filter { $0.period < period }
        guard !transfers.isEmpty else { return [:] }
        let broughtBack = Set(try db.query("""
            SELECT DISTINCT e.value->>'endToEndId'
            FROM statements s JOIN periods p USING (period)
            CROSS JOIN LATERAL jsonb_array_elements(s.document::jsonb->'returned') e
            WHERE p.status = 'closed' AND s.period <> $1 AND s.document LIKE '%"returned":[{%'
            """, [period.firstDay.description]).rows.map { try $0.text(0) })
        var owed: [String: [ReturnedPayout]] = [:]
        for transfer in transfers where !broughtBack.contains(transfer.endToEndID) {
            owed[transfer.provider, default: []].append(ReturnedPayout(
                period: transfer.period, endToEndId: transfer.endToEndID, amount: transfer.amount,
                reasonCode: transfer.reasonCode ?? "", reason: transfer.reason ?? "no reason code given"))
        }
        return owed
    }

    /// The bytes as lower-case hex, for `decode($1, 'hex')`: libpq's text parameters carry no NUL.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: bytes.count * 2)
        for (index, byte) in bytes.enumerated() {
            out[2 * index] = digits[Int(byte >> 4)]
            out[2 * index + 1] = digits[Int(byte & 0x0F)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func bankFiles(where sha: String, messageType: String, messageID: String) throws -> [BankFileRecord] {
        try db.query("""
            SELECT message_type, message_id, file_path, file_sha256, to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                   matched, changes, ignored, unmatched
            FROM bank_files WHERE file_sha256 = $1 OR (message_type = $2 AND message_id = $3) ORDER BY file_sha256 = $1 DESC
            """, [sha, messageType, messageID]).rows.map { row in
            BankFileRecord(messageType: try row.text(0), messageID: try row.text(1), path: try row.text(2), sha256: try row.text(3),
                           importedAt: try row.text(4), matched: try row.int(5), changes: try row.int(6), ignored: try row.int(7),
                           unmatched: try row.int(8))
        }
    }

    /// Whether a payout file with this message id was recorded.
    public func payoutFileRecorded(messageID: String) throws -> Bool {
        try db.query("SELECT EXISTS (SELECT FROM payout_files WHERE message_id = $1)", [messageID]).scalar == "t"
    }

    /// The transfers of recorded payout files, each in its current state (the last applied change,
    /// `sent` without one), filtered by the payout file's message id, the `EndToEndId` and/or the
    /// period when given; `changes` left empty (`transferStatuses(of:)` has them).
    public func payoutTransfers(messageID: String? = nil, endToEndID: String? = nil, period: Period? = nil) throws -> [TransferStatus] {
        try db.query("""
            SELECT t.message_id, t.provider_id, t.end_to_end_id, t.payment_block, t.instruction_id, t.amount::text, t.currency,
                   coalesce(c.state, 'sent'), c.reason_code
            FROM payout_transfers t LEFT JOIN LATERAL (
                SELECT state, reason_code FROM transfer_state_changes s
                WHERE s.message_id = t.message_id AND s.end_to_end_id = t.end_to_end_id AND s.applied
                ORDER BY s.change_id DESC LIMIT 1) c ON true
            WHERE ($1::text IS NULL OR t.message_id = $1) AND ($2::text IS NULL OR t.end_to_end_id = $2)
              AND ($3::date IS NULL OR t.period = $3)
            ORDER BY t.period, t.issue, t.provider_id COLLATE "C"
            """, [messageID, endToEndID, period?.firstDay.description]).rows.map { row in
            TransferStatus(messageID: try row.text(0), transfer: try Self.transfer(row, from: 1), state: try row.value(TransferState.self, 7),
                           reasonCode: row[8], changes: [])
        }
    }

    /// `settle payouts status`: every transfer of the period's payout files with its changes,
    /// `sent` first (when its file was recorded), then each state a bank file gave it.
    public func transferStatuses(of period: Period) throws -> [TransferStatus] {
        try requireCurrentSchema()
        let month = period.firstDay.description
        let changes = try db.query("""
            SELECT t.message_id, t.end_to_end_id, 'sent', to_char(f.written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   f.file_path, 0::bigint
            FROM payout_transfers t JOIN payout_files f USING (period, issue) WHERE t.period = $1
            UNION ALL
            SELECT c.message_id, c.end_to_end_id, c.state, to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   b.file_path, c.change_id
            FROM transfer_state_changes c JOIN bank_files b ON b.bank_file_id = c.bank_file_id
            JOIN payout_transfers t ON t.message_id = c.message_id AND t.end_to_end_id = c.end_to_end_id
            WHERE t.period = $1 AND c.applied
            ORDER BY 6
            """, [month]).rows
        var byTransfer: [String: [TransferStatus.Change]] = [:]
        for row in changes {
            byTransfer[try row.text(0) + "\u{1F}" + row.text(1), default: []]
                .append(TransferStatus.Change(state: try row.value(TransferState.self, 2), at: try row.text(3), file: try row.text(4)))
        }
        return try payoutTransfers(period: period).map { status in
            TransferStatus(messageID: status.messageID, transfer: status.transfer, state: status.state, reasonCode: status.reasonCode,
                           changes: byTransfer[status.messageID + "\u{1F}" + status.transfer.endToEndID] ?? [])
        }
    }

    /// How many transfers of each payout file of `period` are in each state: `settle periods`.
    public func transferStateCounts(of period: Period) throws -> [String: [TransferState: Int]] {
        var counts: [String: [TransferState: Int]] = [:]
        for status in try payoutTransfers(period: period) { counts[status.messageID, default: [:]][status.state, default: 0] += 1 }
        return counts
    }

    /// The rejected and returned transfers whose amount is owed to their provider again, oldest
    /// period first: for the run that brings them back into the balance (docs/REFERENCE.md §9).
    ///
    /// Per period and `EndToEndId` only the transfer of the latest payout file that carries it
    /// counts: a reissue replaces the file before it, so a transfer rejected in the first file and
    /// paid by the reissue is owed nothing. Which of them a run still brings back is
    /// `returnedPayouts(before:)`'s business (those no closed statement of another period lists).
    ///
    /// ```swift
    /// try store.transfersOwedAgain()
    /// // [TransferOwedAgain(provider: "prov-b", period: 2026-08, endToEndID: "STL-202608-prov-b",
    /// //                    amount: 100.00 EUR, state: .rejected, reasonCode: "AC04", reason: "closed account")]
    /// ```
    public func transfersOwedAgain() throws -> [TransferOwedAgain] {
        try requireCurrentSchema()
        return try db.query("""
            SELECT DISTINCT ON (t.period, t.end_to_end_id)
                   to_char(t.period, 'YYYY-MM'), t.message_id, t.provider_id, t.end_to_end_id, t.payment_block, t.instruction_id,
                   t.amount::text, t.currency, coalesce(c.state, 'sent'), c.reason_code
            FROM payout_transfers t LEFT JOIN LATERAL (
                SELECT state, reason_code FROM transfer_state_changes s
                WHERE s.message_id = t.message_id AND s.end_to_end_id = t.end_to_end_id AND s.applied
                ORDER BY s.change_id DESC LIMIT 1) c ON true
            ORDER BY t.period, t.end_to_end_id, t.issue DESC
            """).rows.compactMap { row -> TransferOwedAgain? in
            let state = try row.value(TransferState.self, 8)
            guard state.isFinal else { return nil }
            let transfer = try Self.transfer(row, from: 2)
            return TransferOwedAgain(provider: transfer.provider, period: try row.period(0), messageID: try row.text(1),
                                     endToEndID: transfer.endToEndID, amount: transfer.amount, state: state, reasonCode: row[9],
                                     reason: row[9].map(StatusReason.text(of:)))
        }
    }

    /// provider, end_to_end_id, payment_block, instruction_id, amount, currency from column `first` on.
    private static func transfer(_ row: QueryRow, from first: Int) throws -> PayoutTransfer {
        let code = try row.text(first + 5)
        guard let currency = Currency(code: code) else { throw StoreError("A payout transfer is stored in an unknown currency \(code).") }
        return PayoutTransfer(provider: try row.text(first), endToEndID: try row.text(first + 1), paymentBlock: try row.text(first + 2),
                              instructionID: try row.text(first + 3),
                              amount: Money(rounding: try row.rational(first + 4), in: currency, .halfEven))
    }
}
