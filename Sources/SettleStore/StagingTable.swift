/// The temporary table a file is copied into before it is checked and merged, and the SQL that
/// checks and merges it. Every identifier comes from the dataset's fixed column list (`Identifier`).
struct StagingTable {
    let dataset: Dataset

    var name: Identifier {
        switch dataset {
        case .revenue: Identifier("staging_revenue")
        case .computeHours: Identifier("staging_compute_hours")
        case .fxRates: Identifier("staging_fx_rates")
        }
    }
    private var columns: [Identifier] { dataset.columns.map(\.sqlName) }

    var createSQL: SQL {
        let definitions = dataset.columns.map { "\($0.sqlName) \($0.sqlType)" as SQL }.joined(separator: ", ")
        return "CREATE TEMP TABLE \(name) (line bigint NOT NULL, \(definitions)) ON COMMIT DROP"
    }

    var copySQL: SQL { "COPY \(name) (line, \(columns)) FROM STDIN" }

    /// One row in COPY's text format, its line number first.
    static func copyLine(line: Int, values: [String?]) -> [UInt8] {
        CopyText.row([String(line)] + values)
    }

    private var keyMatch: SQL { dataset.keyColumns.map { "t.\($0) = s.\($0)" as SQL }.joined(separator: " AND ") }

    /// The columns qualified with a table alias: `s.ref, s.date, ...`.
    private func columns(of alias: SQL) -> SQL { columns.map { "\(alias).\($0)" as SQL }.joined(separator: ", ") }

    /// How a row's key reads in a message.
    private var keyText: SQL {
        switch dataset {
        case .revenue, .computeHours: "format('ref %L', s.ref)"
        case .fxRates: "format('the rate %s->%s for %s', s.from_currency, s.to_currency, to_char(s.period, 'YYYY-MM'))"
        }
    }

    /// Checks across rows and against stored data. Each query returns (line, message, count of all
    /// its findings), at most 50 rows.
    var setChecks: [SQL] {
        var checks: [SQL] = [
            """
            SELECT s.line, \(keyText) || ' already appears on line ' || s.first_line || ' of this file', count(*) OVER ()
            FROM (SELECT *, min(line) OVER (PARTITION BY \(dataset.keyColumns)) AS first_line
                  FROM \(name)) s
            WHERE s.line > s.first_line ORDER BY s.line LIMIT 50
            """,
            """
            SELECT s.line, \(keyText) || ' is already stored with other content; corrections must arrive as new rows', count(*) OVER ()
            FROM \(name) s JOIN \(dataset.table) t ON \(keyMatch)
            WHERE (\(columns(of: "t"))) IS DISTINCT FROM (\(columns(of: "s")))
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
    var mergeSQL: SQL {
        """
        INSERT INTO \(dataset.table) (\(columns), import_id)
        SELECT \(columns(of: "s")), $1::bigint FROM \(name) s
        WHERE NOT EXISTS (SELECT 1 FROM \(dataset.table) t WHERE \(keyMatch))
        """
    }
}
