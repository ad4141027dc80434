import Foundation
import SettleCore

extension Store {
    /// The fast path of an import: the checked rows go straight into the fact table with one
    /// `COPY` (as fast as a plain `\\copy`), and the checks across rows run afterwards on what was
    /// inserted, in the same transaction.
    ///
    /// It gives up, rolling everything back, at the first sign of anything but a clean file of new
    /// rows: a bad value, an unknown provider, a row already stored (a primary-key clash), a month
    /// without a partition, a `ref` twice or already stored. The caller then imports the file
    /// through the staging table, which handles re-sent rows and lists every problem by line.
    ///
    /// - Returns: the summary, or `nil` when the staging path must do the import.
    func importDirectly(_ path: String, as dataset: Dataset, options: ImportOptions, size: Int64, reserved: String?,
                        progress: ((Int64, Int64) -> Void)?) throws -> ImportSummary? {
        guard dataset.isPartitioned, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var reader = CSVReader(handle: handle, delimiter: options.delimiter)
        guard let layout = try? CSVLayout(reader: &reader, dataset: dataset, file: path) else { return nil }
        guard let providerIndex = dataset.columns.firstIndex(where: { $0.sqlName == Identifier("provider_id") }),
              let dateIndex = dataset.columns.firstIndex(where: { $0.sqlName == Identifier("date") }) else { return nil }
        let columns = dataset.columns.map(\.sqlName)
        do {
            return try db.transaction {
                try db.query("SELECT pg_advisory_xact_lock($1)", [String(LockKey.imports(dataset))])
                try holdOffMonthEnd()
                let providers = Set(try db.query("SELECT provider_id FROM providers").rows.map { try $0.text(0) })
                let sharded = try !shards().isEmpty
                // The first rows tell which months the file covers; their partitions must exist
                // before COPY starts (a row of another month makes COPY fail, and we fall back).
                var ahead: [DirectRow] = []
                var months: Set<Period> = []
                while ahead.count < 10_000,
                      let row = try ChunkProducer.nextRow(&reader, layout, providers, providerIndex, dateIndex) {
                    guard let day = Day(row.date) else { throw DirectImportDeclined() }
                    ahead.append(row)
                    months.insert(day.period)
                }
                guard !ahead.isEmpty else { throw DirectImportDeclined() }
                for month in months { try createPartition(dataset, month) }
                let importID = try openImport(dataset, path, rowsRead: 0, reserved: reserved)
                let producer = ChunkProducer(reader: reader, layout: layout, providers: providers,
                                             providerIndex: providerIndex, dateIndex: dateIndex,
                                             importID: importID, ahead: ahead, fileSize: size)
                producer.start()
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
                let (rows, first, last) = (producer.rows, producer.first, producer.last)
                precondition(dataset.columns[0].sqlName == Identifier("ref"), "ChunkProducer hashes the first column as the ref")
                guard let firstDay = Day(first), let lastDay = Day(last) else { throw DirectImportDeclined() }
                let bounds = [importID, first, lastDay.adding(days: 1).description]
                // A big fresh batch has no statistics yet: give the planner some, and keep it from
                // nested loops over rows it thinks are few, so the checks stay one pass. A small
                // batch (late rows) is cheaper probed row by row through the ref index.
                if rows > 50_000 {
                    for month in Self.months(from: firstDay, to: lastDay) {
                        try db.query("ANALYZE \(Identifier(partitionOf: dataset.table, month: month))")
                    }
                    try db.query("SET LOCAL enable_nestloop = off")
                }
                if producer.mayRepeatRefs {
                    let repeated = try db.query("""
                        SELECT EXISTS (SELECT 1 FROM \(dataset.table) WHERE import_id = $1 AND date >= $2 AND date < $3
                                       GROUP BY ref HAVING count(*) > 1)
                        """, bounds).scalar
                    guard repeated == "f" else { throw DirectImportDeclined() }
                }
                // A small batch: its own rows first (through the import-id index), then each ref
                // probed. Left to itself the planner walked the whole ref index hoping for an early
                // match (EXPLAIN ANALYZE, 5,000 rows beside 10M: 2.1 s; this way 11 ms).
                let stored = try db.query(rows > 50_000 ? """
                    SELECT EXISTS (SELECT 1 FROM \(dataset.table) n JOIN \(dataset.table) o ON o.ref = n.ref
                                   WHERE n.import_id = $1 AND n.date >= $2 AND n.date < $3 AND o.import_id <> $1)
                    """ : """
                    WITH n AS MATERIALIZED (SELECT ref FROM \(dataset.table) WHERE import_id = $1 AND date >= $2 AND date < $3)
                    SELECT EXISTS (SELECT 1 FROM n JOIN \(dataset.table) o ON o.ref = n.ref WHERE o.import_id <> $1)
                    """, bounds).scalar
                guard stored == "f" else { throw DirectImportDeclined() }
                if producer.rollups.overflowed, let rollup = dataset.rollupSQL {
                    try db.query(rollup, bounds)
                } else {
                    try copyRows(into: producer.rollups.table, producer.rollups.columns, sharded: sharded) { writer in
                        try producer.rollups.writeCopyRows(importID: importID) { try writer.write($0) }
                    }
                }
                try db.query("UPDATE imports SET rows_read = $2, rows_new = $2, state = 'complete' WHERE import_id = $1",
                             [importID, String(rows)])
                let summary = ImportSummary(file: path, dataset: dataset, rowsRead: rows, rowsNew: rows,
                                            emptyRowsSkipped: producer.emptyRowsSkipped)
                try log("import", summary.logText(importID: importID))
                if options.dryRun { throw DryRunRolledBack(summary: summary) }
                Failpoint.reached("import.committing")
                return summary
            }
        } catch is DirectImportDeclined {
            return nil
        } catch let error as PostgresError where error.sqlState == "23505" || error.sqlState == "23514" {
            return nil   // a row already stored, or a month without a partition
        }
    }

    /// Every month from the one of `first` to the one of `last`.
    static func months(from first: Day, to last: Day) -> [Period] {
        var months: [Period] = []
        var month = first.period
        while month <= last.period { months.append(month); month = month.next }
        return months
    }

    /// The monthly partitions of `dataset` (and of its rollup table) for `month`, created if missing.
    /// With shards (docs/SCALE.md), each is hashed by provider over the shards' tables.
    func createPartition(_ dataset: Dataset, _ month: Period) throws {
        let shards = try shards()
        for table in [dataset.table] + (dataset.rollupTable.map { [$0] } ?? []) {
            let partition = Identifier(partitionOf: table, month: month)
            guard try db.query("SELECT to_regclass($1) IS NULL", [partition.name]).scalar == "t" else { continue }
            if !shards.isEmpty {
                try createShardedPartition(table, partition, month, shards: shards)
                continue
            }
            // DDL takes no bind parameters: the bounds are `Day`s, written as date constants.
            try db.query("""
                CREATE TABLE \(partition) PARTITION OF \(table)
                FOR VALUES FROM (\(month.firstDay)) TO (\(month.next.firstDay))
                """)
            // TRUNCATE of a partition does not fire its parent's trigger (migration 8).
            try db.query("""
                CREATE TRIGGER never_truncated BEFORE TRUNCATE ON \(partition)
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate()
                """)
        }
    }
}

/// The fast path cannot import this file; the staging path will.
struct DirectImportDeclined: Error {}
