import CLibPQ
import Foundation

/// One libpq connection. It owns its `PGconn`, which is freed in exactly one place: `deinit`.
///
/// SQL is never built from values: every value travels as a bind parameter (`$1`, `$2`, ...) and
/// identifiers come from fixed lists in the code.
///
/// ```swift
/// let db = try PostgresConnection(.url("postgresql:///settle?host=/tmp"))
/// try db.query("SELECT $1::int + 1", ["41"]).rows[0][0]   // "42"
/// ```
public final class PostgresConnection {
    private let handle: OpaquePointer

    /// Connects with libpq keyword/value pairs (never a conninfo string built by hand).
    public init(parameters: [(String, String)], file: String = #fileID, line: Int = #line) throws {
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keys in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { vals in
                PQconnectdbParams(keys.baseAddress, vals.baseAddress, 1)
            }
        }
        guard let connection else {
            throw PostgresError(.connection, message: "libpq could not allocate a connection", file: file, line: line)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(.connection, message: message, file: file, line: line)
        }
        handle = connection
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// The keyword/value pairs libpq reads from `conninfo` (a URI or a keyword string), only those
    /// set, in libpq's order; `nil` with libpq's reason when it cannot read it. Nothing connects.
    ///
    /// ```swift
    /// try PostgresConnection.parse(conninfo: "postgresql:///shard?host=/tmp/a").get()
    /// // [("dbname", "shard"), ("host", "/tmp/a")]
    /// ```
    public static func parse(conninfo: String) -> Result<[(String, String)], PostgresError> {
        var message: UnsafeMutablePointer<CChar>? = nil
        guard let options = PQconninfoParse(conninfo, &message) else {
            let reason = message.map { String(cString: $0) } ?? "libpq could not read it"
            if let message { PQfreemem(message) }
            return .failure(PostgresError(.connection, message: reason))
        }
        defer { PQconninfoFree(options) }
        return .success(pairs(options))
    }

    /// A second connection with this one's parameters (`PQconninfo`: the same server, database
    /// and user), to read beside it.
    public func sibling(file: String = #fileID, line: Int = #line) throws -> PostgresConnection {
        guard let options = PQconninfo(handle) else {
            throw PostgresError(.connection, message: "libpq could not give the connection's parameters", file: file, line: line)
        }
        defer { PQconninfoFree(options) }
        return try PostgresConnection(parameters: Self.pairs(options), file: file, line: line)
    }

    /// The options that are set, in libpq's order.
    private static func pairs(_ options: UnsafeMutablePointer<PQconninfoOption>) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { pairs.append((String(cString: keyword), String(cString: value))) }
            option = option.advanced(by: 1)
        }
        return pairs
    }

    /// Runs one statement with bind parameters and returns all its rows as text.
    @discardableResult
    public func query(_ sql: SQL, _ parameters: [String?] = [], file: String = #fileID, line: Int = #line)
        throws -> QueryResult {
        let result = withCStrings(parameters) { values in
            PQexecParams(handle, sql.description, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try consume(result, sql: sql, file: file, line: line)
    }

    /// As `query(_:_:)`, but hands the rows to `body` one at a time as they are read out of the
    /// result, instead of holding them all as text beside it (the rules of 22,667 contract versions
    /// are 187,336 rows at 20,000 providers: issue 19).
    func query(_ sql: SQL, _ parameters: [String?] = [], file: String = #fileID, line: Int = #line,
               eachRow body: (QueryRow) throws -> Void) throws {
        let result = withCStrings(parameters) { values in
            PQexecParams(handle, sql.description, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        try consume(result, sql: sql, file: file, line: line) { try QueryResult.forEachRow($0, query: sql.description, body) }
    }

    /// As `query(_:_:eachRow:)`, each row's values read in place (`ResultCells`).
    func query(_ sql: SQL, _ parameters: [String?] = [], file: String = #fileID, line: Int = #line,
               eachCells body: (borrowing ResultCells) throws -> Void) throws {
        let result = withCStrings(parameters) { values in
            PQexecParams(handle, sql.description, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        try consume(result, sql: sql, file: file, line: line) { result in
            let columnCount = Int(PQnfields(result))
            let shape = ResultShape(columns: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) },
                                    query: sql.description)
            for row in 0..<PQntuples(result) { try body(ResultCells(result, row: row, shape: shape)) }
        }
    }

    /// Runs a script of several statements without parameters (migrations).
    public func execute(script sql: SQL, file: String = #fileID, line: Int = #line) throws {
        _ = try consume(PQexec(handle, sql.description), sql: sql, file: file, line: line)
    }

    /// Runs a `COPY ... FROM STDIN` statement, feeding it the chunks that `produce` writes.
    ///
    /// - Returns: the number of rows copied.
    @discardableResult
    public func copy(_ sql: SQL, file: String = #fileID, line: Int = #line,
                     _ produce: (CopyWriter) throws -> Void) throws -> Int {
        let start = PQexec(handle, sql.description)
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try consume(start, sql: sql, file: file, line: line)
            throw PostgresError(.copy, message: "the server did not start COPY", query: sql.description, file: file, line: line)
        }
        PQclear(start)
        let writer = CopyWriter(handle: handle)
        do {
            try produce(writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "aborted by the client")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw PostgresError(.copy, message: lastError, query: sql.description, file: file, line: line)
        }
        let result = try consume(PQgetResult(handle), sql: sql, file: file, line: line)
        drainResults()
        return result.affectedRows
    }

    /// Runs a `COPY ... TO STDOUT` statement, handing each row's bytes to `receive` as the server
    /// sends them: constant memory however many rows there are.
    ///
    /// - Returns: the number of rows copied.
    @discardableResult
    public func copyOut(_ sql: SQL, file: String = #fileID, line: Int = #line,
                        _ receive: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let start = PQexec(handle, sql.description)
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            _ = try consume(start, sql: sql, file: file, line: line)
            throw PostgresError(.copy, message: "the server did not start COPY", query: sql.description, file: file, line: line)
        }
        PQclear(start)
        var buffer: UnsafeMutablePointer<CChar>?
        var length = PQgetCopyData(handle, &buffer, 0)
        while length >= 0 {
            do {
                defer { PQfreemem(buffer) }
                try receive(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
            } catch {
                // Stop the server and read what it sends until the end: the connection stays usable.
                PQrequestCancel(handle)
                while PQgetCopyData(handle, &buffer, 0) >= 0 { PQfreemem(buffer) }
                drainResults()
                throw error
            }
            length = PQgetCopyData(handle, &buffer, 0)
        }
        if length == -2 { throw PostgresError(.copy, message: lastError, query: sql.description, file: file, line: line) }
        // -1: the copy is done; its result says whether the server finished it without error.
        let result = try consume(PQgetResult(handle), sql: sql, file: file, line: line)
        drainResults()
        return result.affectedRows
    }

    public enum Isolation: Sendable {
        case readCommitted, repeatableRead
        /// REPEATABLE READ and READ ONLY: one snapshot, and the server itself refuses every write
        /// (temporary tables and `nextval` included), for work that must change nothing (a preview).
        case readOnlySnapshot

        var begin: SQL {
            switch self {
            case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
            case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .readOnlySnapshot: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            }
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// - Throws: at once when a transaction is already open on this connection: PostgreSQL has no
    ///   nested transactions, and an inner COMMIT would commit the outer one's work early.
    public func transaction<T>(_ isolation: Isolation = .readCommitted, _ body: () throws -> T) throws -> T {
        guard !isInTransaction else {
            throw PostgresError(.query, message: "a transaction is already open on this connection; transactions do not nest")
        }
        try query(isolation.begin)
        do {
            let value = try body()
            try query("COMMIT")
            return value
        } catch {
            do {
                try query("ROLLBACK")
            } catch let rollback {
                throw RollbackFailed(cause: error, rollback: rollback)
            }
            throw error
        }
    }

    /// Whether a transaction is open on this connection (libpq's `PQtransactionStatus`).
    var isInTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

    var lastError: String { String(cString: PQerrorMessage(handle)) }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    private func consume(_ result: OpaquePointer?, sql statement: SQL, file: String, line: Int) throws -> QueryResult {
        try consume(result, sql: statement, file: file, line: line) { QueryResult($0, query: statement.description) }
    }

    private func consume<T>(_ result: OpaquePointer?, sql statement: SQL, file: String, line: Int,
                            _ read: (OpaquePointer) throws -> T) throws -> T {
        let sql = statement.description
        guard let result else {
            throw PostgresError(.query, message: lastError, query: sql, file: file, line: line)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return try read(result)
        default:
            func field(_ code: Character) -> String? {
                PQresultErrorField(result, Int32(code.asciiValue ?? 0)).map { String(cString: $0) }
            }
            let detail = [field("D").map { "DETAIL: \($0)" }, field("H").map { "HINT: \($0)" }].compactMap { $0 }
            throw PostgresError(.query, sqlState: field("C"), message: field("M") ?? lastError,
                                detail: detail.isEmpty ? nil : detail.joined(separator: "\n"), query: sql, file: file, line: line)
        }
    }
}

/// All rows of a result as text (libpq's text format), copied out before the `PGresult` is freed.
public struct QueryResult: Sendable {
    public let columns: [String]
    public let rows: [QueryRow]
    /// Rows inserted, updated, deleted or copied, from the command tag.
    public let affectedRows: Int
    private let shape: ResultShape

    init(_ result: OpaquePointer, query: String) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let shape = ResultShape(columns: columns, query: query)
        rows = (0..<rowCount).map { row in Self.row(row, of: result, columns: columnCount, shape: shape) }
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        self.shape = shape
    }

    /// Each row of `result` in turn, copied out as text just before `body` reads it.
    static func forEachRow(_ result: OpaquePointer, query: String, _ body: (QueryRow) throws -> Void) rethrows {
        let columnCount = Int(PQnfields(result))
        let shape = ResultShape(columns: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }, query: query)
        for row in 0..<Int(PQntuples(result)) { try body(Self.row(row, of: result, columns: columnCount, shape: shape)) }
    }

    private static func row(_ row: Int, of result: OpaquePointer, columns: Int, shape: ResultShape) -> QueryRow {
        QueryRow(values: (0..<columns).map { column in
            PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
        }, shape: shape)
    }

    /// The only value of a one-row, one-column result.
    public var scalar: String? { rows.first?[0] }

    /// The only row of a result that always has one (an aggregate, `RETURNING` of one insert).
    public func onlyRow() throws(RowDecodingError) -> QueryRow {
        guard rows.count == 1 else {
            throw shape.error(column: 0, expected: "one row", found: "\(rows.count) rows")
        }
        return rows[0]
    }
}

/// Buffers COPY data and hands it to libpq in large chunks.
public final class CopyWriter {
    private let handle: OpaquePointer
    private var buffer: [UInt8] = []

    init(handle: OpaquePointer) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        let status = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard status == 1 else {
            throw PostgresError(.copy, message: String(cString: PQerrorMessage(handle)))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Calls `body` with a C array of C strings (NULL for `nil`), valid only during the call.
private func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { $0.map { strdup($0) } ?? nil }
    defer { pointers.forEach { free($0) } }
    return body(pointers.map { $0.map { UnsafePointer($0) } })
}

/// A PostgreSQL array literal of texts, to bind as one `text[]` parameter: `{"a","b\"c"}`.
func textArray(_ values: some Sequence<String>) -> String {
    let elements = values.sorted().map { value in
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    return "{" + elements.joined(separator: ",") + "}"
}
