import SettleCore

/// A batch's contract windows that split their month, per provider, and the client's sums of the
/// monthly rollup rows' days in them (`RollupSQL.monthlyRowsSplit`).
struct SplitWindows {
    /// Per provider, its windows that split the month: first day, and days of the month covered,
    /// by first day.
    let providers: [String: [(first: Day, days: ClosedRange<Int>)]]

    init(_ windows: [(provider: String, first: Day, last: Day)], in period: Period) {
        let monthFirst = period.firstDay, monthLast = period.lastDay
        var providers: [String: [(first: Day, days: ClosedRange<Int>)]] = [:]
        for window in windows where !(window.first <= monthFirst && window.last >= monthLast) {
            let first = max(window.first, monthFirst).ordinal - monthFirst.ordinal + 1
            let last = min(window.last, monthLast).ordinal - monthFirst.ordinal + 1
            guard first <= last else { continue }
            providers[window.provider, default: []].append((window.first, first...last))
        }
        self.providers = providers.mapValues { $0.sorted { $0.first < $1.first } }
    }

    var isEmpty: Bool { providers.isEmpty }

    /// Each row's days added up per window of its provider, for the windows it has a day in:
    /// provider by provider, window by window, row by row.
    func added<Key>(_ rows: [MonthlyRow<Key>]) -> [(provider: String, key: Key, window: Day, sums: [Rational], rows: Int)] {
        var byProvider: [(provider: String, rows: [MonthlyRow<Key>])] = []
        var position: [String: Int] = [:]
        for row in rows {
            if let index = position[row.provider] { byProvider[index].rows.append(row) } else {
                position[row.provider] = byProvider.count
                byProvider.append((row.provider, [row]))
            }
        }
        var added: [(provider: String, key: Key, window: Day, sums: [Rational], rows: Int)] = []
        for (provider, rows) in byProvider {
            guard let windows = providers[provider] else { continue }
            let ranges = windows.map(\.days)
            let perRow = rows.map { (key: $0.key, sums: $0.days.added(into: ranges)) }
            for (index, window) in windows.enumerated() {
                for (key, sums) in perRow {
                    for sum in sums where sum.window == index {
                        added.append((provider, key, window.first, sum.sums, sum.rows))
                    }
                }
            }
        }
        return added
    }
}

/// A monthly rollup row's days (migration 25) as the client reads them, to add them up per
/// contract window that splits the month.
///
/// The server did this with one aggregate over the unnested days per rollup row and window: 85 of a
/// batch's 166 ms at 20,000 providers, for the 13% of providers whose contract changes within the
/// month (EXPLAIN ANALYZE, issue 19). The client reads each such row once, whatever the number of
/// windows, and walks its days.
struct MonthDays {
    /// Days of the month, ascending.
    let days: [Int]
    /// Per sum column (quantity and amount, or hours), its value on each day.
    let sums: [DayValues]
    let rows: [Int]

    /// The arrays of `cells` from column `first` on: the days, `sumColumns` arrays of sums, the rows.
    init(_ cells: borrowing ResultCells, from first: Int, sumColumns: Int) throws {
        days = try Self.parse(cells, first, ResultCells.integer)
        sums = try (0..<sumColumns).map { column in
            let decimals = try Self.parse(cells, first + 1 + column) { Rational.scanDecimal(bytes: $0) }
            let millionths = decimals.compactMap { $0.units(scale: 6) }
            if millionths.count == decimals.count { return .millionths(millionths) }
            return .exact(try Self.parse(cells, first + 1 + column) { Rational(decimalBytes: $0) })
        }
        rows = try Self.parse(cells, first + 1 + sumColumns, ResultCells.integer)
        guard sums.allSatisfy({ $0.count == days.count }), rows.count == days.count else {
            throw RowDecodingError(description: "a monthly rollup row's day arrays differ in length")
        }
    }

    /// The sums and row count of this row's days in each window (days of the month, first and
    /// last), for the windows it has a day in. Each window is looked up on its own, as the server's
    /// aggregate per window does: a day in two windows counts in both (a provider's windows never
    /// overlap, which contracts load checks, but nothing here relies on it).
    func added(into windows: [ClosedRange<Int>]) -> [(window: Int, sums: [Rational], rows: Int)] {
        var added: [(window: Int, sums: [Rational], rows: Int)] = []
        for (window, range) in windows.enumerated() {
            guard let first = days.firstIndex(where: { $0 >= range.lowerBound }) else { continue }
            let end = days[first...].firstIndex(where: { $0 > range.upperBound }) ?? days.count
            guard end > first else { continue }
            added.append((window, sums.map { $0.sum(first..<end) }, rows[first..<end].reduce(0, +)))
        }
        return added
    }

    /// A PostgreSQL array of numbers in its text form (`{2,8,15}`), each element read from its
    /// bytes by `read`.
    private static func parse<T>(_ cells: borrowing ResultCells, _ column: Int,
                                 _ read: (UnsafeBufferPointer<UInt8>) -> T?) throws -> [T] {
        let bytes = try cells.bytes(column)
        let elements: [T]? = {
            guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
            var elements: [T] = []
            guard bytes.count > 2 else { return elements }
            var start = 1
            for index in 1..<bytes.count where bytes[index] == UInt8(ascii: ",") || index == bytes.count - 1 {
                guard let element = read(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return nil }
                elements.append(element)
                start = index + 1
            }
            return elements
        }()
        guard let elements else {
            throw RowDecodingError(description: "column \(column + 1) of a monthly rollup row: expected an array of numbers, found \(String(decoding: bytes.prefix(40), as: UTF8.self))")
        }
        return elements
    }
}

/// One sum column of a monthly rollup row, a value per day: as whole millionths when every value
/// has at most 6 fraction digits and fits 64 bits (all an import writes: it checks values to 6
/// fraction digits), added up as integers; as exact numbers otherwise. Adding up `Rational`s day by
/// day reduced a fraction per day: 0.76 s of a run's client CPU at 20,000 providers (perf).
enum DayValues {
    case millionths([Int64])
    case exact([Rational])

    var count: Int {
        switch self {
        case .millionths(let values): values.count
        case .exact(let values): values.count
        }
    }

    /// The values of the days at `indices`, added up exactly.
    func sum(_ indices: Range<Int>) -> Rational {
        switch self {
        case .exact(let values):
            return values[indices].reduce(.zero, +)
        case .millionths(let values):
            let total = values[indices].reduce(Int128(0)) { $0 + Int128($1) }
            if let small = Int(exactly: total) { return Rational(small, 1_000_000) }
            // Past 64 bits (31 days of at most 2^63 each): whole units and millionths apart.
            return Rational(Int(total / 1_000_000)) + Rational(Int(total % 1_000_000), 1_000_000)
        }
    }
}
