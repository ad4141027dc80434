import SettleCore

/// Sums a file's rows per rollup key and day on the client, while the rows stream to the server, so
/// that the rollups of a typical file cost one small COPY instead of an aggregate over every row.
/// They are written one row per month (migration 25), with the month's days in arrays, or on shards
/// one row per day.
///
/// Sums are exact: values carry at most 6 fraction digits (checked on import), so they are held
/// as whole micro-units in checked 64-bit sums. Past `limit` days of keys (or a sum that would
/// overflow) it gives up (`overflowed`), and the server aggregates instead: memory stays flat
/// whatever the file.
struct RollupAccumulator {
    /// Millionths in 64 bits: a sum past ±9.2 trillion gives up rather than wrap.
    struct Sums {
        var first: Int64 = 0
        var second: Int64 = 0
        var rows: Int64 = 0
    }

    private(set) var overflowed = false
    private let dataset: Dataset
    /// The most days of keys kept on the client, at 26 bytes each: a 10 M-row month of 20,000
    /// providers has 4.2 M (585,197 keys).
    private let limit: Int
    /// A key without its day is packed into one `UInt64` from small numbers standing for its texts:
    /// revenue provider 20 bits, stream 10, currency 8, role 10; hours provider 20, GPU type 10.
    /// Each key is numbered in the order first seen; its days form a linked list in the columns
    /// below, newest first.
    private var keyNumbers: [UInt64: Int32] = [:]
    private var keys: [UInt64] = []
    private var firstDay: [Int32] = []
    /// A key with many days (a file of few providers: every day of the month) looks its day up in
    /// a block of 64 slots of `dense` by date number (the entry last seen there, -1: none) before
    /// walking its list. 256 bytes a key: 59,308 keys have 24 days or more at 10 M rows and 20,000
    /// providers.
    private var denseBlock: [Int?] = []
    private var dense: [Int32] = []
    private static let denseAfter = 24
    private static let slotMask = 63

    /// Each key's sum of magnitudes over all its days: while it fits 64 bits, so does any total of
    /// a month's days, which the writer then adds up unchecked.
    private var magnitude: [Int64] = []
    /// One entry per day of a key: the day's number (a text of the last dimension), the next entry
    /// of the same key (-1: none), the sums and the rows.
    private var dayNumber = ChunkedColumn<UInt16>()
    private var nextDay = ChunkedColumn<Int32>()
    private var firstSum = ChunkedColumn<Int64>()
    private var secondSum = ChunkedColumn<Int64>()
    private var dayRows = ChunkedColumn<Int32>()
    /// The bytes of the key's parts, then of the dates, as numbered.
    private var partBytes: [[[UInt8]]] = Array(repeating: [], count: 5)
    /// By the part's `stableHash`.
    private var numbers: [[UInt64: UInt64]] = Array(repeating: [:], count: 5)
    private var lastNumber: [UInt64?] = Array(repeating: nil, count: 5)
    /// The bits of each part, the date's (12) last.
    private let bits: [UInt64]
    private var dateDimension: Int { bits.count - 1 }
    /// Where the key's parts and the summed values are in a row, found by column name: the key is
    /// provider, stream, currency, role, date (hours: provider, GPU type, date); the sums quantity
    /// and amount (hours: hours).
    private let keyColumns: [Int]
    private let sumColumns: [Int]

    init(dataset: Dataset, limit: Int = 5_000_000) {
        self.dataset = dataset
        self.limit = limit
        let (key, summed): ([StaticString], [StaticString]) = switch dataset {
        case .revenue: (["provider_id", "stream", "currency", "role", "date"], ["quantity", "amount"])
        case .computeHours: (["provider_id", "gpu_type", "date"], ["hours"])
        case .fxRates: ([], [])
        }
        bits = dataset == .revenue ? [20, 10, 8, 10, 12] : [20, 10, 12]
        func index(_ name: StaticString) -> Int? { dataset.columns.firstIndex { $0.sqlName == Identifier(name) } }
        keyColumns = key.compactMap(index)
        sumColumns = summed.compactMap(index)
        precondition(keyColumns.count == key.count && sumColumns.count == summed.count, "a rollup column is not in \(dataset)")
    }

    /// How many days of keys are kept.
    var days: Int { dayNumber.count }

    /// About the memory the sums take: 26 bytes a day of a key, about 48 a key.
    var approximateBytes: Int { days * 26 + keys.count * 48 }

    /// Adds one checked row: `spans[i]` holds dataset column i's bytes in `bytes` (empty for a
    /// missing optional value); `first` and `second` are the summed values in millionths (`nil`
    /// past 64 bits).
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, spans: [Range<Int>], first: Int64?, second: Int64?) {
        guard !overflowed, !keyColumns.isEmpty else { return }
        guard let first, let second else { return giveUp() }
        // Each part goes straight into the key. A missing optional part (role, GPU type) is "", as
        // in the rollup tables.
        var key: UInt64 = 0
        var date: UInt64 = 0
        for dimension in keyColumns.indices {
            let part = UnsafeBufferPointer(rebasing: bytes[spans[keyColumns[dimension]]])
            guard let number = number(of: part, in: dimension) else { return giveUp() }
            if dimension == dateDimension { date = number } else { key = key << bits[dimension] | number }
        }
        let keyNumber: Int
        if let known = keyNumbers[key] {
            keyNumber = Int(known)
        } else {
            keyNumber = keys.count
            keyNumbers[key] = Int32(keyNumber)
            keys.append(key)
            firstDay.append(-1)
            magnitude.append(0)
            denseBlock.append(nil)
        }
        var entry = -1
        if let block = denseBlock[keyNumber], case let cached = Int(dense[block + Int(date) & Self.slotMask]),
           cached >= 0 && dayNumber[cached] == UInt16(date) {
            entry = cached
        } else {
            var walked = 0
            entry = Int(firstDay[keyNumber])
            while entry >= 0 && dayNumber[entry] != UInt16(date) {
                entry = Int(nextDay[entry])
                walked += 1
            }
            if walked >= Self.denseAfter && denseBlock[keyNumber] == nil { makeDense(keyNumber) }
        }
        if entry < 0 {
            guard dayNumber.count < limit, dayNumber.count < Int(Int32.max) else { return giveUp() }
            entry = dayNumber.count
            dayNumber.append(UInt16(date))
            nextDay.append(firstDay[keyNumber])
            firstSum.append(0)
            secondSum.append(0)
            dayRows.append(0)
            firstDay[keyNumber] = Int32(entry)
            if let block = denseBlock[keyNumber] { dense[block + Int(date) & Self.slotMask] = Int32(entry) }
        }
        let (newFirst, firstOverflow) = firstSum[entry].addingReportingOverflow(first)
        let (newSecond, secondOverflow) = secondSum[entry].addingReportingOverflow(second)
        let (bound, boundOverflow) = magnitude[keyNumber].addingReportingOverflow(Int64(clamping: first.magnitude | second.magnitude))
        guard !firstOverflow, !secondOverflow, !boundOverflow, bound < Int64.max, dayRows[entry] < Int32.max else { return giveUp() }
        magnitude[keyNumber] = bound
        firstSum[entry] = newFirst
        secondSum[entry] = newSecond
        dayRows[entry] += 1
    }

    /// The number standing for `part` in `dimension`, found by the part's hash and confirmed on its
    /// bytes; `nil` past the dimension's bits (or, never seen yet, two parts with one hash).
    private mutating func number(of part: UnsafeBufferPointer<UInt8>, in dimension: Int) -> UInt64? {
        // Neighbouring rows often share a stream, currency or role: the last part is checked first.
        if let last = lastNumber[dimension], part.hasSameBytes(as: partBytes[dimension][Int(last)]) { return last }
        let hash = stableHash(bytes: part)
        if let number = numbers[dimension][hash] {
            guard part.hasSameBytes(as: partBytes[dimension][Int(number)]) else { return nil }
            lastNumber[dimension] = number
            return number
        }
        let number = UInt64(partBytes[dimension].count)
        guard number < 1 << bits[dimension] else { return nil }
        numbers[dimension][hash] = number
        partBytes[dimension].append(Array(part))
        lastNumber[dimension] = number
        return number
    }

    /// Gives `keyNumber` a block of `dense` holding entries of its days so far.
    private mutating func makeDense(_ keyNumber: Int) {
        let block = dense.count
        dense += repeatElement(-1, count: Self.slotMask + 1)
        var entry = Int(firstDay[keyNumber])
        while entry >= 0 {
            dense[block + Int(dayNumber[entry]) & Self.slotMask] = Int32(entry)
            entry = Int(nextDay[entry])
        }
        denseBlock[keyNumber] = block
    }

    private mutating func giveUp() {
        overflowed = true
        keyNumbers = [:]
        keys = []
        firstDay = []
        magnitude = []
        denseBlock = []
        dense = []
        (dayNumber, nextDay, firstSum, secondSum, dayRows) = (.init(), .init(), .init(), .init(), .init())
        partBytes = []
        numbers = []
        lastNumber = []
    }

    /// Writes the rollup rows with `importID` in key order, in COPY's binary format (`BinaryCopy`),
    /// handed to `write` in chunks of about 1 MB (never all at once: a file's rollups can be a few
    /// hundred thousand): one row per month with its days (`monthly`), or one per day.
    func writeCopyRows(importID: Int64, monthly: Bool, to write: ([UInt8]) throws -> Void) rethrows {
        // Dates are numbered as first seen: ranked in calendar order (ISO dates sort as text).
        let dates = partBytes[dateDimension]
        let calendar = dates.indices.sorted { dates[$0].lexicographicallyPrecedes(dates[$1]) }
        var rank = [Int](repeating: 0, count: dates.count)
        for (position, number) in calendar.enumerated() { rank[number] = position }
        // Checked on import: every date is a day of the calendar.
        let days = calendar.map { number in dates[number].withUnsafeBufferPointer { Day(bytes: $0)! } }
        let month = days.map { Day(year: $0.year, month: $0.month, day: 1)! }
        let revenue = dataset == .revenue
        let fieldCount = Int16(keyColumns.count + 1 + (revenue ? 3 : 2) + (monthly ? (revenue ? 4 : 3) : 0))
        var chunk = BinaryCopy.header
        chunk.reserveCapacity(1 << 20 + 4096)
        // One key's days, gathered from its list and put in calendar order.
        var keyDays: [KeyDay] = []
        for keyNumber in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            keyDays.removeAll(keepingCapacity: true)
            var entry = Int(firstDay[keyNumber])
            while entry >= 0 {
                keyDays.append(KeyDay(rank: rank[Int(dayNumber[entry])], first: firstSum[entry], second: secondSum[entry],
                                   rows: Int64(dayRows[entry])))
                entry = Int(nextDay[entry])
            }
            keyDays.sort { $0.rank < $1.rank }
            let parts = keyParts(keys[keyNumber])
            var start = 0
            while start < keyDays.count {
                var end = start + 1
                while monthly && end < keyDays.count && month[keyDays[end].rank] == month[keyDays[start].rank] { end += 1 }
                let row = keyDays[start..<end]
                BinaryCopy.appendFieldCount(fieldCount, to: &chunk)
                for part in parts { BinaryCopy.appendText(part, to: &chunk) }
                BinaryCopy.appendDate(monthly ? month[row[start].rank] : days[row[start].rank], to: &chunk)
                BinaryCopy.appendBigint(importID, to: &chunk)
                // Cannot overflow: the key's magnitudes fit (`magnitude`).
                BinaryCopy.appendNumeric(micro: row.reduce(0) { $0 + $1.first }, to: &chunk)
                if revenue { BinaryCopy.appendNumeric(micro: row.reduce(0) { $0 + $1.second }, to: &chunk) }
                BinaryCopy.appendBigint(row.reduce(0) { $0 + $1.rows }, to: &chunk)
                if monthly {
                    let base = row.startIndex
                    BinaryCopy.appendArray(of: .smallint, count: row.count, to: &chunk) {
                        BinaryCopy.appendSmallint(Int16(days[row[base + $1].rank].day), to: &$0)
                    }
                    BinaryCopy.appendArray(of: .numeric, count: row.count, to: &chunk) {
                        BinaryCopy.appendNumeric(micro: row[base + $1].first, to: &$0)
                    }
                    if revenue {
                        BinaryCopy.appendArray(of: .numeric, count: row.count, to: &chunk) {
                            BinaryCopy.appendNumeric(micro: row[base + $1].second, to: &$0)
                        }
                    }
                    BinaryCopy.appendArray(of: .bigint, count: row.count, to: &chunk) {
                        BinaryCopy.appendBigint(row[base + $1].rows, to: &$0)
                    }
                }
                if chunk.count >= 1 << 20 {
                    try write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
                start = end
            }
        }
        chunk += BinaryCopy.trailer
        try write(chunk)
    }

    /// One day of a key: its date's calendar rank, its sums, its rows.
    private struct KeyDay {
        let rank: Int
        let first: Int64
        let second: Int64
        let rows: Int64
    }

    /// The bytes of a key's parts (without its day), in column order.
    private func keyParts(_ key: UInt64) -> [[UInt8]] {
        var remaining = key
        var parts: [[UInt8]] = Array(repeating: [], count: dateDimension)
        for dimension in parts.indices.reversed() {
            parts[dimension] = partBytes[dimension][Int(remaining & ((UInt64(1) << bits[dimension]) - 1))]
            remaining >>= bits[dimension]
        }
        return parts
    }

    /// The rollup table and the columns of `writeCopyRows`, in its order.
    var table: Identifier { dataset == .revenue ? Identifier("revenue_rollup") : Identifier("hours_rollup") }
    func columns(monthly: Bool) -> SQL {
        switch (dataset == .revenue, monthly) {
        case (true, true): "provider_id, stream, currency, role, date, import_id, quantity, amount, rows, days, day_quantity, day_amount, day_rows"
        case (true, false): "provider_id, stream, currency, role, date, import_id, quantity, amount, rows"
        case (false, true): "provider_id, gpu_type, date, import_id, hours, rows, days, day_hours, day_rows"
        case (false, false): "provider_id, gpu_type, date, import_id, hours, rows"
        }
    }

    /// Checked decimal text as whole millionths; `nil` past 64 bits (or for text the import refuses).
    static func microUnits(_ text: String) -> Int64? {
        Rational.scanDecimal(text)?.units(scale: 6)
    }
}
