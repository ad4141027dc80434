public import SettleCore

extension Store {
    /// Where a period's rollups (up to import `maxImportID`) are not the sums of the raw rows they
    /// stand for: the rows are summed again and compared key by key (at most 20 differences
    /// each for revenue and hours). Empty when every rollup is right. For `verify`: it reads
    /// every raw row of the period once. Within a transaction; with shards each shard sums its own
    /// rows (the raw rows are grouped by their plain columns, which postgres_fdw can send).
    public func rollupDifferences(_ period: Period, maxImportID: Int64) throws -> [String] {
        let bounds = [period.firstDay.description, period.next.firstDay.description, String(maxImportID)]
        if try !shards().isEmpty { try db.query("SET LOCAL enable_partitionwise_aggregate = on") }
        let revenue = try db.query("""
            WITH rows AS (
                SELECT provider_id, date, stream, currency, role, import_id,
                       sum(quantity) AS quantity, sum(amount) AS amount, count(*) AS n
                FROM revenue WHERE date >= $1 AND date < $2 AND import_id <= $3
                GROUP BY provider_id, date, stream, currency, role, import_id),
            sums AS (
                SELECT provider_id, date, stream, currency, role, import_id, quantity, amount, rows AS n
                FROM (\(RollupSQL.revenue.days(where: "r.date >= $1 AND r.date < $2 AND r.import_id <= $3"))) d)
            SELECT coalesce(r.provider_id, s.provider_id), coalesce(r.date, s.date)::text, coalesce(r.stream, s.stream),
                   coalesce(r.currency, s.currency), coalesce(r.import_id, s.import_id)::text,
                   coalesce(r.amount, 0)::text, coalesce(r.n, 0)::text, coalesce(s.amount, 0)::text, coalesce(s.n, 0)::text
            FROM rows r FULL JOIN sums s
              ON (r.provider_id, r.date, r.stream, r.currency, coalesce(r.role, ''), r.import_id)
               = (s.provider_id, s.date, s.stream, s.currency, s.role, s.import_id)
            WHERE r.amount IS DISTINCT FROM s.amount OR r.quantity IS DISTINCT FROM s.quantity OR r.n IS DISTINCT FROM s.n
            ORDER BY 1, 2, 3, 4, 5 LIMIT 20
            """, bounds).rows.map { row in
            let value = { (index: Int) in row[index] ?? "nothing" }
            return "the revenue rollup of \(value(0)) on \(value(1)) (\(value(2)), \(value(3)), import \(value(4))) says \(value(7)) "
                + "from \(value(8)) rows, but the rows say \(value(5)) from \(value(6))"
        }
        let hours = try db.query("""
            WITH rows AS (
                SELECT provider_id, date, gpu_type, import_id, sum(hours) AS hours, count(*) AS n
                FROM compute_hours WHERE date >= $1 AND date < $2 AND import_id <= $3
                GROUP BY provider_id, date, gpu_type, import_id),
            sums AS (
                SELECT provider_id, date, gpu_type, import_id, hours, rows AS n
                FROM (\(RollupSQL.hours.days(where: "r.date >= $1 AND r.date < $2 AND r.import_id <= $3"))) d)
            SELECT coalesce(r.provider_id, s.provider_id), coalesce(r.date, s.date)::text, coalesce(r.import_id, s.import_id)::text,
                   coalesce(r.hours, 0)::text, coalesce(r.n, 0)::text, coalesce(s.hours, 0)::text, coalesce(s.n, 0)::text
            FROM rows r FULL JOIN sums s
              ON (r.provider_id, r.date, coalesce(r.gpu_type, ''), r.import_id) = (s.provider_id, s.date, s.gpu_type, s.import_id)
            WHERE r.hours IS DISTINCT FROM s.hours OR r.n IS DISTINCT FROM s.n
            ORDER BY 1, 2, 3 LIMIT 20
            """, bounds).rows.map { row in
            let value = { (index: Int) in row[index] ?? "nothing" }
            return "the compute-hours rollup of \(value(0)) on \(value(1)) (import \(value(2))) says \(value(5)) hours from \(value(6)) rows, "
                + "but the rows say \(value(3)) from \(value(4))"
        }
        return revenue + hours + (try monthTotalDifferences(bounds))
    }

    /// Monthly rollups (migration 25) whose totals are not the sums of their own days.
    private func monthTotalDifferences(_ bounds: [String]) throws -> [String] {
        try db.query("""
            SELECT 'revenue', r.provider_id, to_char(r.date, 'YYYY-MM'), r.stream || ', ' || r.currency, r.import_id::text,
                   r.amount::text, r.rows::text, d.amount::text, d.rows::text
            FROM revenue_rollup r,
                 LATERAL (SELECT sum(amount) AS amount, sum(quantity) AS quantity, sum(rows) AS rows
                          FROM unnest(r.day_amount, r.day_quantity, r.day_rows) AS u(amount, quantity, rows)) d
            WHERE r.days IS NOT NULL AND r.date >= $1 AND r.date < $2 AND r.import_id <= $3
              AND (r.amount IS DISTINCT FROM d.amount OR r.quantity IS DISTINCT FROM d.quantity OR r.rows IS DISTINCT FROM d.rows)
            UNION ALL
            SELECT 'compute-hours', r.provider_id, to_char(r.date, 'YYYY-MM'), r.gpu_type, r.import_id::text,
                   r.hours::text, r.rows::text, d.hours::text, d.rows::text
            FROM hours_rollup r,
                 LATERAL (SELECT sum(hours) AS hours, sum(rows) AS rows FROM unnest(r.day_hours, r.day_rows) AS u(hours, rows)) d
            WHERE r.days IS NOT NULL AND r.date >= $1 AND r.date < $2 AND r.import_id <= $3
              AND (r.hours IS DISTINCT FROM d.hours OR r.rows IS DISTINCT FROM d.rows)
            ORDER BY 1, 2, 3, 4, 5 LIMIT 20
            """, bounds).rows.map { row in
            let value = { (index: Int) in row[index] ?? "nothing" }
            return "the \(value(0)) rollup of \(value(1)) for \(value(2)) (\(value(3)), import \(value(4))) totals \(value(5)) "
                + "from \(value(6)) rows, but its days add up to \(value(7)) from \(value(8))"
        }
    }
}
