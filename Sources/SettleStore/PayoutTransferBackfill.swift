import SettleCore

/// Migration 15: the transfers of payout files recorded before it, read from each file's recorded
/// text (`payout_files.document`, kept since migration 9) with PostgreSQL's `xpath`. Files
/// recorded before migration 9 have no text: their transfers stay unknown, and a bank file about
/// them is refused like one about a file Settle never wrote (docs/DECISIONS.md, bank feedback).
enum PayoutTransferBackfill {
    static let namespaces = "{{p,urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}}"

    static func fromRecordedDocuments(_ db: PostgresConnection) throws {
        guard try db.query("SELECT count(*) FROM payout_files WHERE document IS NOT NULL").scalar != "0" else { return }
        let rows = try db.query("""
            SELECT to_char(f.period, 'YYYY-MM'), f.issue, f.message_id,
                   (xpath('/p:PmtInf/p:PmtInfId/text()', b, $1::text[]))[1]::text,
                   (xpath('/p:CdtTrfTxInf/p:PmtId/p:InstrId/text()', t, $1::text[]))[1]::text,
                   (xpath('/p:CdtTrfTxInf/p:PmtId/p:EndToEndId/text()', t, $1::text[]))[1]::text,
                   (xpath('/p:CdtTrfTxInf/p:Amt/p:InstdAmt/text()', t, $1::text[]))[1]::text,
                   (xpath('/p:CdtTrfTxInf/p:Amt/p:InstdAmt/@Ccy', t, $1::text[]))[1]::text
            -- Each node xpath returns is a document of its own: the paths below it start at its root.
            FROM payout_files f,
                 unnest(xpath('/p:Document/p:CstmrCdtTrfInitn/p:PmtInf', f.document::xml, $1::text[])) AS b,
                 unnest(xpath('/p:PmtInf/p:CdtTrfTxInf', b, $1::text[])) AS t
            WHERE f.document IS NOT NULL ORDER BY f.period, f.issue
            """, [namespaces]).rows
        var providers: [String: [String: String]] = [:]
        for row in rows {
            let (month, period) = (try row.text(0), try row.period(0))
            if providers[month] == nil {
                let ids = try db.query("SELECT provider_id FROM statements WHERE period = $1", [period.firstDay.description]).rows
                providers[month] = Dictionary(try ids.map { (reference(provider: try $0.text(0), period: period), try $0.text(0)) },
                                              uniquingKeysWith: { first, _ in first })
            }
            let endToEnd = try row.text(5)
            guard let provider = providers[month]?[endToEnd] else {
                throw StoreError("Migration 15 cannot tell whose transfer \(endToEnd) of the payout file \(try row.text(2)) is; no provider of \(month) has that reference.")
            }
            try db.query("""
                INSERT INTO payout_transfers (message_id, end_to_end_id, period, issue, payment_block, instruction_id,
                                              provider_id, amount, currency)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, [try row.text(2), endToEnd, period.firstDay.description, try row.text(1), try row.text(3), try row.text(4),
                      provider, try row.text(6), try row.text(7)])
        }
    }

    /// `PaymentReference.of(provider:period:)` (SettleExport), which the store cannot import: the
    /// same rule, kept here for the migration only; BankFeedbackMigrationTests compares the two.
    static func reference(provider: String, period: Period) -> String {
        let plain = "STL-\(period.compact)-\(provider)"
        guard plain.count > 35 else { return plain }
        let hash = String(stableHash(provider) % 0xFFFF_FFFF, radix: 36)
        return "STL-\(period.compact)-\(provider.prefix(35 - 12 - hash.count))-\(hash)"
    }
}
