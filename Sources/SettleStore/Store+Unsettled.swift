public import SettleCore

extension Store {
    /// The period's rows dated outside every one of `windows`, per provider and currency: rows of
    /// providers with a contract in force on other days, and rows of providers with none in force
    /// in the period. Read from the rollups with one anti-join. Call inside a transaction.
    ///
    /// - Parameters:
    ///   - windows: the contract windows in the period of the providers read.
    ///   - providers: only these providers (a re-run); `nil` for all.
    public func outsideWindowFacts(_ period: Period, maxImportID: Int64, windows: [(provider: String, first: Day, last: Day)],
                                   providers: Set<String>?) throws -> [String: [Unsettled]] {
        // Its own table: recomputing a closed period for adjustments refills `run_windows`.
        try fillWindowTable(Identifier("unsettled_windows"), windows)
        let parameters = [period.firstDay.description, period.next.firstDay.description, String(maxImportID),
                          providers.map(textArray)]
        let (revenue, hours) = try withoutJIT {
            (try db.query("""
                SELECT provider_id, currency, sum(rows), sum(quantity), sum(amount)
                FROM (\(outsideWindows(RollupSQL.revenue, "r.provider_id, r.currency", "r.rows, r.quantity, r.amount",
                                       "d.rows, d.quantity, d.amount"))) s
                GROUP BY provider_id, currency
                """, parameters).rows,
             try db.query("""
                SELECT provider_id, sum(rows), sum(hours)
                FROM (\(outsideWindows(RollupSQL.hours, "r.provider_id", "r.rows, r.hours", "d.rows, d.hours"))) s
                GROUP BY provider_id
                """, parameters).rows)
        }
        var found: [String: [Unsettled]] = [:]
        for row in revenue {
            found[try row.text(0), default: []].append(Unsettled(
                reason: .outsideWindows, subject: "revenue", currency: try row.currency(1), rows: try row.int(2),
                quantity: try row.rational(3), amount: try row.rational(4)))
        }
        for row in hours {
            found[try row.text(0), default: []].append(Unsettled(
                reason: .outsideWindows, subject: "compute hours", rows: try row.int(1), hours: try row.rational(2)))
        }
        return found
    }

    /// Every row of the period of `providers` (over imports up to `maxImportID`) as `outsideWindows`
    /// items, per provider and currency for revenue and per provider for compute hours: what lies
    /// outside every window of a provider with none in the period, and what a run takes its
    /// windows' sums from to find the rest (`OutsideWindows`). The rollups' totals by the key, no
    /// day unnested. Call inside a transaction.
    public func monthFacts(_ period: Period, maxImportID: Int64, providers: [String]) throws -> [String: [Unsettled]] {
        guard !providers.isEmpty else { return [:] }
        let parameters = [period.firstDay.description, period.next.firstDay.description, String(maxImportID), textArray(providers)]
        let month: SQL = "date >= $1 AND date < $2 AND import_id <= $3 AND provider_id = ANY($4::text[])"
        var found: [String: [Unsettled]] = [:]
        for row in try db.query("""
            SELECT provider_id, currency, sum(rows), sum(quantity), sum(amount) FROM revenue_rollup WHERE \(month)
            GROUP BY provider_id, currency ORDER BY provider_id, currency
            """, parameters).rows {
            found[try row.text(0), default: []].append(Unsettled(
                reason: .outsideWindows, subject: "revenue", currency: try row.currency(1), rows: try row.int(2),
                quantity: try row.rational(3), amount: try row.rational(4)))
        }
        for row in try db.query("""
            SELECT provider_id, sum(rows), sum(hours) FROM hours_rollup WHERE \(month) GROUP BY provider_id
            """, parameters).rows {
            found[try row.text(0), default: []].append(Unsettled(
                reason: .outsideWindows, subject: "compute hours", rows: try row.int(1), hours: try row.rational(2)))
        }
        return found
    }

    /// The rollup days of the period ($1, $2, up to import $3; of the providers $4, or all) in none
    /// of `unsettled_windows`: `key` and `sums` of daily rows, `key` and `daySums` of a monthly
    /// row's days, which are looked at only for providers without a window over the whole month.
    private func outsideWindows(_ rollup: RollupSQL, _ key: SQL, _ sums: SQL, _ daySums: SQL) -> SQL {
        """
        SELECT \(key), \(sums) FROM \(rollup.table) r
        WHERE r.days IS NULL AND r.date >= $1 AND r.date < $2 AND r.import_id <= $3
          AND ($4::text[] IS NULL OR r.provider_id = ANY($4::text[]))
          AND NOT EXISTS (SELECT 1 FROM unsettled_windows w WHERE w.provider_id = r.provider_id AND r.date BETWEEN w.first AND w.last)
        UNION ALL
        SELECT \(key), \(daySums) FROM \(rollup.table) r, \(rollup.unnestDays)
        WHERE r.days IS NOT NULL AND r.date >= $1 AND r.date < $2 AND r.import_id <= $3
          AND ($4::text[] IS NULL OR r.provider_id = ANY($4::text[]))
          AND NOT EXISTS (SELECT 1 FROM unsettled_windows w WHERE w.provider_id = r.provider_id AND \(RollupSQL.wholeMonth))
          AND NOT EXISTS (SELECT 1 FROM unsettled_windows w WHERE w.provider_id = r.provider_id AND d.date BETWEEN w.first AND w.last)
        """
    }

    /// Stores unsettled data of the period, counting it into `totals` (see `beginRun`). Call inside
    /// the run's transaction, as often as needed; the database refuses it for a closed period.
    ///
    /// - Parameter replacing: the providers whose data `unsettled` replaces (a re-run), counted out
    ///   of `totals`; `nil` when `beginRun` removed the whole draft.
    public func saveUnsettled(_ period: Period, _ unsettled: [String: [Unsettled]], replacing: Set<String>?,
                              into totals: inout DraftTotals) throws {
        let month = period.firstDay.description
        if let replacing {
            let removed = try db.query("""
                DELETE FROM unsettled WHERE period = $1 AND provider_id = ANY($2::text[]) RETURNING provider_id, reason, rows
                """, [month, textArray(replacing)]).rows
            for (_, rows) in Dictionary(grouping: removed, by: { $0[0] ?? "" }) {
                totals.count(unsettledOfOneProvider: try rows.map { (try $0.value(Unsettled.Reason.self, 1), try $0.int(2)) },
                             sign: -1)
            }
        }
        try db.copy("COPY unsettled (period, provider_id, reason, subject, currency, rows, quantity, amount, hours) FROM STDIN") { writer in
            for (provider, items) in unsettled.sorted(by: { $0.key < $1.key }) {
                for item in items {
                    try writer.write(CopyText.row([month, provider, item.reason.rawValue, item.subject, item.currency?.code ?? "",
                                                   String(item.rows), item.quantity.description, item.amount.description,
                                                   item.hours.description]))
                }
            }
        }
        for items in unsettled.values { totals.count(unsettledOfOneProvider: items.map { ($0.reason, $0.rows) }, sign: 1) }
    }

    /// What the period's unsettled data adds up to, summed by the server (`countedDraftTotals`).
    func unsettledCounts(of period: Period) throws -> UnsettledCounts {
        var counts = UnsettledCounts()
        for row in try db.query("""
            SELECT reason, sum(rows), count(DISTINCT provider_id) FROM unsettled WHERE period = $1 GROUP BY reason
            """, [period.firstDay.description]).rows {
            let reason = try row.value(Unsettled.Reason.self, 0)
            if reason == .noRows { counts.providersWithoutRows = try row.int(2) } else { counts.rows[reason] = try row.int(1) }
        }
        counts.providers = try db.query("""
            SELECT count(DISTINCT provider_id) FROM unsettled WHERE period = $1 AND reason <> 'no_rows'
            """, [period.firstDay.description]).onlyRow().int(0)
        return counts
    }

    /// The period's unsettled data as its current run recorded it, by provider, reason, subject and currency.
    public func unsettled(of period: Period) throws -> [(provider: String, item: Unsettled)] {
        // Row by row out of the result: at 20,000 providers and 10 M rows there are 100,000, and
        // holding them as text beside the items cost the finance report tens of megabytes.
        var found: [(provider: String, item: Unsettled)] = []
        try db.query("""
            SELECT provider_id, reason, subject, currency, rows, quantity, amount, hours FROM unsettled WHERE period = $1
            """, [period.firstDay.description]) { row in
            found.append((try row.text(0), Unsettled(reason: try row.value(Unsettled.Reason.self, 1), subject: try row.text(2),
                                                     currency: try row.text(3).isEmpty ? nil : try row.currency(3), rows: try row.int(4),
                                                     quantity: try row.rational(5), amount: try row.rational(6),
                                                     hours: try row.rational(7))))
        }
        found.sort { ($0.0, $0.1.reason, $0.1.subject, $0.1.currency?.code ?? "") < ($1.0, $1.1.reason, $1.1.subject, $1.1.currency?.code ?? "") }
        return found
    }
}
