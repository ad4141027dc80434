public import SettleCore

/// A self-billed invoice as recorded: its number, issue date and exact texts (docs/REFERENCE.md §10).
public struct IssuedInvoice: Sendable, Hashable {
    public let number: String
    public let provider: String
    public let period: Period
    public let issueDate: Day
    /// `Invoice` or `CreditNote`.
    public let documentType: String
    public let xml: String
    public let html: String
}

/// What `issueInvoices` asks of its caller for a provider that has no invoice for the period yet.
public struct InvoiceDraft: Sendable {
    public let documentType: String
    public let xml: String
    public let html: String

    public init(documentType: String, xml: String, html: String) {
        self.documentType = documentType
        self.xml = xml
        self.html = html
    }
}

/// Invoice numbers: `SB-PROVIDER-YYYY-NNNNN`, the provider id as written and the year of the period.
public enum InvoiceNumber {
    /// ```swift
    /// InvoiceNumber.text(provider: "acme-cloud", year: 2026, sequence: 7)   // "SB-acme-cloud-2026-00007"
    /// ```
    public static func text(provider: String, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "SB-\(provider)-\(year)-\(String(repeating: "0", count: max(0, 5 - digits.count)))\(digits)"
    }
}

extension Store {
    /// The invoices recorded for `period`, by provider.
    public func issuedInvoices(of period: Period) throws -> [IssuedInvoice] {
        try db.query("""
            SELECT number, provider_id, issue_date, document_type, document, html
            FROM invoices WHERE period = $1 ORDER BY provider_id
            """, [period.firstDay.description]).rows.map { row in
            guard let day = Day(try row.text(2)) else { throw StoreError("an invoice with a malformed issue date") }
            return IssuedInvoice(number: try row.text(0), provider: try row.text(1), period: period, issueDate: day,
                                 documentType: try row.text(3), xml: try row.text(4), html: try row.text(5))
        }
    }

    /// Gives each provider in `providers` that has no invoice for `period` the next number of its
    /// series (per provider and year of the period), with `today` as its issue date, and records
    /// the invoice `make` builds for it; one that has one keeps it (its number, date and texts).
    ///
    /// All in one transaction under the invoice-number lock: two writers at once take numbers one
    /// after the other, and when `make` throws (an invoice that does not validate) no number is
    /// taken at all, so the series stays gap-free.
    ///
    /// - Returns: the invoices of `providers` for the period, by provider.
    public func issueInvoices(period: Period, today: Day, providers: [String],
                              make: (_ provider: String, _ number: String, _ issueDate: Day) throws -> InvoiceDraft)
    throws -> [IssuedInvoice] {
        try requireCurrentSchema()
        let month = period.firstDay.description
        return try db.transaction {
            try db.query("SELECT pg_advisory_xact_lock($1)", [String(LockKey.invoiceNumbers)])
            let existing = Dictionary(uniqueKeysWithValues: try issuedInvoices(of: period).map { ($0.provider, $0) })
            var issued: [IssuedInvoice] = []
            var added: [String] = []
            for provider in providers.sorted() {
                if let invoice = existing[provider] { issued.append(invoice); continue }
                let sequence = try db.query("""
                    SELECT coalesce(max(sequence), 0) + 1 FROM invoices WHERE provider_id = $1 AND year = $2
                    """, [provider, String(period.year)]).onlyRow().int(0)
                let number = InvoiceNumber.text(provider: provider, year: period.year, sequence: sequence)
                let draft = try make(provider, number, today)
                try db.query("""
                    INSERT INTO invoices (provider_id, year, sequence, number, period, issue_date, document_type,
                                          document, html, document_sha256)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, encode(sha256(convert_to($8, 'UTF8')), 'hex'))
                    """, [provider, String(period.year), String(sequence), number, month, today.description,
                          draft.documentType, draft.xml, draft.html])
                issued.append(IssuedInvoice(number: number, provider: provider, period: period, issueDate: today,
                                            documentType: draft.documentType, xml: draft.xml, html: draft.html))
                added.append(number)
            }
            if !added.isEmpty {
                try log("invoices", period: period, "issued \(added.count) self-billed invoice\(added.count == 1 ? "" : "s"): "
                        + added.joined(separator: ", "))
            }
            return issued
        }
    }
}
