import SettleCore

/// Window sums read into `PeriodFacts`, one entry per provider, window and key: a key that comes
/// more than once (once per import that touched it, or from daily and monthly rollups alike) is
/// added up into the entry it came in first (`KeyedEntries`). Values are read in place
/// (`ResultCells`).
struct WindowSumsReader {
    private var revenue: [String: KeyedEntries<RevenueEntry>] = [:]
    private var hours: [String: KeyedEntries<HoursEntry>] = [:]
    private var providers = Interner<String>(capacity: 1)
    /// Streams, roles, GPU types.
    private var words = Interner<String>()
    private var currencies = Interner<Currency>()

    /// A window sum of revenue: provider, window first day, stream, currency, role, quantity,
    /// amount, rows.
    mutating func addRevenue(_ cells: borrowing ResultCells) throws {
        add(try cells.text(0, &providers),
            RevenueEntry(date: try cells.day(1), stream: try cells.text(2, &words), currency: try cells.currency(3, &currencies),
                         role: try noneIfEmpty(cells, 4), quantity: try cells.rational(5), amount: try cells.rational(6),
                         rows: try cells.int(7)))
    }

    /// A window sum of hours: provider, window first day, GPU type, hours, rows.
    mutating func addHours(_ cells: borrowing ResultCells) throws {
        add(try cells.text(0, &providers),
            HoursEntry(date: try cells.day(1), gpuType: try noneIfEmpty(cells, 2), hours: try cells.rational(3), rows: try cells.int(4)))
    }

    /// A monthly revenue rollup row of `RollupSQL.monthlyRowsSplit`, read to be split: provider,
    /// stream, currency, role, the day arrays.
    mutating func monthlyRevenue(_ cells: borrowing ResultCells) throws -> MonthlyRow<RevenueKeyParts> {
        MonthlyRow(provider: try cells.text(0, &providers),
                   key: RevenueKeyParts(stream: try cells.text(1, &words), currency: try cells.currency(2, &currencies),
                                        role: try noneIfEmpty(cells, 3)),
                   days: try MonthDays(cells, from: 4, sumColumns: 2))
    }

    /// A monthly hours rollup row, read to be split: provider, GPU type, the day arrays.
    mutating func monthlyHours(_ cells: borrowing ResultCells) throws -> MonthlyRow<String?> {
        MonthlyRow(provider: try cells.text(0, &providers), key: try noneIfEmpty(cells, 1), days: try MonthDays(cells, from: 2, sumColumns: 1))
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
    private mutating func noneIfEmpty(_ cells: borrowing ResultCells, _ column: Int) throws -> String? {
        let text = try cells.text(column, &words)
        return text.isEmpty ? nil : text
    }

    /// What was read, a key once per provider and window.
    var facts: PeriodFacts {
        var facts = PeriodFacts()
        facts.revenue = revenue.mapValues(\.entries)
        facts.hours = hours.mapValues(\.entries)
        return facts
    }

    private mutating func add(_ provider: String, _ entry: RevenueEntry) {
        revenue[provider, default: KeyedEntries()].add(entry)
    }

    private mutating func add(_ provider: String, _ entry: HoursEntry) {
        hours[provider, default: KeyedEntries()].add(entry)
    }
}

/// One provider's entries, a key once. An entry of a key already there is merged into it, found by
/// comparing while the provider has few entries (hashing every key was a third of reading a run's
/// 620,000 sums, perf) and by a dictionary of their keys past `comparedUpTo`, where comparing would
/// grow with the square of the provider's keys.
struct KeyedEntries<Entry: KeyedEntry> {
    private(set) var entries: [Entry] = []
    private var positions: [Entry.Key: Int]?
    static var comparedUpTo: Int { 64 }

    mutating func add(_ entry: Entry) {
        if let position = positions?[entry.key] ?? position(comparing: entry) {
            entries[position].merge(entry)
            return
        }
        entries.append(entry)
        if positions != nil {
            positions![entry.key] = entries.count - 1
        } else if entries.count > Self.comparedUpTo {
            positions = Dictionary(uniqueKeysWithValues: entries.indices.map { (entries[$0].key, $0) })
        }
    }

    /// Compared in place, entry by entry (through a closure each entry was copied out first).
    private func position(comparing entry: Entry) -> Int? {
        guard positions == nil else { return nil }
        for index in entries.indices where entries[index].hasSameKey(as: entry) { return index }
        return nil
    }
}

/// An entry of window sums: its key (window, and stream, currency, role or GPU type), and how two
/// of one key add up.
protocol KeyedEntry {
    associatedtype Key: Hashable
    var key: Key { get }
    func hasSameKey(as other: Self) -> Bool
    mutating func merge(_ other: Self)
}

extension RevenueEntry: KeyedEntry {
    struct Key: Hashable {
        let date: Day, stream: String, currency: Currency, role: String?
    }

    var key: Key { Key(date: date, stream: stream, currency: currency, role: role) }

    func hasSameKey(as other: RevenueEntry) -> Bool {
        date == other.date && stream == other.stream && currency == other.currency && role == other.role
    }

    mutating func merge(_ other: RevenueEntry) {
        quantity += other.quantity
        amount += other.amount
        rows += other.rows
    }
}

extension HoursEntry: KeyedEntry {
    struct Key: Hashable {
        let date: Day, gpuType: String?
    }

    var key: Key { Key(date: date, gpuType: gpuType) }

    func hasSameKey(as other: HoursEntry) -> Bool { date == other.date && gpuType == other.gpuType }

    mutating func merge(_ other: HoursEntry) {
        hours += other.hours
        rows += other.rows
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
