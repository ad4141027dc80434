import SettleCore

/// Sums a file's rows per rollup key and day on the client, while the rows stream to the server, so
/// that the rollups of a typical file cost one small COPY instead of an aggregate over every row.
/// They are written one row per month (migration 25), with the month's days in arrays, or on shards
/// one row per day.
///
/// Sums are exact: values carry at most 6 fraction digits (checked on import), so they are held
/// as whole micro-units in checked 64-bit sums. Past `limit` keys (or a sum that would overflow)
/// it gives up (`overflowed`), and the server aggregates instead: memory stays flat whatever the
/// file.
struct RollupAccumulator {
    /// Millionths in 64 bits (24 bytes a key): a sum past ±9.2 trillion gives up rather than wrap.
    struct Sums {
        var first: Int64 = 0
        var second: Int64 = 0
        var rows: Int64 = 0
    }

    /// Keys are packed into one `UInt64` from small numbers standing for the texts (about 60 bytes
    /// a key instead of a string's hundred and more), the day last so that sorted keys keep each
    /// month's days together: revenue provider 20 bits, stream 10, currency 8, role 10, date 12;
    /// hours provider 20, GPU type 10, date 12.
    private(set) var sums: [UInt64: Sums] = [:]
    private(set) var overflowed = false
    private let dataset: Dataset
    /// The most keys kept on the client (about 45 bytes each, half as much again while the table
    /// grows): a 10M-row month of 2,000 providers has 1.3M.
    private let limit: Int
    private var texts: [[String]] = Array(repeating: [], count: 5)
    private var partBytes: [[[UInt8]]] = Array(repeating: [], count: 5)
    /// By the part's `stableHash`.
    private var numbers: [[UInt64: UInt64]] = Array(repeating: [:], count: 5)
    private var lastNumber: [UInt64?] = Array(repeating: nil, count: 5)
    private let bits: [UInt64]
    /// Where the key's parts and the summed values are in a row, found by column name: the key is
    /// provider, stream, currency, role, date (hours: provider, GPU type, date); the sums quantity
    /// and amount (hours: hours).
    private let keyColumns: [Int]
    private let sumColumns: [Int]

    init(dataset: Dataset, limit: Int = 1_500_000) {
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

    /// Adds one checked row: `spans[i]` holds dataset column i's bytes in `bytes` (empty for a
    /// missing optional value); `first` and `second` are the summed values in millionths (`nil`
    /// past 64 bits).
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, spans: [Range<Int>], first: Int64?, second: Int64?) {
        guard !overflowed, !keyColumns.isEmpty else { return }
        // Each part goes straight into the key. A missing optional part (role, GPU type) is "", as
        // in the rollup tables.
        var key: UInt64 = 0
        for dimension in keyColumns.indices {
            let part = UnsafeBufferPointer(rebasing: bytes[spans[keyColumns[dimension]]])
            guard let number = number(of: part, in: dimension) else { return giveUp() }
            key = key << bits[dimension] | number
        }
        if sums[key] == nil && sums.count >= limit { return giveUp() }
        guard let first, let second else { return giveUp() }
        var sum = sums[key, default: Sums()]
        let (newFirst, firstOverflow) = sum.first.addingReportingOverflow(first)
        let (newSecond, secondOverflow) = sum.second.addingReportingOverflow(second)
        guard !firstOverflow, !secondOverflow else { return giveUp() }
        (sum.first, sum.second, sum.rows) = (newFirst, newSecond, sum.rows + 1)
        sums[key] = sum
    }

    /// The number standing for `part` in `dimension`, found by the part's hash and confirmed on its
    /// bytes; `nil` past the dimension's bits (or, never seen yet, two parts with one hash).
    private mutating func number(of part: UnsafeBufferPointer<UInt8>, in dimension: Int) -> UInt64? {
        // Neighbouring rows often share a stream, currency or role: the last part is checked first.
        if let last = lastNumber[dimension], partBytes[dimension][Int(last)].elementsEqual(part) { return last }
        let hash = stableHash(bytes: part)
        if let number = numbers[dimension][hash] {
            guard partBytes[dimension][Int(number)].elementsEqual(part) else { return nil }
            lastNumber[dimension] = number
            return number
        }
        let number = UInt64(texts[dimension].count)
        guard number < 1 << bits[dimension] else { return nil }
        numbers[dimension][hash] = number
        texts[dimension].append(String(decoding: part, as: UTF8.self))
        partBytes[dimension].append(Array(part))
        lastNumber[dimension] = number
        return number
    }

    private mutating func giveUp() {
        overflowed = true
        sums = [:]
        texts = []
        partBytes = []
        numbers = []
        lastNumber = []
    }

    /// Writes the rollup rows with `importID` in key order, handed to `write` in chunks of about
    /// 1 MB (never all at once: a file's rollups can be a few hundred thousand): one row per month
    /// with its days (`monthly`), or one per day. Writes nothing and returns `false` when a month's
    /// total would pass 64 bits: the server sums the rows then.
    func writeCopyRows(importID: String, monthly: Bool, to write: ([UInt8]) throws -> Void) rethrows -> Bool {
        let sorted = sums.sorted { $0.key < $1.key }
        var totals: [Sums] = []
        guard eachRow(of: sorted, monthly: monthly, { _, days in
            guard let total = Self.total(days) else { return false }
            totals.append(total)
            return true
        }) else { return false }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        var row = 0
        try eachRow(of: sorted, monthly: monthly) { key, days in
            var remaining = key
            var parts: [String] = Array(repeating: "", count: bits.count - 1)
            for dimension in parts.indices.reversed() {
                parts[dimension] = texts[dimension][Int(remaining & ((UInt64(1) << bits[dimension]) - 1))]
                remaining >>= bits[dimension]
            }
            let date = monthly ? String(days[days.startIndex].date.prefix(7)) + "-01" : days[days.startIndex].date
            var line = parts.joined(separator: "\t") + "\t" + date + "\t" + importID + "\t" + sumsText(totals[row])
            row += 1
            if monthly {
                line += "\t{" + days.map(\.date).joined(separator: ",") + "}"
                line += "\t{" + days.map { Self.decimal($0.sum.first) }.joined(separator: ",") + "}"
                if dataset == .revenue { line += "\t{" + days.map { Self.decimal($0.sum.second) }.joined(separator: ",") + "}" }
                line += "\t{" + days.map { String($0.sum.rows) }.joined(separator: ",") + "}"
            }
            chunk += (line + "\n").utf8
            if chunk.count >= 1 << 20 {
                try write(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
            return true
        }
        if !chunk.isEmpty { try write(chunk) }
        return true
    }

    /// Calls `body` with each rollup row's key (without its date) and days, ascending, in key order:
    /// the days of one month (`monthly`) or one day. Stops at the first `false`; returns whether
    /// every call returned `true`.
    @discardableResult
    private func eachRow(of sorted: [(key: UInt64, value: Sums)], monthly: Bool,
                         _ body: (UInt64, ArraySlice<(date: String, sum: Sums)>) throws -> Bool) rethrows -> Bool {
        let dateBits = bits[bits.count - 1], dateMask = (UInt64(1) << dateBits) - 1
        let dates = texts[bits.count - 1]
        var start = 0
        while start < sorted.count {
            let key = sorted[start].key >> dateBits
            var end = start + 1
            while end < sorted.count && sorted[end].key >> dateBits == key { end += 1 }
            // A key's dates were numbered as first seen: ISO dates sort as text.
            let days = sorted[start..<end].map { (date: dates[Int($0.key & dateMask)], sum: $0.value) }.sorted { $0.date < $1.date }
            var first = 0
            while first < days.count {
                var last = first + 1
                while monthly && last < days.count && days[last].date.utf8.prefix(7).elementsEqual(days[first].date.utf8.prefix(7)) {
                    last += 1
                }
                guard try body(key, days[first..<last]) else { return false }
                first = last
            }
            start = end
        }
        return true
    }

    /// The days' sums added up; `nil` past 64 bits.
    private static func total(_ days: ArraySlice<(date: String, sum: Sums)>) -> Sums? {
        var total = Sums()
        for day in days {
            let (first, firstOverflow) = total.first.addingReportingOverflow(day.sum.first)
            let (second, secondOverflow) = total.second.addingReportingOverflow(day.sum.second)
            guard !firstOverflow, !secondOverflow else { return nil }
            total = Sums(first: first, second: second, rows: total.rows + day.sum.rows)
        }
        return total
    }

    /// The summed columns of one rollup row: quantity, amount, rows (hours: hours, rows).
    private func sumsText(_ sum: Sums) -> String {
        (dataset == .revenue ? Self.decimal(sum.first) + "\t" + Self.decimal(sum.second) : Self.decimal(sum.first))
            + "\t" + String(sum.rows)
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

    /// Whole millionths as decimal text with 6 fraction digits: `1500000` -> `1.500000`.
    static func decimal(_ micro: Int64) -> String { Rational.format(units: Int(micro), scale: 6) }
}
