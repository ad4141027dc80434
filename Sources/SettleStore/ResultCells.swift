import CLibPQ
import SettleCore

/// One row of a result read in place: each value is libpq's bytes, parsed where it lies, and text
/// that repeats from row to row (a provider, a stream, a currency) is made a `String` once
/// (`Interner`). For the hundreds of thousands of window sums a run reads: as `QueryRow`, a
/// `String` per value was a sixth of the run's client CPU at 20,000 providers (issue 19, perf).
///
/// Valid only inside the closure it is handed to (it cannot be copied out of it); errors name the
/// column and the query as `QueryRow`'s do.
struct ResultCells: ~Copyable {
    private let result: OpaquePointer
    private let row: Int32
    private let shape: ResultShape

    init(_ result: OpaquePointer, row: Int32, shape: ResultShape) {
        self.result = result
        self.row = row
        self.shape = shape
    }

    func isNull(_ column: Int) -> Bool { PQgetisnull(result, row, Int32(column)) == 1 }

    /// The bytes of a value that is not NULL.
    func bytes(_ column: Int) throws(RowDecodingError) -> UnsafeBufferPointer<UInt8> {
        guard !isNull(column) else { throw shape.error(column: column, expected: "a value", found: "NULL") }
        let start = UnsafeRawPointer(PQgetvalue(result, row, Int32(column))!).assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: start, count: Int(PQgetlength(result, row, Int32(column))))
    }

    /// The text of `column`, the same `String` as the last time `interner` saw these bytes.
    func text(_ column: Int, _ interner: inout Interner<String>) throws(RowDecodingError) -> String {
        interner.value(try bytes(column)) { String(decoding: $0, as: UTF8.self) }!
    }

    func rational(_ column: Int) throws(RowDecodingError) -> Rational {
        try parse(column, "a decimal") { Rational(decimalBytes: $0) }
    }

    func int(_ column: Int) throws(RowDecodingError) -> Int {
        try parse(column, "an integer", Self.integer)
    }

    /// Decimal digits with an optional `-` as an `Int`; `nil` for anything else.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var rest = bytes[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty, rest.count <= 18 else { return nil }
        var value = 0
        for byte in rest {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    func day(_ column: Int) throws(RowDecodingError) -> Day {
        try parse(column, "a date") { Day(bytes: $0) }
    }

    /// A currency code, looked up once per distinct code in `interner`.
    func currency(_ column: Int, _ interner: inout Interner<Currency>) throws(RowDecodingError) -> Currency {
        let bytes = try bytes(column)
        guard let currency = interner.value(bytes, { Currency(code: String(decoding: $0, as: UTF8.self)) }) else {
            throw shape.error(column: column, expected: "a currency", found: "an unreadable value")
        }
        return currency
    }

    private func parse<T>(_ column: Int, _ expected: String,
                          _ read: (UnsafeBufferPointer<UInt8>) -> T?) throws(RowDecodingError) -> T {
        guard let value = read(try bytes(column)) else {
            throw shape.error(column: column, expected: expected, found: "an unreadable value")
        }
        return value
    }
}

/// Values read from text that repeats (a provider, a stream, a currency), each made once: the
/// last one seen is checked first (a provider's rows come together), then the few others seen
/// before.
struct Interner<Value> {
    private var seen: [(bytes: [UInt8], value: Value)] = []
    private var last = -1
    /// Past this many distinct texts the first kept is forgotten.
    private let capacity: Int

    init(capacity: Int = 16) {
        precondition(capacity > 0, "an interner keeps at least one value")
        self.capacity = capacity
    }

    /// The value of `bytes`, made by `make` the first time; `nil` when `make` gives none.
    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, _ make: (UnsafeBufferPointer<UInt8>) -> Value?) -> Value? {
        if last >= 0, bytes.hasSameBytes(as: seen[last].bytes) { return seen[last].value }
        if let index = seen.firstIndex(where: { bytes.hasSameBytes(as: $0.bytes) }) {
            last = index
            return seen[index].value
        }
        guard let value = make(bytes) else { return nil }
        if seen.count == capacity { seen.removeFirst() }
        seen.append((Array(bytes), value))
        last = seen.count - 1
        return value
    }
}
