/// Sums a file's rows per rollup key on the client, while the rows stream to the server, so that
/// the rollups of a typical file cost one small COPY instead of an aggregate over every row.
///
/// Sums are exact: values carry at most 6 fraction digits (checked on import), so they are held
/// as whole micro-units in `Int128`. Past `limit` keys it gives up (`overflowed`), and the server
/// aggregates instead: memory stays flat whatever the file.
struct RollupAccumulator {
    struct Sums {
        var first: Int128 = 0
        var second: Int128 = 0
        var rows: Int64 = 0
    }

    private(set) var sums: [String: Sums] = [:]
    private(set) var overflowed = false
    private let dataset: Dataset
    /// The most keys kept on the client (about 100 bytes each).
    private let limit: Int

    init(dataset: Dataset, limit: Int = 200_000) {
        self.dataset = dataset
        self.limit = limit
    }

    /// Adds one row's checked values (in the dataset's column order).
    mutating func add(_ values: [String?]) {
        guard !overflowed else { return }
        let key: String
        let first: Int128, second: Int128
        switch dataset {
        case .revenue:
            // ref, date, provider, stream, quantity, amount, currency, role, customer
            key = "\(values[2]!)\t\(values[1]!)\t\(values[3]!)\t\(values[6]!)\t\(values[7] ?? "")"
            first = Self.microUnits(values[4]!)
            second = Self.microUnits(values[5]!)
        case .computeHours:
            // ref, date, provider, hours, gpu_type
            key = "\(values[2]!)\t\(values[1]!)\t\(values[4] ?? "")"
            first = Self.microUnits(values[3]!)
            second = 0
        case .fxRates:
            return
        }
        if sums[key] == nil && sums.count >= limit {
            overflowed = true
            sums = [:]
            return
        }
        sums[key, default: Sums()].first += first
        sums[key, default: Sums()].second += second
        sums[key, default: Sums()].rows += 1
    }

    /// COPY text rows for the rollup table, with `importID`, in a fixed order.
    func copyRows(importID: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for (key, sum) in sums.sorted(by: { $0.key < $1.key }) {
            var line = key + "\t" + importID + "\t" + Self.decimal(sum.first)
            if dataset == .revenue { line += "\t" + Self.decimal(sum.second) }
            line += "\t" + String(sum.rows) + "\n"
            bytes += Array(line.utf8)
        }
        return bytes
    }

    /// The COPY statement matching `copyRows`.
    var copySQL: String {
        dataset == .revenue
            ? "COPY revenue_rollup (provider_id, date, stream, currency, role, import_id, quantity, amount, rows) FROM STDIN"
            : "COPY hours_rollup (provider_id, date, gpu_type, import_id, hours, rows) FROM STDIN"
    }

    /// Checked decimal text (at most 6 fraction digits) as whole millionths.
    static func microUnits(_ text: String) -> Int128 {
        var value: Int128 = 0
        var negative = false, fraction = -1
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): fraction = 0
            default:
                value = value * 10 + Int128(byte - UInt8(ascii: "0"))
                if fraction >= 0 { fraction += 1 }
            }
        }
        for _ in 0..<(6 - max(fraction, 0)) { value *= 10 }
        return negative ? -value : value
    }

    /// Whole millionths as decimal text with 6 fraction digits: `1500000` -> `1.500000`.
    static func decimal(_ micro: Int128) -> String {
        let digits = String(micro.magnitude)
        let padded = digits.count <= 6 ? String(repeating: "0", count: 7 - digits.count) + digits : digits
        return (micro < 0 ? "-" : "") + padded.dropLast(6) + "." + padded.suffix(6)
    }
}
