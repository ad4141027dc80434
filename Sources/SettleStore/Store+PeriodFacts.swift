public import SettleCore
import Foundation

/// The facts of one period as the engine needs them: sums per contract window, never raw rows.
public struct PeriodFacts: Sendable {
    public var revenue: [String: [RevenueEntry]] = [:]
    public var hours: [String: [HoursEntry]] = [:]
    public var rates = FXRates()

    public init() {}
}

/// How reading a period's facts sends the contract windows to the server.
public enum WindowsSent: Sendable {
    /// In a temporary table with statistics for the planner (a run, a re-run, close, verify).
    case asTable
    /// As one JSON parameter, writing nothing at all, not even a temporary table: for a READ ONLY
    /// transaction (`settle preview`, docs/REFERENCE.md §8), where the server refuses one; meant
    /// for a few providers, since the planner has no statistics on a parameter.
    case asParameter
}

extension Store {
    /// The period's revenue and hours summed per provider and contract window (and stream,
    /// currency, role, GPU type), over rows with `import_id <= maxImportID`, and its FX rates. The
    /// aggregation runs in PostgreSQL over the rollups (never the raw rows) of the period's
    /// partitions and returns one entry per window and key, dated on the window's first day; rows
    /// outside every window are left out (they count for nothing).
    ///
    /// - Parameter windows: the windows in the period of the providers to read. Call inside a transaction.
    public func periodFacts(_ period: Period, maxImportID: Int64, windows: [(provider: String, first: Day, last: Day)],
                            sent: WindowsSent = .asTable) throws -> PeriodFacts {
        if sent == .asTable { try fillWindowTable(Identifier("run_windows"), windows) }
        let sharded = try planWindowSums(windows: windows.count)
        defer {
            _ = try? db.query("""
                SELECT set_config('enable_nestloop', 'on', true), set_config('enable_hashjoin', 'on', true),
                       set_config('enable_mergejoin', 'on', true)
                """)
        }
        var reader = WindowSumsReader()
        // A batch's windows that split the month are added up here from their monthly rows' days.
        let split = sent == .asTable && !sharded && windows.count <= 2_000 ? SplitWindows(windows, in: period) : nil
        let bounds = [period.firstDay.description, period.next.firstDay.description, String(maxImportID)]
        try withoutJIT {
            try windowSums(revenue: true, bounds, sent, windows, sharded: sharded, splitMonths: split == nil) {
                try reader.addRevenue($0)
            }
            if let split, !split.isEmpty {
                var monthly: [MonthlyRow<RevenueKeyParts>] = []
                try db.query(WindowSumsSQL.revenue.splitMonthRows, bounds, eachCells: { monthly.append(try reader.monthlyRevenue($0)) })
                reader.addRevenue(monthly: monthly, split: split)
            }
            Failpoint.reached("facts.revenue-read")
            try windowSums(revenue: false, bounds, sent, windows, sharded: sharded, splitMonths: split == nil) {
                try reader.addHours($0)
            }
            if let split, !split.isEmpty {
                var monthly: [MonthlyRow<String?>] = []
                try db.query(WindowSumsSQL.hours.splitMonthRows, bounds, eachCells: { monthly.append(try reader.monthlyHours($0)) })
                reader.addHours(monthly: monthly, split: split)
            }
        }
        var facts = reader.facts
        facts.rates = try fxRates(period, maxImportID: maxImportID)
        return facts
    }

    /// `body` with the server's JIT compilation off, and the setting as it was afterwards. The
    /// month end's sums run for a fraction of a second each, 40 of them in a run at 20,000
    /// providers: compiling one took 46 ms of the 290 it ran (auto_explain at 10 M rows).
    func withoutJIT<T>(_ body: () throws -> T) throws -> T {
        let before = try db.query("SELECT current_setting('jit')").scalar ?? "on"
        try db.query("SET LOCAL jit = off")
        defer { _ = try? db.query("SELECT set_config('jit', $1, true)", [before]) }
        return try body()
    }

    /// The period's FX rates over imports up to `maxImportID`.
    public func fxRates(_ period: Period, maxImportID: Int64) throws -> FXRates {
        var rates = FXRates()
        for row in try db.query("""
            SELECT from_currency, to_currency, rate FROM fx_rates WHERE period = $1 AND import_id <= $2
            """, [period.firstDay.description, String(maxImportID)]).rows {
            rates[try row.currency(0), try row.currency(1)] = try row.rational(2)
        }
        return rates
    }

    /// Plans the window sums of this transaction for `windows` windows; returns whether the
    /// database is sharded.
    private func planWindowSums(windows: Int) throws -> Bool {
        // Sharded (docs/SCALE.md): each shard sums its rollups per provider and day, the
        // coordinator adds up the days of each window.
        let sharded = try !shards().isEmpty
        if sharded { try db.query("SET LOCAL enable_partitionwise_aggregate = on") }
        // Over many providers: one hash join and one hash aggregate in memory. The planner
        // underestimates the range join by three orders of magnitude and picked nested loops and a
        // sort spilled to disk (EXPLAIN ANALYZE at 10M rows: 2.7 s, against 1.5 s this way).
        // Up to a few thousand windows (a batch of a run or of `settle statements`, a re-run) keep the index
        // nested loop: 1,000 windows of 20,000 took 0.11 s that way against 0.71 s for the hash join
        // over the whole period (1M rows).
        try db.query("SET LOCAL work_mem = '256MB'")
        try db.query(windows > 2_000 ? "SET LOCAL enable_nestloop = off" : "SET LOCAL enable_nestloop = on")
        // A batch on one server is index lookups by provider and nothing else, whatever the
        // statistics say: the planner hashed the month's 98,422 hours rollups for 1,000 windows
        // (52-61 ms a batch at 10 M rows), and merge-joined them after sorting when the month's
        // partition had no statistics yet (a run just after its import: 150 ms), against 14-20 ms
        // by the key. Not on shards: there the windows meet the shards' sums, which have no index.
        let byKey = windows <= 2_000 && !sharded
        try db.query(byKey ? "SET LOCAL enable_hashjoin = off" : "SET LOCAL enable_hashjoin = on")
        try db.query(byKey ? "SET LOCAL enable_mergejoin = off" : "SET LOCAL enable_mergejoin = on")
        return sharded
    }

    /// A temporary table of contract windows (provider_id, first, last) for this transaction,
    /// holding exactly `windows`, with statistics for the planner.
    func fillWindowTable(_ table: Identifier, _ windows: [(provider: String, first: Day, last: Day)]) throws {
        try db.query("CREATE TEMP TABLE IF NOT EXISTS \(table) (provider_id text, first date, last date) ON COMMIT DROP")
        try db.query("TRUNCATE \(table)")
        try db.copy("COPY \(table) (provider_id, first, last) FROM STDIN") { writer in
            for window in windows {
                try writer.write(CopyText.row([window.provider, window.first.description, window.last.description]))
            }
        }
        try db.query("ANALYZE \(table)")
    }

    /// The window sums of revenue (provider, window first day, stream, currency, role, quantity,
    /// amount, rows) or hours (provider, window first day, GPU type, hours, rows) of the windows in
    /// `run_windows` (`.asParameter`: of `windows`, sent as JSON).
    private func windowSums(revenue: Bool, _ bounds: [String], _ sent: WindowsSent,
                            _ windows: [(provider: String, first: Day, last: Day)], sharded: Bool,
                            splitMonths: Bool, eachSum: (borrowing ResultCells) throws -> Void) throws {
        let sql = revenue ? WindowSumsSQL.revenue : WindowSumsSQL.hours
        if sent == .asParameter { return try db.query(sql.sumOfGivenWindows, bounds + [try windowsJSON(windows)], eachCells: eachSum) }
        if sharded {
            return try db.query(sql.shardedSum, bounds + [textArray(Set(windows.map(\.provider)).sorted())], eachCells: eachSum)
        }
        try db.query(windows.count > 2_000 ? sql.groupedSum : splitMonths ? sql.sum : sql.sumWithoutSplitMonths, bounds, eachCells: eachSum)
    }

    /// The windows as a JSON array of `{provider_id, first, last}`, for `WindowSumsSQL.givenWindows`.
    private func windowsJSON(_ windows: [(provider: String, first: Day, last: Day)]) throws -> String {
        struct Window: Encodable {
            let provider: String, first: String, last: String
            enum CodingKeys: String, CodingKey { case provider = "provider_id", first, last }
        }
        let encoded = try JSONEncoder().encode(windows.map { Window(provider: $0.provider, first: $0.first.description,
                                                                   last: $0.last.description) })
        return String(decoding: encoded, as: UTF8.self)
    }
}

/// The statements over one kind of window sums. Parameters: $1 the period's first day, $2 the
/// next month's, $3 the newest import read (and $4: for `sumOfGivenWindows` the windows as JSON,
/// for `shardedSum` their providers).
struct WindowSumsSQL {
    /// The rollups summed per provider and window of `run_windows`, a key once per import that
    /// touched it (`PeriodFacts` adds them up): for a batch of providers.
    let sum: SQL
    /// `sum` grouped by the server, a key once: for the whole period (close, verify, explain), whose
    /// result would otherwise grow with every import of the month.
    let groupedSum: SQL
    /// `sum` without the monthly rows of windows that split their month (whole-month windows'
    /// totals and daily rows' sums only): for a batch, whose client adds up those rows' days.
    let sumWithoutSplitMonths: SQL
    /// The monthly rows of the providers whose windows split their month, once each, with their
    /// days (`RollupSQL.monthlyRowsSplit`, `SplitWindows`).
    let splitMonthRows: SQL
    /// `sum` for a sharded database (see `shardedRevenueSum`).
    let shardedSum: SQL
    /// The same sums over the windows given in $4 (`WindowsSent.asParameter`).
    let sumOfGivenWindows: SQL

    static let revenue = WindowSumsSQL(
        sum: revenueSum(over: "run_windows"),
        groupedSum: grouped(revenueSum(over: "run_windows"), "provider_id, first, stream, currency, role",
                            "sum(quantity), sum(amount), sum(rows)"),
        sumWithoutSplitMonths: RollupSQL.revenue.inWindows("run_windows", where: read, splitMonths: false),
        splitMonthRows: RollupSQL.revenue.monthlyRowsSplit(by: "run_windows", where: read),
        shardedSum: shardedRevenueSum, sumOfGivenWindows: revenueSum(over: givenWindows))

    static let hours = WindowSumsSQL(
        sum: hoursSum(over: "run_windows"),
        groupedSum: grouped(hoursSum(over: "run_windows"), "provider_id, first, gpu_type", "sum(hours), sum(rows)"),
        sumWithoutSplitMonths: RollupSQL.hours.inWindows("run_windows", where: read, splitMonths: false),
        splitMonthRows: RollupSQL.hours.monthlyRowsSplit(by: "run_windows", where: read),
        shardedSum: shardedHoursSum, sumOfGivenWindows: hoursSum(over: givenWindows))

    /// `sum` for a sharded database: the rollups summed per provider and day first, a grouping
    /// that holds both partition keys (the month's `date`, the shard's `provider_id`), so that with
    /// `enable_partitionwise_aggregate` postgres_fdw sends it to each shard (EXPLAIN VERBOSE in
    /// docs/SCALE.md); the coordinator then sums each window's days. $4 names the windows'
    /// providers, so that each shard sums only theirs (a run asks a batch of providers at a time).
    static let shardedRevenueSum: SQL = """
        SELECT r.provider_id, w.first, r.stream, r.currency, r.role, sum(r.quantity), sum(r.amount), sum(r.rows)
        FROM (SELECT provider_id, date, stream, currency, role, sum(quantity) AS quantity, sum(amount) AS amount, sum(rows) AS rows
              FROM revenue_rollup WHERE date >= $1 AND date < $2 AND import_id <= $3 AND provider_id = ANY($4::text[])
              GROUP BY provider_id, date, stream, currency, role) r
        JOIN run_windows w ON w.provider_id = r.provider_id AND r.date BETWEEN w.first AND w.last
        GROUP BY r.provider_id, w.first, r.stream, r.currency, r.role
        """

    static let shardedHoursSum: SQL = """
        SELECT h.provider_id, w.first, h.gpu_type, sum(h.hours), sum(h.rows)
        FROM (SELECT provider_id, date, gpu_type, sum(hours) AS hours, sum(rows) AS rows
              FROM hours_rollup WHERE date >= $1 AND date < $2 AND import_id <= $3 AND provider_id = ANY($4::text[])
              GROUP BY provider_id, date, gpu_type) h
        JOIN run_windows w ON w.provider_id = h.provider_id AND h.date BETWEEN w.first AND w.last
        GROUP BY h.provider_id, w.first, h.gpu_type
        """

    /// The windows of $4, a JSON array of `{provider_id, first, last}`, as a table.
    private static let givenWindows: SQL = "(SELECT * FROM jsonb_to_recordset($4::jsonb) AS g(provider_id text, first date, last date))"

    /// The rollup rows of the period read up to import $3.
    private static let read: SQL = "r.date >= $1 AND r.date < $2 AND r.import_id <= $3"

    /// `sums` (of `inWindows`, aliased `s`) grouped by `key`.
    private static func grouped(_ sums: SQL, _ key: SQL, _ summed: SQL) -> SQL {
        "SELECT \(key), \(summed) FROM (\(sums)) s GROUP BY \(key)"
    }

    /// Not grouped: `PeriodFacts` adds up a key that comes twice, which costs the client less than
    /// hashing every row costs the server (psql \timing at 20,000 providers, 1,133 windows: 0.17 s
    /// against 0.28 s).
    private static func revenueSum(over windows: SQL) -> SQL {
        RollupSQL.revenue.inWindows(windows, where: read)
    }

    private static func hoursSum(over windows: SQL) -> SQL {
        RollupSQL.hours.inWindows(windows, where: read)
    }
}
