import SettleCore

/// Window sums read into `PeriodFacts`, one entry per provider, window and key: a key that comes
/// more than once (once per import that touched it, or from daily and monthly rollups alike) is
/// added up into the entry it came in first, found among its provider's few entries by comparing
/// rather than in a dictionary of every key (hashing those keys was a third of reading a run's
/// 620,000 sums, perf). Values are read in place (`ResultCells`).
struct WindowSumsReader {
    private(set) var facts = PeriodFacts()
    private var providers = Interner<String>(capacity: 1)
    /// Streams, roles, GPU types.
    private var words = Interner<String>()
    private var currencies = Interner<Currency>()

    /// A window sum of revenue: provider, window first day, stream, currency, role, quantity,
    /// amount, rows.
    mutating func addRevenue(_ cells: ResultCells) throws {
        add(try cells.text(0, &providers),
            RevenueEntry(date: try cells.day(1), stream: try cells.text(2, &words), currency: try cells.currency(3, &currencies),
                         role: try role(cells, 4), quantity: try cells.rational(5), amount: try cells.rational(6),
                         rows: try cells.int(7)))
    }

    /// A window sum of hours: provider, window first day, GPU type, hours, rows.
    mutating func addHours(_ cells: ResultCells) throws {
        add(try cells.text(0, &providers),
            HoursEntry(date: try cells.day(1), gpuType: try role(cells, 2), hours: try cells.rational(3), rows: try cells.int(4)))
    }

    /// A monthly revenue rollup row of `RollupSQL.monthlyRowsSplit`, read to be split: provider,
    /// stream, currency, role, the day arrays.
    mutating func monthlyRevenue(_ cells: ResultCells) throws -> MonthlyRow<RevenueKeyParts> {
        MonthlyRow(provider: try cells.text(0, &providers),
                   key: RevenueKeyParts(stream: try cells.text(1, &words), currency: try cells.currency(2, &currencies),
                                        role: try role(cells, 3)),
                   days: try MonthDays(cells, from: 4, sumColumns: 2))
    }

    /// A monthly hours rollup row, read to be split: provider, GPU type, the day arrays.
    mutating func monthlyHours(_ cells: ResultCells) throws -> MonthlyRow<String?> {
        MonthlyRow(provider: try cells.text(0, &providers), key: try role(cells, 1), days: try MonthDays(cells, from: 2, sumColumns: 1))
    }

    /// Monthly revenue rows, their days added up per window of `split`.
    mutating func addRevenue(monthly rows: [MonthlyRow<RevenueKeyParts>], split: SplitWindows) {
        for sum in split.added(rows) {
            add(sum.provider, RevenueEntry(date: sum.window, stream: sum.key.stream, currency: sum.key.currency, role: sum.key.role,
                                           quantity: sum.sums[0], amount: sum.sums[1], rows: sum.rows))
        }
    }

    /// Monthly hours rows, their days added up per window of `split`.
    mutating func addHours(monthly rows: [MonthlyRow<String?>], split: SplitWindows) {
        for sum in split.added(rows) {
            add(sum.provider, HoursEntry(date: sum.window, gpuType: sum.key, hours: sum.sums[0], rows: sum.rows))
        }
    }

    /// Text where `''` stands for none (a role, a GPU type).
    private mutating func role(_ cells: ResultCells, _ column: Int) throws -> String? {
        let text = try cells.text(column, &words)
        return text.isEmpty ? nil : text
    }

    private mutating func add(_ provider: String, _ entry: RevenueEntry) {
        facts.revenue[provider, default: []].add(entry)
    }

    private mutating func add(_ provider: String, _ entry: HoursEntry) {
        facts.hours[provider, default: []].add(entry)
    }
}

extension [RevenueEntry] {
    /// `entry` appended, or added to the entry of its key (window, stream, currency, role).
    mutating func add(_ entry: RevenueEntry) {
        if let index = firstIndex(where: {
            $0.date == entry.date && $0.stream == entry.stream && $0.currency == entry.currency && $0.role == entry.role
        }) {
            self[index].quantity += entry.quantity
            self[index].amount += entry.amount
            self[index].rows += entry.rows
        } else {
            append(entry)
        }
    }
}

extension [HoursEntry] {
    /// `entry` appended, or added to the entry of its key (window, GPU type).
    mutating func add(_ entry: HoursEntry) {
        if let index = firstIndex(where: { $0.date == entry.date && $0.gpuType == entry.gpuType }) {
            self[index].hours += entry.hours
            self[index].rows += entry.rows
        } else {
            append(entry)
        }
    }
}

/// A monthly rollup row read out of its result, to be split into windows: its provider, its key
/// after the provider, its days.
struct MonthlyRow<Key> {
    let provider: String
    let key: Key
    let days: MonthDays
}

struct RevenueKeyParts {
    let stream: String, currency: Currency, role: String?
}
