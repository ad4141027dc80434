public import SettleCore

/// One row of a result, as libpq's text, decoded in one place: each accessor throws a
/// `RowDecodingError` naming the column and the query when a value is missing or unreadable, so a
/// schema that drifted from the code is an error a developer can place, never a crash.
///
/// ```swift
/// let row = try db.query("SELECT run_id, period FROM runs WHERE ...").rows[0]
/// let runID = try row.int64(0)
/// ```
public struct QueryRow: Sendable {
    /// The raw text of each column; `nil` for SQL NULL.
    public let values: [String?]
    let shape: ResultShape

    /// The raw text of column `index`; `nil` for SQL NULL.
    public subscript(_ index: Int) -> String? { values[index] }

    public func text(_ index: Int) throws(RowDecodingError) -> String {
        guard let value = values[index] else { throw shape.error(column: index, expected: "a value", found: "NULL") }
        return value
    }

    public func int(_ index: Int) throws(RowDecodingError) -> Int { try parse(index, "an integer", Int.init) }
    public func int64(_ index: Int) throws(RowDecodingError) -> Int64 { try parse(index, "an integer", Int64.init) }
    public func rational(_ index: Int) throws(RowDecodingError) -> Rational { try parse(index, "a decimal") { Rational(decimal: $0) } }
    public func day(_ index: Int) throws(RowDecodingError) -> Day { try parse(index, "a date", Day.init) }
    /// A month written `YYYY-MM` (`to_char(period, 'YYYY-MM')`).
    public func period(_ index: Int) throws(RowDecodingError) -> Period { try parse(index, "a month", Period.init) }
    public func currency(_ index: Int) throws(RowDecodingError) -> Currency { try parse(index, "a currency") { Currency(code: $0) } }

    /// PostgreSQL's `t` or `f`.
    public func bool(_ index: Int) throws(RowDecodingError) -> Bool {
        try parse(index, "a boolean") { $0 == "t" ? true : $0 == "f" ? false : nil }
    }

    /// A value of a `RawRepresentable` type stored as its raw text (a status, a reason).
    public func value<T: RawRepresentable>(_ type: T.Type, _ index: Int) throws(RowDecodingError) -> T where T.RawValue == String {
        try parse(index, "a \(T.self)") { T(rawValue: $0) }
    }

    /// A stored document (canonical JSON) as its value.
    func document<T: Decodable>(_ type: T.Type, _ index: Int) throws(RowDecodingError) -> T {
        let text = try text(index)
        do {
            return try Canonical.decode(type, text)
        } catch {
            throw shape.error(column: index, expected: "a stored \(T.self)", found: "a document it cannot read")
        }
    }

    private func parse<T>(_ index: Int, _ expected: String, _ read: (String) -> T?) throws(RowDecodingError) -> T {
        let raw = try text(index)
        guard let value = read(raw) else { throw shape.error(column: index, expected: expected, found: "an unreadable value") }
        return value
    }
}

/// The column names and query text that the rows of one result share.
final class ResultShape: Sendable {
    let columns: [String]
    let query: String

    init(columns: [String], query: String) {
        self.columns = columns
        self.query = query
    }

    func error(column index: Int, expected: String, found: String) -> RowDecodingError {
        let name = index < columns.count ? columns[index] : "#\(index + 1)"
        let firstLine = query.split(separator: "\n").first?.drop(while: \.isWhitespace) ?? ""
        return RowDecodingError(description: "column \(name) of `\(firstLine)…`: expected \(expected), found \(found)")
    }
}

/// A stored value the code cannot read: the schema and the code disagree.
public struct RowDecodingError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
