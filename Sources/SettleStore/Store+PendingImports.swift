import Foundation
import SettleCore

/// An import whose parts commit apart, whole or not at all (docs/SCALE.md, "Whole file or nothing
/// across shards"; docs/DECISIONS.md, "Rollups beside the rows").
///
/// With shards, postgres_fdw commits each shard's part of a transaction in turn, just before the
/// coordinator commits, without two-phase commit; on one server, a clean file's rollups are copied
/// on a second connection beside its rows and committed just before them. Either way a failure
/// between two commits would leave part of an import behind. So the import id is first committed
/// as a `pending` record (migration 19), the file is stored under it (the rows in a transaction
/// that marks it `complete`), and an import that did not complete has its rows and rollups
/// deleted, then its record, by the importer itself or, when it cannot (a shard still down, the
/// process killed), by the next import, run or close before they read anything. Nothing reads an
/// import id while it is pending: the importer holds the month-end lock shared for the whole time,
/// runs and closes clean up under it exclusively, and readers without it stop below the first
/// pending id (`maxImportID`).
extension Store {
    /// The first key of the session lock an importer holds on its pending import id (the second).
    private static let pendingImportLock = "7331"

    /// The import under a pending id: `body` imports with the reserved id.
    func importPending(_ path: String, as dataset: Dataset, shards: [ShardRecord],
                       _ body: (String) throws -> ImportSummary) throws -> ImportSummary {
        // Held from before the cleanup: a run or close never runs beside another's cleanup, whose
        // lock on an abandoned id would make it look alive.
        try db.query("SELECT pg_advisory_lock_shared($1)", [String(LockKey.monthEnd)])
        defer { _ = try? db.query("SELECT pg_advisory_unlock_shared($1)", [String(LockKey.monthEnd)]) }
        try discardAbandonedImports(shards: shards)
        let id = try beginPendingImport(dataset, path)
        defer { endPendingImport(id) }
        let summary: ImportSummary
        do {
            summary = try body(id)
        } catch {
            Failpoint.reached("import.discarding")
            let cleaned = (try? discardImport(id, shards: shards)) != nil
            guard !shards.isEmpty, let failure = error as? PostgresError, failure.isShardFailure else { throw error }
            throw StoreError("The import of \(path) stopped because a shard failed (\(Self.firstLine(failure.message))); "
                + (cleaned ? "nothing of it was stored" : "nothing of it counts, and what reached a shard is removed by the next import, run or close")
                + "; import it again once `settle shards check` finds every shard ready.")
        }
        if summary.dryRun { try discardImport(id, shards: shards) }
        return summary
    }

    /// Takes up the pending import `id` to store the file under, in the import's transaction.
    func claimPendingImport(_ id: String, rowsRead: Int) throws -> String {
        let updated = try db.query("""
            UPDATE imports SET rows_read = $2 WHERE import_id = $1 AND state = 'pending'
            """, [id, String(rowsRead)]).affectedRows
        guard updated == 1 else {
            throw StoreError("The pending record of this import (import \(id)) was removed meanwhile; import the file again.")
        }
        return id
    }

    /// Under the month-end lock (a run, a close): every pending import is abandoned, since a live
    /// importer holds that lock shared. Removes them; refuses while a shard cannot be reached.
    func discardAbandonedImports() throws {
        try discardAbandonedImports(shards: try shards())
    }

    /// Commits the pending record and takes, for this session, a lock on the id, held until
    /// `endPendingImport` (the month-end lock is held shared around both, by `importPending`).
    private func beginPendingImport(_ dataset: Dataset, _ path: String) throws -> String {
        try db.transaction {
            let id = try db.query("""
                INSERT INTO imports (dataset, file_name, rows_read, rows_new, rows_present, state)
                VALUES ($1, $2, 0, 0, 0, 'pending') RETURNING import_id
                """, [dataset.table.name, path]).onlyRow().text(0)
            try db.query("SELECT pg_advisory_lock($1::int, $2::int)", [Self.pendingImportLock, id])
            return id
        }
    }

    private func endPendingImport(_ id: String) {
        _ = try? db.query("SELECT pg_advisory_unlock($1::int, $2::int)", [Self.pendingImportLock, id])
    }

    /// Removes every pending import whose importer is gone (its lock on the id is free).
    private func discardAbandonedImports(shards: [ShardRecord]) throws {
        guard try db.query("SELECT EXISTS (SELECT 1 FROM imports WHERE state = 'pending')").scalar == "t" else { return }
        for row in try db.query("SELECT import_id, file_name FROM imports WHERE state = 'pending' ORDER BY import_id").rows {
            let (id, file) = (try row.text(0), try row.text(1))
            guard try db.query("SELECT pg_try_advisory_lock($1::int, $2::int)", [Self.pendingImportLock, id]).scalar == "t" else {
                continue   // its importer is still at work
            }
            defer { _ = try? db.query("SELECT pg_advisory_unlock($1::int, $2::int)", [Self.pendingImportLock, id]) }
            do {
                try discardImport(id, shards: shards)
            } catch let error as PostgresError where shards.isEmpty {
                throw StoreError("The import of \(file) (import \(id)) did not complete, and what it left cannot be removed (\(Self.firstLine(error.message))); nothing else runs until it is: retry, and if it persists, check the server's log.")
            } catch let error as PostgresError {
                throw StoreError("The import of \(file) (import \(id)) did not complete, and its rows cannot be removed from the shards yet (\(Self.firstLine(error.message))); nothing else runs until they are: start the shard again (`settle shards check`) and retry.")
            } catch let error as StoreError {
                throw StoreError("The import of \(file) (import \(id)) did not complete, and its rows cannot be removed from the shards yet (\(error.description.dropLast(error.description.hasSuffix(".") ? 1 : 0))); nothing else runs until they are: start the shard again (`settle shards check`) and retry.")
            }
        }
    }

    /// Deletes the rows of import `id` on every shard, each in a transaction of its own that names
    /// the import (the one door through the facts' immutability, migration 19), then its record.
    /// On one server only its rollups can be there (its rows commit with its completion), and they
    /// go with the record, in one transaction (the caller's, within a run or a close). Safe to repeat.
    /// Every shard it can reach is cleaned, even when another cannot be; the record goes last.
    func discardImport(_ id: String, shards: [ShardRecord]) throws {
        guard !shards.isEmpty else {
            let discard = { [db] in
                // An import that completed meanwhile (the list of pending ones was read before its
                // importer let go of it) keeps everything.
                guard try db.query("SELECT state FROM imports WHERE import_id = $1 FOR UPDATE", [id]).rows.first?[0] == "pending" else {
                    return
                }
                try db.query("SELECT set_config('settle.discard_import', $1, true)", [id])
                try db.query("DELETE FROM revenue_rollup WHERE import_id = $1", [id])
                try db.query("DELETE FROM hours_rollup WHERE import_id = $1", [id])
                try db.query("SELECT set_config('settle.discard_import', '', true)")
                try db.query("DELETE FROM imports WHERE import_id = $1", [id])
            }
            if db.isInTransaction { try discard() } else { try db.transaction { try discard() } }
            return
        }
        // With shards the rows are deleted before the record, each shard on its own connection:
        // an import that completed meanwhile is left alone.
        guard try db.query("SELECT state FROM imports WHERE import_id = $1", [id]).rows.first?[0] == "pending" else { return }
        var failure: (any Error)?
        for shard in shards {
            do {
                // A fresh connection: a cached one may have died with the shard.
                let connection = try Self.connectShard(name: shard.name, url: shard.url)
                try connection.transaction {
                    try connection.query("SELECT set_config('settle.discard_import', $1, true)", [id])
                    for delete: SQL in ["DELETE FROM revenue WHERE import_id = $1", "DELETE FROM compute_hours WHERE import_id = $1",
                                        "DELETE FROM revenue_rollup WHERE import_id = $1", "DELETE FROM hours_rollup WHERE import_id = $1"] {
                        try connection.query(delete, [id])
                    }
                }
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        try db.query("DELETE FROM imports WHERE import_id = $1 AND state = 'pending'", [id])
    }
}

extension PostgresError {
    /// A failure of a shard's server or of the connection to it, as postgres_fdw or libpq reports
    /// it: a connection exception (SQLSTATE class 08), an FDW error (HV), a server shut down
    /// (57P01-57P03), or a connection lost without a SQLSTATE.
    var isShardFailure: Bool {
        guard let sqlState else { return code == .connection || message.contains("connection") }
        return sqlState.hasPrefix("08") || sqlState.hasPrefix("HV") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }
}
