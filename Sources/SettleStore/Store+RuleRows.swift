public import SettleCore

/// The rows behind a statement line (docs/REFERENCE.md §7, `settle explain --rows`): what one window's
/// rule read, as the run read it.
public struct RuleRowSelection: Sendable {
    /// `2` or `2/executed`: the version, and the role of a `rate_by_role` line.
    public let line: String
    public let first: Day
    public let last: Day
    public let kind: Kind

    public enum Kind: Sendable {
        /// Revenue of these streams (of one role when `role` is set), converted to `currency`
        /// unless `quantities` (per_unit rules sum quantities, never converted).
        case revenue(streams: [String], role: String?, currency: Currency, quantities: Bool)
        /// Compute hours of these GPU types (`nil`: every row).
        case hours(gpuTypes: [String]?)
    }

    public init(line: String, first: Day, last: Day, kind: Kind) {
        self.line = line
        self.first = first
        self.last = last
        self.kind = kind
    }
}

extension Store {
    public static let revenueRowColumns = ["line", "ref", "date", "stream", "role", "currency", "quantity", "amount",
                                           "fx_rate", "converted", "import"]
    public static let hoursRowColumns = ["line", "ref", "date", "gpu_type", "hours", "import"]

    /// Streams the rows behind `selections` as CSV (no header), line after line, each in date and
    /// ref order, to `write` as PostgreSQL sends them: constant memory for any number of rows. Only
    /// rows of imports up to `maxImportID` (what the run read) count.
    ///
    /// - Returns: the number of rows written.
    @discardableResult
    public func copyRuleRows(provider: String, period: Period, maxImportID: Int64, _ selections: [RuleRowSelection],
                             to write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        // COPY takes no bind parameters: the selections travel in a temporary table.
        let table = Identifier("explain_lines")
        try db.query("""
            CREATE TEMP TABLE IF NOT EXISTS \(table) (provider text, period date, max_import bigint, line text,
                first date, last date, is_revenue boolean, streams text[], role text, currency text, quantities boolean,
                gpu_types text[]) ON COMMIT DROP
            """)
        var copied = 0
        for selection in selections {
            try db.query("TRUNCATE \(table)")
            try db.copy("COPY \(table) FROM STDIN") { writer in
                var row: [String?] = [provider, period.firstDay.description, String(maxImportID), selection.line,
                                      selection.first.description, selection.last.description]
                switch selection.kind {
                case let .revenue(streams, role, currency, quantities):
                    row += ["t", textArray(streams), role, currency.code, quantities ? "t" : "f", nil]
                case let .hours(gpuTypes):
                    row += ["f", nil, nil, nil, nil, gpuTypes.map(textArray)]
                }
                try writer.write(CopyText.row(row))
            }
            if case .revenue = selection.kind {
                copied += try db.copyOut(Self.revenueRowsCopy, write)
            } else {
                copied += try db.copyOut(Self.hoursRowsCopy, write)
            }
        }
        return copied
    }

    // Each line's rows come from a scan of its window's month partitions, sorted by date and ref
    // (the fact tables' one key is on ref, for imports: docs/DECISIONS.md, Data).
    private static let revenueRowsCopy: SQL = """
        COPY (
            -- The period's few rates, hashed once (not looked up a million times).
            WITH rates AS MATERIALIZED (
                SELECT x.from_currency, x.rate FROM fx_rates x
                JOIN explain_lines l ON x.period = l.period AND x.to_currency = l.currency AND x.import_id <= l.max_import)
            SELECT l.line, r.ref, r.date, r.stream, r.role, r.currency, r.quantity, r.amount,
                   CASE WHEN l.quantities OR r.currency = l.currency THEN 1 ELSE x.rate END,
                   CASE WHEN l.quantities THEN r.quantity WHEN r.currency = l.currency THEN r.amount ELSE r.amount * x.rate END,
                   r.import_id
            FROM explain_lines l
            CROSS JOIN LATERAL (
                SELECT * FROM revenue r
                WHERE r.provider_id = l.provider AND r.date BETWEEN l.first AND l.last AND r.stream = ANY (l.streams)
                    AND (l.role IS NULL OR r.role = l.role) AND r.import_id <= l.max_import
                ORDER BY r.date, r.ref) r
            LEFT JOIN rates x ON x.from_currency = r.currency
        ) TO STDOUT (FORMAT csv)
        """

    private static let hoursRowsCopy: SQL = """
        COPY (
            SELECT l.line, h.ref, h.date, h.gpu_type, h.hours, h.import_id
            FROM explain_lines l
            CROSS JOIN LATERAL (
                SELECT * FROM compute_hours h
                WHERE h.provider_id = l.provider AND h.date BETWEEN l.first AND l.last
                    AND (l.gpu_types IS NULL OR h.gpu_type = ANY (l.gpu_types)) AND h.import_id <= l.max_import
                ORDER BY h.date, h.ref) h
        ) TO STDOUT (FORMAT csv)
        """
}
