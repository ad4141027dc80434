@testable import SettleStore
import SettleTestSupport
import Testing

@Suite("Rollups summed on the client")
struct RollupAccumulatorTests {
    @Test("decimals become exact micro-units, and back through the server in COPY's binary format", arguments: [
        ("12.5", Int64(12_500_000), "12.500000"), ("-0.000001", Int64(-1), "-0.000001"), ("7", Int64(7_000_000), "7.000000"),
        ("-1234567.891", Int64(-1_234_567_891_000), "-1234567.891000"), ("0", Int64(0), "0.000000"),
        ("10000", Int64(10_000_000_000), "10000.000000"), ("0.0001", Int64(100), "0.000100"),
        ("100000000.00005", Int64(100_000_000_000_050), "100000000.000050"),
    ])
    func microUnits(text: String, micro: Int64, back: String) throws {
        #expect(RollupAccumulator.microUnits(text) == micro)
        #expect(try Self.numericsReadBack([micro]) == [back])
    }

    @Test("the extremes of 64 bits are written without trapping")
    func extremes() throws {
        #expect(try Self.numericsReadBack([Int64.min, Int64.max]) == ["-9223372036854.775808", "9223372036854.775807"])
    }

    @Test("an amount past 64 bits of millionths gives up instead of trapping")
    func hugeAmount() {
        #expect(RollupAccumulator.microUnits("9223372036854.775807") == Int64.max)
        #expect(RollupAccumulator.microUnits("9223372036854.775808") == nil)
        #expect(RollupAccumulator.microUnits("1" + String(repeating: "0", count: 40)) == nil)
        var rollups = RollupAccumulator(dataset: .revenue)
        rollups.add(.revenue, ["r", "2026-10-01", "p-1", "api_usage", "1", "1" + String(repeating: "0", count: 40), "EUR", nil, nil])
        #expect(rollups.overflowed)
    }

    @Test("rows with the same key and day add up exactly; rows without a role have the key ''")
    func sums() throws {
        var rollups = RollupAccumulator(dataset: .revenue)
        for (amount, role) in [("10.10", nil), ("-0.10", nil), ("5.000001", "executed")] as [(String, String?)] {
            rollups.add(.revenue, ["r", "2026-10-01", "p-1", "api_usage", "2", amount, "EUR", role, nil])
        }
        #expect(try Self.copied(rollups, importID: 9, monthly: false) == """
            p-1\tapi_usage\tEUR\t\t2026-10-01\t9\t4.000000\t10.000000\t2
            p-1\tapi_usage\tEUR\texecuted\t2026-10-01\t9\t2.000000\t5.000001\t1

            """)
    }

    @Test("monthly rows: the month's totals, then its days ascending, one row per month")
    func months() throws {
        var rollups = RollupAccumulator(dataset: .revenue)
        for (date, amount) in [("2026-10-20", "1.5"), ("2026-11-02", "7"), ("2026-10-03", "2.25"), ("2026-10-20", "0.25")] {
            rollups.add(.revenue, ["r", date, "p-1", "api_usage", "1", amount, "EUR", nil, nil])
        }
        #expect(try Self.copied(rollups, importID: 9, monthly: true) == """
            p-1\tapi_usage\tEUR\t\t2026-10-01\t9\t3.000000\t4.000000\t3\t{3,20}\t{1.000000,2.000000}\t{2.250000,1.750000}\t{1,2}
            p-1\tapi_usage\tEUR\t\t2026-11-01\t9\t1.000000\t7.000000\t1\t{2}\t{1.000000}\t{7.000000}\t{1}

            """)
        var hours = RollupAccumulator(dataset: .computeHours)
        hours.add(.computeHours, ["h", "2026-10-09", "p-1", "2.5", nil])
        #expect(try Self.copied(hours, importID: 3, monthly: true) == "p-1\t\t2026-10-01\t3\t2.500000\t1\t{9}\t{2.500000}\t{1}\n")
    }

    @Test("a key with every day of the month, each twice: found again past its list's walk, summed per day")
    func everyDay() throws {
        var rollups = RollupAccumulator(dataset: .computeHours)
        for _ in 0..<2 {
            for day in 1...31 { rollups.add(.computeHours, ["r", "2026-10-" + (day < 10 ? "0\(day)" : "\(day)"), "p-1", "1.5", "h100"]) }
        }
        #expect(rollups.days == 31)

        let days = (1...31).map(String.init).joined(separator: ",")
        let hours = Array(repeating: "3.000000", count: 31).joined(separator: ",")
        let counts = Array(repeating: "2", count: 31).joined(separator: ",")
        #expect(try Self.copied(rollups, importID: 4, monthly: true) == "p-1\th100\t2026-10-01\t4\t93.000000\t62\t{\(days)}\t{\(hours)}\t{\(counts)}\n")
    }

    @Test("a key with more dates than its block has slots: every day still found, each month summed")
    func moreDatesThanSlots() throws {
        var rollups = RollupAccumulator(dataset: .computeHours)
        let day = { (number: Int) in number < 10 ? "0\(number)" : "\(number)" }
        let dates = (1...31).map { "2026-10-" + day($0) } + (1...30).map { "2026-11-" + day($0) } + (1...10).map { "2026-12-" + day($0) }
        for _ in 0..<2 { for date in dates { rollups.add(.computeHours, ["r", date, "p-1", "1", nil]) } }
        #expect(rollups.days == 71)
        let totals = try Self.copied(rollups, importID: 5, monthly: true).split(separator: "\n").map { $0.split(separator: "\t").prefix(5).joined(separator: " ") }
        #expect(totals == ["p-1 2026-10-01 5 62.000000 62", "p-1 2026-11-01 5 60.000000 60", "p-1 2026-12-01 5 20.000000 20"])
    }

    @Test("days that fit 64 bits but whose month would not give up while adding: the server sums them")
    func monthTotalOverflow() {
        var rollups = RollupAccumulator(dataset: .computeHours)
        rollups.add(.computeHours, ["r", "2026-10-01", "p-1", "5000000000000", "h100"])
        #expect(!rollups.overflowed)
        rollups.add(.computeHours, ["r", "2026-10-02", "p-1", "5000000000000", "h100"])   // 2 x 5e18 millionths
        #expect(rollups.overflowed)
    }

    @Test("a sum that would pass 64 bits gives up instead of wrapping")
    func sumOverflow() {
        var rollups = RollupAccumulator(dataset: .computeHours)
        for _ in 0..<2 { rollups.add(.computeHours, ["r", "2026-10-01", "p-1", "5000000000000", "h100"]) }   // 2 x 5e18 millionths
        #expect(rollups.overflowed)
    }

    @Test("past its limit it gives up and leaves the sums to the server")
    func overflow() {
        var rollups = RollupAccumulator(dataset: .computeHours, limit: 2)
        for day in ["01", "02", "03"] { rollups.add(.computeHours, ["r", "2026-10-\(day)", "p-1", "1.5", "h100"]) }
        #expect(rollups.overflowed)
        #expect(rollups.days == 0)
    }
}

extension RollupAccumulatorTests {
    /// What `writeCopyRows` gives, read back from a real server: copied in binary into a table of
    /// the rollup's columns, then out as COPY's text, a line a row.
    static func copied(_ rollups: RollupAccumulator, importID: Int64, monthly: Bool) throws -> String {
        let types = ["provider_id": "text", "stream": "text", "currency": "text", "role": "text", "gpu_type": "text",
                     "date": "date", "import_id": "bigint", "quantity": "numeric", "amount": "numeric", "hours": "numeric",
                     "rows": "bigint", "days": "smallint[]", "day_quantity": "numeric[]", "day_amount": "numeric[]",
                     "day_hours": "numeric[]", "day_rows": "bigint[]"]
        let columns = rollups.columns(monthly: monthly)
        let definitions = columns.description.split(separator: ", ").map { "\($0) \(types[String($0)]!)" }.joined(separator: ", ")
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        try db.connection.query(SQL(unchecked: "CREATE TABLE copied (\(definitions))"))
        try db.connection.copy("COPY copied (\(columns)) FROM STDIN (FORMAT binary)") { writer in
            try rollups.writeCopyRows(importID: importID, monthly: monthly) { try writer.write($0) }
        }
        var text: [UInt8] = []
        try db.connection.copyOut("COPY copied TO STDOUT") { text += $0 }
        return String(decoding: text, as: UTF8.self)
    }

    /// Millionths written as binary `numeric`s, read back by the server as text.
    static func numericsReadBack(_ values: [Int64]) throws -> [String] {
        let db = try TestDatabase(.empty)
        defer { db.drop() }
        try db.connection.query("CREATE TABLE numbers (position serial, value numeric)")
        var bytes = BinaryCopy.header
        for value in values {
            BinaryCopy.appendFieldCount(1, to: &bytes)
            BinaryCopy.appendNumeric(micro: value, to: &bytes)
        }
        bytes += BinaryCopy.trailer
        try db.connection.copy("COPY numbers (value) FROM STDIN (FORMAT binary)") { try $0.write(bytes) }
        return try db.rows("SELECT value::text FROM numbers ORDER BY position").map { $0[0] ?? "NULL" }
    }
}

extension RollupAccumulator {
    /// One row of checked values, handed over as the direct import does: their bytes one after the
    /// other, each column's span, and the summed columns in millionths.
    mutating func add(_ dataset: Dataset, _ values: [String?]) {
        var bytes: [UInt8] = [], spans: [Range<Int>] = []
        for value in values {
            let start = bytes.count
            bytes += Array((value ?? "").utf8)
            spans.append(start..<bytes.count)
        }
        let summed = dataset.columns.indices.filter { ["quantity", "amount", "hours"].contains(dataset.columns[$0].sqlName.name) }
        let micro = summed.map { RollupAccumulator.microUnits(values[$0] ?? "") }
        bytes.withUnsafeBufferPointer { add($0, spans: spans, first: micro[0], second: micro.count > 1 ? micro[1] : 0) }
    }
}
