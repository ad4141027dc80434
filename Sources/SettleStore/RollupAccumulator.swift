import SettleCore

/// Sums a file's rows per rollup key on the client, while the rows stream to the server, so that
/// the rollups of a typical file cost one small COPY instead of an aggregate over every row.
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
    /// a key instead of a string's hundred and more): provider 20 bits, date 12, and 10, 8 and 10
    /// for stream, currency and role (or GPU type in the second field for hours).
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
    private static let bits: [UInt64] = [20, 12, 10, 8, 10]
    /// Where the key's parts and the summed values are in a row, found by column name: the key is
    /// provider, date, stream, currency, role (hours: provider, date, GPU type); the sums quantity
    /// and amount (hours: hours).
    private let keyColumns: [Int]
    private let sumColumns: [Int]

    init(dataset: Dataset, limit: Int = 1_500_000) {
        self.dataset = dataset
        self.limit = limit
        let (key, summed): ([StaticString], [StaticString]) = switch dataset {
        case .revenue: (["provider_id", "date", "stream", "currency", "role"], ["quantity", "amount"])
        case .computeHours: (["provider_id", "date", "gpu_type"], ["hours"])
        case .fxRates: ([], [])
        }
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
        // Each part goes straight into the key. A missing optional part (role, GPU type) and the
        // unused dimensions of hours are "", as in the rollup tables.
        var key: UInt64 = 0
        for dimension in 0..<Self.bits.count {
            let part = dimension < keyColumns.count ? UnsafeBufferPointer(rebasing: bytes[spans[keyColumns[dimension]]])
                : UnsafeBufferPointer(rebasing: bytes[0..<0])
            guard let number = number(of: part, in: dimension) else { return giveUp() }
            key = key << Self.bits[dimension] | number
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
        guard number < 1 << Self.bits[dimension] else { return nil }
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

    /// COPY text rows for the rollup table, with `importID`, in key order, handed to `write` in
    /// chunks of about 1 MB (never all at once: a file's rollups can be a few hundred thousand).
    func writeCopyRows(importID: String, to write: ([UInt8]) throws -> Void) rethrows {
        let dimensions = dataset == .revenue ? 5 : 3
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        for (key, sum) in sums.sorted(by: { $0.key < $1.key }) {
            var remaining = key, parts: [String] = Array(repeating: "", count: 5)
            for dimension in (0..<5).reversed() {
                let mask = (UInt64(1) << Self.bits[dimension]) - 1
                parts[dimension] = texts[dimension].isEmpty ? "" : texts[dimension][Int(remaining & mask)]
                remaining >>= Self.bits[dimension]
            }
            var line = parts.prefix(dimensions).joined(separator: "\t") + "\t" + importID + "\t" + Self.decimal(sum.first)
            if dataset == .revenue { line += "\t" + Self.decimal(sum.second) }
            chunk += (line + "\t" + String(sum.rows) + "\n").utf8
            if chunk.count >= 1 << 20 {
                try write(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { try write(chunk) }
    }

    /// The COPY statement matching `writeCopyRows`.
    /// The rollup table and the columns of `writeCopyRows`, in its order.
    var table: Identifier { dataset == .revenue ? Identifier("revenue_rollup") : Identifier("hours_rollup") }
    var columns: SQL {
        dataset == .revenue
            ? "provider_id, date, stream, currency, role, import_id, quantity, amount, rows"
            : "provider_id, date, gpu_type, import_id, hours, rows"
    }

    /// Checked decimal text as whole millionths; `nil` past 64 bits (or for text the import refuses).
    static func microUnits(_ text: String) -> Int64? {
        Rational.scanDecimal(text)?.units(scale: 6)
    }

    /// Whole millionths as decimal text with 6 fraction digits: `1500000` -> `1.500000`.
    static func decimal(_ micro: Int64) -> String { Rational.format(units: Int(micro), scale: 6) }
}
