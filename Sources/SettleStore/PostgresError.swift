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
/// `description` is what a user sees: the server's primary message and SQLSTATE, never its DETAIL
/// (which may quote the values of a row), bind values or a password. `debugDescription` adds the
/// detail, the query text and the call site, for a developer.
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
    /// The server's primary message (libpq's own, for a connection that failed).
    public let message: String
    /// The server's DETAIL and HINT, which may quote values.
    public let detail: String?
    /// The SQL text (bind values are never part of it).
    public let query: String?
    public let file: String
    public let line: Int

    init(_ code: Code, sqlState: String? = nil, message: String, detail: String? = nil, query: String? = nil,
         file: String = #fileID, line: Int = #line) {
        self.code = code
        self.sqlState = sqlState
        self.message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        self.detail = detail
        self.query = query
        self.file = file
        self.line = line
    }

    public var description: String {
        let state = sqlState.map { " (SQLSTATE \($0))" } ?? ""
        return "PostgreSQL \(code) failed: \(message)\(state)"
    }

    public var debugDescription: String {
        description + (detail.map { "\n\($0)" } ?? "") + (query.map { "\nquery: \($0)" } ?? "") + "\nat \(file):\(line)"
    }

    /// The server refused because another transaction holds what we need (serialization, lock).
    public var isConflict: Bool { sqlState == "40001" || sqlState == "55P03" || sqlState == "40P01" }
}
