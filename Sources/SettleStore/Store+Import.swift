import Foundation
import SettleCore

/// What an import did: `revenue.csv: 1,000 rows read, 998 new, 2 already present`.
public struct ImportSummary: Sendable, Hashable {
    public let file: String
    public let dataset: Dataset
    public let rowsRead: Int
    public let rowsNew: Int
    public var rowsPresent: Int { rowsRead - rowsNew }
}

/// A refused import: the file's bad rows (the first 50) and how many there were. Nothing of the
/// file was stored.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static let listed = 50

    public let file: String
    public let problems: [Problem]
    public let total: Int

    public var description: String {
        let what = total == 1 ? "1 problem" : "\(total) problems"
        var text = "\(file) was not imported (\(what); nothing was stored):"
        for problem in problems { text += "\n  \(file):\(problem.line): \(problem.message)" }
        if total > problems.count { text += "\n  ... and \(total - problems.count) more" }
        return text
    }
}

extension Store {
    /// Imports a CSV file whole or not at all (SPEC §2): streamed through COPY into a staging
    /// table, checked as set operations, then merged in one statement.
    ///
    /// Re-sending rows is safe: a row whose key is stored with identical content is skipped; the
    /// same key with other content refuses the file.
    ///
    /// - Parameter progress: called with (bytes read, file size) as the file streams.
    public func importFile(_ path: String, as dataset: Dataset,
                           progress: ((Int64, Int64) -> Void)? = nil) throws -> ImportSummary {
        try requireCurrentSchema()
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError("Cannot open \(path): no such readable file.")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        var reader = CSVReader(handle: handle)
        let layout = try CSVLayout(reader: &reader, dataset: dataset, file: path)
        let staging = StagingTable(dataset: dataset)

        return try db.transaction {
            try db.query("SELECT pg_advisory_xact_lock(\(LockKey.imports(dataset)))")
            try db.query(staging.createSQL)
            var problems = ProblemList(file: path)
            var rows = 0
            try db.copy(staging.copySQL) { writer in
                while let record = try nextRecord(&reader, file: path) {
                    rows += 1
                    switch layout.values(of: record) {
                    case let .success(values) where problems.isEmpty:
                        try writer.write(StagingTable.copyLine(line: record.line, values: values))
                    case .success:
                        break
                    case let .failure(problem):
                        problems.add(problem)
                    }
                    if rows % 65_536 == 0 { progress?(reader.bytesRead, size) }
                }
            }
            progress?(reader.bytesRead, size)
            try problems.throwIfAny()
            guard rows > 0 else {
                problems.add(.init(line: 2, message: "the file has a header but no rows"))
                try problems.throwIfAny()
                return ImportSummary(file: path, dataset: dataset, rowsRead: 0, rowsNew: 0)
            }
            for check in staging.setChecks {
                let found = try db.query(check).rows
                problems.add(found.map { .init(line: Int($0[0]!)!, message: $0[1]!) },
                             total: found.first.map { Int($0[2]!)! } ?? 0)
            }
            try problems.throwIfAny()
            try createPartitions(for: staging)
            let importID = try db.query("""
                INSERT INTO imports (dataset, file_name, rows_read, rows_new, rows_present)
                VALUES ($1, $2, $3, 0, 0) RETURNING import_id
                """, [dataset.table, path, String(rows)]).scalar!
            let inserted = try db.query(staging.mergeSQL, [importID]).affectedRows
            try db.query("UPDATE imports SET rows_new = $2, rows_present = $3 WHERE import_id = $1",
                         [importID, String(inserted), String(rows - inserted)])
            return ImportSummary(file: path, dataset: dataset, rowsRead: rows, rowsNew: inserted)
        }
    }

    private func nextRecord(_ reader: inout CSVReader, file: String) throws -> CSVReader.Record? {
        do {
            return try reader.next()
        } catch let CSVReader.Problem.unterminatedQuote(line) {
            throw ImportError(file: file, problems: [.init(line: line, message: "a quoted field is never closed")], total: 1)
        } catch let CSVReader.Problem.strayQuote(line) {
            throw ImportError(file: file, problems: [.init(line: line, message:
                "a quote '\"' inside an unquoted field, or text after a closing quote; quote the whole field and double inner quotes")], total: 1)
        }
    }

    /// Monthly partitions for every month the staged rows fall in.
    private func createPartitions(for staging: StagingTable) throws {
        guard staging.dataset.isPartitioned else { return }
        let months = try db.query("SELECT DISTINCT to_char(date, 'YYYY-MM') FROM \(staging.name)").rows
        for month in months.compactMap({ $0[0] }).compactMap(Period.init) {
            let partition = "\(staging.dataset.table)_p\(String(month.year))_\(month.month < 10 ? "0" : "")\(month.month)"
            guard try db.query("SELECT to_regclass($1) IS NULL", [partition]).scalar == "t" else { continue }
            // Names and bounds come from validated integers, never from input text.
            try db.query("""
                CREATE TABLE \(partition) PARTITION OF \(staging.dataset.table)
                FOR VALUES FROM ('\(month.firstDay)') TO ('\(month.next.firstDay)')
                """)
        }
    }
}

/// Collects a file's problems: the first 50 with their reasons, and the count of all.
struct ProblemList {
    let file: String
    private(set) var problems: [ImportError.Problem] = []
    private(set) var total = 0

    var isEmpty: Bool { total == 0 }

    mutating func add(_ problem: ImportError.Problem) {
        add([problem], total: 1)
    }

    /// Problems found by one check: some listed, `total` in all.
    mutating func add(_ listed: [ImportError.Problem], total: Int) {
        problems += listed.prefix(ImportError.listed - problems.count)
        self.total += total
    }

    func throwIfAny() throws {
        guard !isEmpty else { return }
        throw ImportError(file: file, problems: problems.sorted { $0.line < $1.line }, total: total)
    }
}
