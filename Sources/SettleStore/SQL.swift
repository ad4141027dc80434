public import SettleCore

/// The text of one SQL statement, which can never carry a value: values travel as bind parameters
/// (`$1`, `$2`, ...). It is written as a literal (static text only), and interpolation accepts only
/// identifiers from the schema's fixed names, other `SQL`, and (for DDL, which takes no parameters)
/// a date. The one door for other text is `SQL(unchecked:)`, named so that it stands out in review.
///
/// ```swift
/// let sql: SQL = "SELECT count(*) FROM \(dataset.table) WHERE import_id = $1"
/// ```
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public let description: String

    public init(stringLiteral text: StaticString) {
        description = text.description
    }

    /// SQL from text that was not written as a literal: the caller vouches that no input reaches it
    /// (a test's own statements, a role name it chose).
    public init(unchecked text: String) {
        description = text
    }

    public init(stringInterpolation: StringInterpolation) {
        description = stringInterpolation.text
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) { text += literal.description }

        mutating func appendInterpolation(_ identifier: Identifier) { text += identifier.name }

        /// A comma-separated list: `a, b, c`.
        mutating func appendInterpolation(_ identifiers: [Identifier]) {
            text += identifiers.map(\.name).joined(separator: ", ")
        }

        public mutating func appendInterpolation(_ sql: SQL) { text += sql.description }

        /// A date constant, `'2026-10-01'` (digits and dashes only), for partition bounds.
        public mutating func appendInterpolation(_ day: Day) { text += "'\(day)'" }

        /// A whole number, for DDL that takes no parameters (a hash partition's modulus and remainder).
        mutating func appendInterpolation(_ number: Int) { text += String(number) }

        /// A table name Settle chose, as a string constant (`'revenue_p2026_10'`), for a foreign
        /// table's `table_name` option. Only unquoted names (a-z, 0-9, `_`) can be given.
        mutating func appendInterpolation(literal identifier: Identifier) {
            precondition(identifier.name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 },
                         "unexpected table name \(identifier.name)")
            text += "'" + identifier.name + "'"
        }
    }
}

extension Array where Element == SQL {
    /// The parts one after the other with `separator` between them: SQL made only of SQL.
    func joined(separator: SQL) -> SQL {
        SQL(unchecked: map(\.description).joined(separator: separator.description))
    }
}

/// A table, column or database name: built from string literals in this module (or from one and a
/// period, for monthly partitions, or a name Settle chose and checked), so no input can ever reach
/// SQL text this way.
struct Identifier: Hashable, Sendable {
    let name: String

    init(_ name: StaticString) {
        self.name = name.description
    }

    /// A database name Settle itself chose (`settle_demo`, a test's database): lower-case letters,
    /// digits and `_` only, quoted; anything else is a bug.
    init(quoting name: String) {
        precondition(!name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 },
                     "unexpected identifier \(name)")
        self.name = "\"" + name + "\""
    }

    /// The monthly partition of a partitioned table: `revenue_p2026_10`.
    init(partitionOf table: Identifier, month: Period) {
        name = table.name + "_p" + String(month.description.map { $0 == "-" ? "_" : $0 })
    }

    /// The hash partition of a monthly partition that lives on the shard at `position`:
    /// `revenue_p2026_10_s0`, a foreign table.
    init(shardPartitionOf partition: Identifier, position: Int) {
        name = partition.name + "_s" + String(position)
    }
}
