/// The temporary table a file is copied into before it is checked and merged, and the SQL that
/// checks and merges it. Every identifier comes from the dataset's fixed column list.
struct StagingTable {
    let dataset: Dataset

    var name: String { "staging_" + dataset.table }
    private var columns: [String] { dataset.columns.map(\.sqlName) }
    private var columnList: String { columns.joined(separator: ", ") }

    var createSQL: String {
        let definitions = dataset.columns.map { "\($0.sqlName) \($0.sqlType)" }.joined(separator: ", ")
        return "CREATE TEMP TABLE \(name) (line bigint NOT NULL, \(definitions)) ON COMMIT DROP"
    }

    var copySQL: String { "COPY \(name) (line, \(columnList)) FROM STDIN" }

    /// One row in COPY's text format: tab-separated, `\N` for NULL, `\`, tab and line ends escaped.
    static func copyLine(line: Int, values: [String?]) -> [UInt8] {
        copyRow([String(line)] + values)
    }

    static func copyRow(_ values: [String?]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(9) }
            guard let value else { bytes += [92, 78]; continue }
            for byte in value.utf8 {
                switch byte {
                case 92: bytes += [92, 92]
                case 9: bytes += [92, 116]
                case 10: bytes += [92, 110]
                case 13: bytes += [92, 114]
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(10)
        return bytes
    }

    private var keyMatch: String { dataset.keyColumns.map { "t.\($0) = s.\($0)" }.joined(separator: " AND ") }

    /// How a row's key reads in a message.
    private var keyText: String {
        switch dataset {
        case .revenue, .computeHours: "format('ref %L', s.ref)"
        case .fxRates: "format('the rate %s->%s for %s', s.from_currency, s.to_currency, to_char(s.period, 'YYYY-MM'))"
        }
    }

    /// Checks across rows and against stored data. Each query returns (line, message, count of all
    /// its findings), at most 50 rows.
    var setChecks: [String] {
        var checks = [
            """
            SELECT s.line, \(keyText) || ' already appears on line ' || s.first_line || ' of this file', count(*) OVER ()
            FROM (SELECT *, min(line) OVER (PARTITION BY \(dataset.keyColumns.joined(separator: ", "))) AS first_line
                  FROM \(name)) s
            WHERE s.line > s.first_line ORDER BY s.line LIMIT 50
            """,
            """
            SELECT s.line, \(keyText) || ' is already stored with other content; corrections must arrive as new rows', count(*) OVER ()
            FROM \(name) s JOIN \(dataset.table) t ON \(keyMatch)
            WHERE (\(columns.map { "t.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(columns.map { "s.\($0)" }.joined(separator: ", ")))
            ORDER BY s.line LIMIT 50
            """,
        ]
        if dataset.hasProvider {
            checks.append("""
                SELECT s.line, format('provider %L has no contract loaded; load it with `settle contracts load` first', s.provider_id),
                       count(*) OVER ()
                FROM \(name) s WHERE NOT EXISTS (SELECT 1 FROM providers p WHERE p.provider_id = s.provider_id)
                ORDER BY s.line LIMIT 50
                """)
        }
        if dataset == .fxRates {
            checks.append("""
                SELECT s.line, format('from and to are both %s; a rate converts between two currencies', s.from_currency),
                       count(*) OVER ()
                FROM \(name) s WHERE s.from_currency = s.to_currency ORDER BY s.line LIMIT 50
                """)
        }
        return checks
    }

    /// Inserts the rows whose key is not stored yet; `$1` is the import id.
    var mergeSQL: String {
        """
        INSERT INTO \(dataset.table) (\(columnList), import_id)
        SELECT \(columns.map { "s.\($0)" }.joined(separator: ", ")), $1::bigint FROM \(name) s
        WHERE NOT EXISTS (SELECT 1 FROM \(dataset.table) t WHERE \(keyMatch))
        """
    }
}
