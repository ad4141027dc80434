/// How queries read the rollups, which hold rows of two kinds (migration 25): one per month, whose
/// `date` is the month's first day and whose arrays hold the same sums per day (`days` not NULL),
/// written by imports on one server; and one per day (`days` NULL), written before that version and
/// on shards.
///
/// `condition` is a condition on the rollup row `r` (its month's bounds, its imports); `$1` and `$2`
/// are the period's first day and the next month's.
struct RollupSQL {
    let table: SQL
    /// The key after the provider and the date, as columns of `r`.
    let key: SQL
    /// The sums and the row count of a rollup row `r`, those of rows `r` added up, and those of
    /// one of its days `d`.
    let totals: SQL
    let summedTotals: SQL
    let daySums: SQL
    /// A monthly row's days as `u` (day of the month, the sums, rows).
    let unnest: SQL
    /// The sums and the row count of the days `u`, added up.
    let addedUp: SQL
    /// A monthly row's arrays: its days, the sums per day, the rows per day (`MonthDays`).
    let dayArrays: SQL

    /// A monthly row's days as `d` (date, the sums, rows).
    var unnestDays: SQL { "LATERAL (SELECT r.date + u.day - 1 AS date, u.* FROM \(unnest)) d" }

    static let revenue = RollupSQL(
        table: "revenue_rollup", key: "r.stream, r.currency, r.role", totals: "r.quantity, r.amount, r.rows",
        summedTotals: "sum(r.quantity), sum(r.amount), sum(r.rows)", daySums: "d.quantity, d.amount, d.rows",
        unnest: "unnest(r.days, r.day_quantity, r.day_amount, r.day_rows) AS u(day, quantity, amount, rows)",
        addedUp: "sum(u.quantity) AS quantity, sum(u.amount) AS amount, sum(u.rows) AS rows",
        dayArrays: "r.days, r.day_quantity, r.day_amount, r.day_rows")

    static let hours = RollupSQL(
        table: "hours_rollup", key: "r.gpu_type", totals: "r.hours, r.rows", summedTotals: "sum(r.hours), sum(r.rows)",
        daySums: "d.hours, d.rows",
        unnest: "unnest(r.days, r.day_hours, r.day_rows) AS u(day, hours, rows)",
        addedUp: "sum(u.hours) AS hours, sum(u.rows) AS rows", dayArrays: "r.days, r.day_hours, r.day_rows")

    /// Whether window `w` covers the whole month of the period.
    static let wholeMonth: SQL = "(w.first <= $1::date AND w.last >= $2::date - 1)"

    /// The rollups in a contract window of `windows` (provider_id, first, last): provider, window
    /// first day, the key, the sums, rows; one row per monthly rollup row and window it has days
    /// in, and one per window and key of daily rows, so that a key comes once per import that
    /// touched it. A monthly row counts whole for a window over its whole month; for any other
    /// window its days in the window are added up where they are unnested, one aggregate per row
    /// and window, not one hash of all of them (at 20,000 providers that hash was a third of a
    /// batch's 0.28 s, psql \timing). Daily rows (before schema 25) are grouped by the server: a
    /// month of them would be 31 rows a key.
    ///
    /// With `splitMonths` false the monthly rows of windows that split their month are left out:
    /// the client reads them with `monthlyRowsSplit` and adds up their days itself.
    func inWindows(_ windows: SQL, where condition: SQL, splitMonths: Bool = true) -> SQL {
        let wholeAndDaily: SQL = """
            SELECT r.provider_id, w.first, \(key), \(totals)
            FROM \(table) r JOIN \(windows) w ON w.provider_id = r.provider_id AND \(Self.wholeMonth)
            WHERE \(condition) AND r.days IS NOT NULL
            UNION ALL
            SELECT r.provider_id, w.first, \(key), \(summedTotals)
            FROM \(table) r JOIN \(windows) w ON w.provider_id = r.provider_id
            WHERE \(condition) AND r.days IS NULL AND r.date BETWEEN w.first AND w.last
            GROUP BY r.provider_id, w.first, \(key)
            """
        guard splitMonths else { return wholeAndDaily }
        return """
            \(wholeAndDaily)
            UNION ALL
            SELECT r.provider_id, w.first, \(key), \(daySums)
            FROM \(table) r JOIN \(windows) w ON w.provider_id = r.provider_id AND NOT \(Self.wholeMonth),
                 LATERAL (SELECT \(addedUp) FROM \(unnest)
                          WHERE u.day BETWEEN w.first - r.date + 1 AND w.last - r.date + 1 HAVING count(*) > 0) d
            WHERE \(condition) AND r.days IS NOT NULL
            """
    }

    /// The monthly rollup rows of the providers with a window in `windows` that splits the month,
    /// each once: provider, the key, the day arrays (`dayArrays`).
    func monthlyRowsSplit(by windows: SQL, where condition: SQL) -> SQL {
        """
        SELECT r.provider_id, \(key), \(dayArrays)
        FROM \(table) r
        WHERE r.provider_id IN (SELECT w.provider_id FROM \(windows) w WHERE NOT \(Self.wholeMonth))
          AND \(condition) AND r.days IS NOT NULL
        """
    }

    /// The rollups as one row per day: provider_id, date, the key, import_id, the sums, rows.
    func days(where condition: SQL) -> SQL {
        """
        SELECT r.provider_id, r.date, \(key), r.import_id, \(totals)
        FROM \(table) r WHERE r.days IS NULL AND \(condition)
        UNION ALL
        SELECT r.provider_id, d.date, \(key), r.import_id, \(daySums)
        FROM \(table) r, \(unnestDays)
        WHERE r.days IS NOT NULL AND \(condition)
        """
    }
}
