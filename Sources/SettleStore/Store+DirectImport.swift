import Foundation
import SettleCore

extension Store {
    /// The fast path of an import: the checked rows go straight into the fact table with one
    /// `COPY` (as fast as a plain `\\copy`), whose key on `ref` refuses a ref repeated in the file or
    /// stored before while it writes.
    ///
    /// It gives up, rolling everything back, at the first sign of anything but a clean file of new
    /// rows: a bad value, an unknown provider, a ref already stored or twice in the file (a key
    /// clash), with shards a month without a partition. The caller then imports the file through the
    /// staging table, which handles re-sent rows and lists every problem by line.
    ///
    /// - Returns: the summary, or `nil` when the staging path must do the import.
    func importDirectly(_ path: String, as dataset: Dataset, options: ImportOptions, size: Int64, reserved: String,
                        progress: ((Int64, Int64) -> Void)?) throws -> ImportSummary? {
        guard dataset.isPartitioned, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var reader = CSVReader(handle: handle, delimiter: options.delimiter)
        guard let layout = try? CSVLayout(reader: &reader, dataset: dataset, file: path) else { return nil }
        let columns = dataset.columns.map(\.sqlName)
        let sharded = try !shards().isEmpty
        // On one server the rollups are copied beside the rows, on a connection of their own (when
        // the server gives one: else, or when that copy fails, after the rows on this one).
        let rollupWriter = sharded ? nil : try? RollupWriter(beside: db)
        defer { rollupWriter?.abandon() }
        do {
            return try db.transaction {
                try db.query("SELECT pg_advisory_xact_lock($1)", [String(LockKey.imports(dataset))])
                try holdOffMonthEnd()
                let providers = Set(try db.query("SELECT provider_id FROM providers").rows.map { try $0.text(0) })
                let importID = try claimPendingImport(reserved, rowsRead: 0)
                guard let importNumber = Int64(importID) else { throw DirectImportDeclined() }
                let producer = ChunkProducer(reader: reader, layout: layout, providers: providers, importID: importID)
                // With shards the facts' month partitions must exist before COPY starts: the first
                // rows tell which (a row of another month makes the write fail, and we fall back).
                // On one server only the rollups are partitioned, by their writer.
                let firstMonths = try producer.readAhead(10_000)
                if sharded { for month in firstMonths { try createPartition(dataset, month, sharded: true) } }
                producer.start()
                rollupWriter?.start(after: producer, importID: importNumber)
                do {
                    // Table and column names come from `Dataset`'s fixed list, never from the file.
                    try copyRows(into: dataset.table, "\(columns), import_id", sharded: sharded) { writer in
                        while let chunk = producer.next() {
                            try writer.write(chunk.bytes)
                            progress?(chunk.bytesRead, size)
                        }
                        if producer.declined { throw DirectImportDeclined() }
                    }
                } catch {
                    producer.cancel()
                    throw error
                }
                Failpoint.reached("import.copied")
                let (rows, first, last) = (producer.rows, producer.first, producer.last)
                guard Day(first) != nil, let lastDay = Day(last) else { throw DirectImportDeclined() }
                // On one server a ref repeated in the file or stored before made COPY fail on the
                // key (23505); on shards no key spans the facts, so it is looked for.
                let bounds = [importID, first, lastDay.adding(days: 1).description]
                if sharded, try refsClash(dataset, bounds) { throw DirectImportDeclined() }
                // Monthly rollups (migration 25) on one server; on shards one per day, which each
                // shard sums for the coordinator.
                let copiedBeside: Bool
                do {
                    copiedBeside = try rollupWriter?.wait() ?? false
                } catch {
                    rollupWriter?.abandon()   // its locks on the rollup table go with it
                    copiedBeside = false
                }
                if !copiedBeside {
                    if !sharded { for month in producer.months { try createPartition(dataset, month, sharded: false) } }
                    if producer.rollups.overflowed, let rollup = dataset.rollupSQL(monthly: !sharded) {
                        try db.query(rollup, bounds)
                    } else {
                        try copyRows(into: producer.rollups.table, producer.rollups.columns(monthly: !sharded), binary: true,
                                     sharded: sharded) { writer in
                            try producer.rollups.writeCopyRows(importID: importNumber, monthly: !sharded) { try writer.write($0) }
                        }
                    }
                }
                try db.query("UPDATE imports SET rows_read = $2, rows_new = $2, state = 'complete' WHERE import_id = $1",
                             [importID, String(rows)])
                let summary = ImportSummary(file: path, dataset: dataset, rowsRead: rows, rowsNew: rows,
                                            emptyRowsSkipped: producer.emptyRowsSkipped)
                try log("import", summary.logText(importID: importID))
                if options.dryRun { throw DryRunRolledBack(summary: summary) }
                Failpoint.reached("import.committing")
                try rollupWriter?.commit()
                Failpoint.reached("import.rollups-committed")
                return summary
            }
        } catch is DirectImportDeclined {
            return nil
        } catch let error as PostgresError where error.sqlState == "23505" || error.sqlState == "23514" {
            return nil   // a ref already stored or repeated, or (with shards) a month without a partition
        }
    }

    /// Whether the rows of import `bounds[0]` (dated from `bounds[1]`, before `bounds[2]`) repeat a
    /// ref, or share one with another import: on shards, where the facts have no key across
    /// providers (docs/SCALE.md).
    private func refsClash(_ dataset: Dataset, _ bounds: [String]) throws -> Bool {
        let repeated = try db.query("""
            SELECT EXISTS (SELECT 1 FROM \(dataset.table) WHERE import_id = $1 AND date >= $2 AND date < $3
                           GROUP BY ref HAVING count(*) > 1)
            """, bounds).scalar
        let stored = try db.query("""
            WITH n AS MATERIALIZED (SELECT ref FROM \(dataset.table) WHERE import_id = $1 AND date >= $2 AND date < $3)
            SELECT EXISTS (SELECT 1 FROM n JOIN \(dataset.table) o ON o.ref = n.ref WHERE o.import_id <> $1)
            """, bounds).scalar
        return repeated != "f" || stored != "f"
    }

    /// The monthly partition of `dataset`'s rollup table for `month`, created if missing; with
    /// shards (docs/SCALE.md) the fact table's too, each hashed by provider over the shards' tables.
    func createPartition(_ dataset: Dataset, _ month: Period, sharded: Bool) throws {
        let shards = sharded ? try shards() : []
        for table in (sharded ? [dataset.table] : []) + (dataset.rollupTable.map { [$0] } ?? []) {
            guard !shards.isEmpty else {
                try Self.createMonthPartition(of: table, month, on: db)
                continue
            }
            let partition = Identifier(partitionOf: table, month: month)
            guard try db.query("SELECT to_regclass($1) IS NULL", [partition.name]).scalar == "t" else { continue }
            try createShardedPartition(table, partition, month, shards: shards)
        }
    }

    /// The partition of the monthly partitioned `table` for `month` in the database `connection`
    /// reaches (one server's, or a shard's), created if missing.
    static func createMonthPartition(of table: Identifier, _ month: Period, on connection: PostgresConnection) throws {
        let partition = Identifier(partitionOf: table, month: month)
        guard try connection.query("SELECT to_regclass($1) IS NULL", [partition.name]).scalar == "t" else { return }
        // DDL takes no bind parameters: the bounds are `Day`s, written as date constants.
        try connection.query("""
            CREATE TABLE \(partition) PARTITION OF \(table)
            FOR VALUES FROM (\(month.firstDay)) TO (\(month.next.firstDay))
            """)
        // TRUNCATE of a partition does not fire its parent's trigger (migration 8).
        try connection.query("""
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON \(partition)
            FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate()
            """)
    }
}

/// The fast path cannot import this file; the staging path will.
struct DirectImportDeclined: Error {}
