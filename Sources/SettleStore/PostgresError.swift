import Foundation

/// A transaction that failed, and whose ROLLBACK failed too (a lost connection, most often): the
/// server rolls back on its own when the connection ends, but the caller hears of both.
public struct RollbackFailed: Error, CustomStringConvertible {
    public let cause: any Error
    public let rollback: any Error
    public var description: String { "\(cause) (and the ROLLBACK after it failed too: \(rollback))" }
}

/// A failure reported by libpq or the PostgreSQL server.
///
/// `description` is what a user sees: the server's message and SQLSTATE, never bind values or a
/// password. `debugDescription` adds the query text and the call site.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable { case connection, query, copy }
        private let base: Base
        public static let connection = Code(base: .connection)
        public static let query = Code(base: .query)
        public static let copy = Code(base: .copy)
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The server's SQLSTATE, e.g. `23505` for a unique violation.
    public let sqlState: String?
    public let message: String
    /// The SQL text (bind values are never part of it).
    public let query: String?
    public let file: String
    public let line: Int

    init(_ code: Code, sqlState: String? = nil, message: String, query: String? = nil,
         file: String = #fileID, line: Int = #line) {
        self.code = code
        self.sqlState = sqlState
        self.message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        self.query = query
        self.file = file
        self.line = line
    }

    public var description: String {
        let state = sqlState.map { " (SQLSTATE \($0))" } ?? ""
        return "PostgreSQL \(code) failed: \(message)\(state)"
    }

    public var debugDescription: String {
        description + (query.map { "\nquery: \($0)" } ?? "") + "\nat \(file):\(line)"
    }

    /// The server refused because another transaction holds what we need (serialization, lock).
    public var isConflict: Bool { sqlState == "40001" || sqlState == "55P03" || sqlState == "40P01" }
}
