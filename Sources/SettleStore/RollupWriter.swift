import SettleCore

/// A clean file's monthly rollups, copied on a second connection of their own while the file's rows
/// still stream on the import's, and committed just before the rows (docs/DECISIONS.md, "Rollups
/// beside the rows").
///
/// On one connection the server stores the rows, then the rollups: 248,311 rollup rows for 1 M rows
/// of 20,000 providers took it half as long as the rows themselves (issue 19). Beside them, they are
/// written while the rows' COPY still runs. The import's pending record (`importPending`) makes the
/// two commits one outcome: a process that dies between them leaves a pending import, whose rollups
/// the next import, run or close deletes before reading anything.
///
/// The connection's work runs on a thread of its own; the import's thread only waits for it, then
/// commits or abandons it.
final class RollupWriter: @unchecked Sendable {
    private let connection: PostgresConnection
    private let job = BackgroundJob<Bool>()
    /// The transaction is open (touched by one thread at a time: the job's, then after `wait` the
    /// caller's).
    private var open = false

    /// Opens the second connection, to the same server and database as `db`.
    init(beside db: PostgresConnection) throws {
        connection = try db.sibling()
    }

    /// Once `producer` has read the whole file, copies its rollups for import `importID` in a
    /// transaction left open, first creating the months' partitions; copies nothing when the producer
    /// declined the file, was cancelled, or gave its rollups up to the server (too many keys).
    func start(after producer: ChunkProducer, importID: Int64) {
        job.start { [self] in
            guard producer.waitUntilDone(), !producer.rollups.overflowed else { return false }
            try connection.query("BEGIN")
            open = true
            try Failpoint.throwIfReached("import.rollups-beside")
            for month in producer.months {
                try Store.createMonthPartition(of: producer.rollups.table, month, on: connection)
            }
            let table = producer.rollups.table, columns = producer.rollups.columns(monthly: true)
            try connection.copy("COPY \(table) (\(columns)) FROM STDIN (FORMAT binary)") { writer in
                try producer.rollups.writeCopyRows(importID: importID, monthly: true) { try writer.write($0) }
            }
            return true
        }
    }

    /// Waits for the copy: true when the rollups are copied (commit them with `commit`), false when
    /// the import's own transaction must write them.
    func wait() throws -> Bool {
        try job.wait() ?? false
    }

    func commit() throws {
        guard open else { return }
        try connection.query("COMMIT")
        open = false
    }

    /// Waits for the copy, then rolls back whatever was not committed.
    func abandon() {
        _ = try? job.wait()
        if open { _ = try? connection.query("ROLLBACK") }
        open = false
    }
}
