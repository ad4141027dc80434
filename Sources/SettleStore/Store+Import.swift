import Foundation
import SettleCore

/// What an import did: `revenue.csv: 1,000 rows read, 998 new, 2 already present`.
public struct ImportSummary: Sendable, Hashable {
    public let file: String
    public let dataset: Dataset
    public let rowsRead: Int
    public let rowsNew: Int
    public var rowsPresent: Int { rowsRead - rowsNew }
    /// Rows whose cells were all empty (a spreadsheet's trailing `,,,`): skipped, not counted as read.
    public var emptyRowsSkipped = 0
    /// Every check ran and nothing was stored (`--dry-run`).
    public var dryRun = false
}

extension ImportSummary {
    func logText(importID: String) -> String {
        "\(file) as \(dataset.rawValue): \(rowsRead) rows read, \(rowsNew) new, \(rowsPresent) already present (import \(importID))"
    }
}

/// How to read a file for an import.
public struct ImportOptions: Sendable {
    /// The byte between fields: `,` by default, `;` for many spreadsheets' CSV. Never guessed.
    public var delimiter: UInt8
    /// Run every check and report what would be stored, then store nothing.
    public var dryRun: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), dryRun: Bool = false) {
        self.delimiter = delimiter
        self.dryRun = dryRun
    }
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
    /// Imports a CSV file whole or not at all (docs/REFERENCE.md §2). A clean file of new rows is
    /// copied straight into its fact table and checked across rows afterwards (`importDirectly`);
    /// anything else rolls that back and takes the staging path: COPY into a staging table, checks
    /// as set operations, then one merge.
    ///
    /// Re-sending rows is safe: a row whose key is stored with identical content is skipped; the
    /// same key with other content refuses the file.
    ///
    /// A dry run does everything up to the commit, then rolls back: the same checks, the same
    /// summary, nothing stored.
    ///
    /// The import id is committed as pending first and the file stored in a second transaction
    /// (`importPending`): with shards, and on one server for the rollups a second connection copies.
    ///
    /// - Parameter progress: called with (bytes read, file size) as the file streams.
    public func importFile(_ path: String, as dataset: Dataset, options: ImportOptions = ImportOptions(),
                           progress: ((Int64, Int64) -> Void)? = nil) throws -> ImportSummary {
        try requireCurrentSchema()
        let shards = try shards()
        let importAll = { (reserved: String) throws -> ImportSummary in
            do {
                return try self.importOrRollBack(path, as: dataset, options: options, reserved: reserved, progress: progress)
            } catch let rolledBack as DryRunRolledBack {
                var summary = rolledBack.summary
                summary.dryRun = true
                return summary
            }
        }
        return try importPending(path, as: dataset, shards: shards, importAll)
    }

    /// Throws `DryRunRolledBack` from inside the transaction to leave it without a commit.
    ///
    /// - Parameter reserved: the pending import id to store the file under.
    private func importOrRollBack(_ path: String, as dataset: Dataset, options: ImportOptions, reserved: String,
                                  progress: ((Int64, Int64) -> Void)?) throws -> ImportSummary {
        try requireCurrentSchema()
        // Only a regular file: a folder traps FileHandle, and /dev/zero or a pipe never ends.
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        if type == .typeDirectory { throw StoreError("Cannot import \(path): it is a folder; give the CSV file inside it.") }
        if type != nil && type != .typeRegular {
            throw StoreError("Cannot import \(path): it is not a regular file (a device, pipe or socket); save the data to a file first.")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError("Cannot open \(path): no such readable file.")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        if let summary = try importDirectly(path, as: dataset, options: options, size: size, reserved: reserved,
                                            progress: progress) {
            return summary
        }
        var reader = CSVReader(handle: handle, delimiter: options.delimiter)
        let layout = try CSVLayout(reader: &reader, dataset: dataset, file: path)
        let staging = StagingTable(dataset: dataset)

        return try db.transaction {
            try db.query("SELECT pg_advisory_xact_lock($1)", [String(LockKey.imports(dataset))])
            try holdOffMonthEnd()
            try db.query(staging.createSQL)
            var problems = ProblemList(file: path)
            var rows = 0
            // Good rows are staged even after a bad one, so that the checks across rows run too and
            // one refusal lists every kind of problem the file has, not just the first kind.
            try db.copy(staging.copySQL) { writer in
                while let record = nextRecord(&reader, problems: &problems) {
                    rows += 1
                    switch layout.values(of: record) {
                    case let .success(values):
                        try writer.write(StagingTable.copyLine(line: record.line, values: values))
                    case let .failure(problem):
                        problems.add(problem)
                    }
                    if rows % 65_536 == 0 { progress?(reader.bytesRead, size) }
                }
            }
            progress?(reader.bytesRead, size)
            if rows == 0 && problems.isEmpty {
                problems.add(.init(line: 2, message: "the file has a header but no rows"))
            }
            for check in staging.setChecks where rows > 0 {
                let found = try db.query(check).rows
                problems.add(try found.map { .init(line: try $0.int(0), message: try $0.text(1)) },
                             total: try found.first?.int(2) ?? 0)
            }
            try problems.throwIfAny()
            try createPartitions(for: staging)
            let importID = try claimPendingImport(reserved, rowsRead: rows)
            let inserted = try db.query(staging.mergeSQL, [importID]).affectedRows
            if let rollup = dataset.rollupSQL(monthly: try shards().isEmpty), inserted > 0 {
                let range = try db.query("SELECT min(date), max(date) + 1 FROM \(staging.name)").onlyRow()
                try db.query(rollup, [importID, try range.text(0), try range.text(1)])
            }
            try db.query("UPDATE imports SET rows_new = $2, rows_present = $3, state = 'complete' WHERE import_id = $1",
                         [importID, String(inserted), String(rows - inserted)])
            let summary = ImportSummary(file: path, dataset: dataset, rowsRead: rows, rowsNew: inserted,
                                        emptyRowsSkipped: reader.emptyRowsSkipped)
            try log("import", summary.logText(importID: importID))
            if options.dryRun { throw DryRunRolledBack(summary: summary) }
            Failpoint.reached("import.committing")
            return summary
        }
    }

    /// The next record; `nil` at the end of the file, or when the rest of it cannot be read as CSV
    /// (the reason is added to `problems`, after the problems of the rows before it).
    private func nextRecord(_ reader: inout CSVReader, problems: inout ProblemList) -> CSVReader.Record? {
        do {
            return try reader.next()
        } catch {
            let (line, message) = error.located
            problems.add(.init(line: line, message: message))
            return nil
        }
    }

    /// Monthly partitions for every month the staged rows fall in.
    private func createPartitions(for staging: StagingTable) throws {
        guard staging.dataset.isPartitioned else { return }
        let months = try db.query("SELECT DISTINCT to_char(date, 'YYYY-MM') FROM \(staging.name)").rows
        let sharded = try !shards().isEmpty
        for month in months.compactMap({ $0[0] }).compactMap(Period.init) {
            try createPartition(staging.dataset, month, sharded: sharded)
        }
    }
}

/// Leaves an import's transaction without a commit, carrying what it would have stored.
struct DryRunRolledBack: Error {
    let summary: ImportSummary
}

/// Collects a file's problems: the 50 with the lowest line numbers, with their reasons, and the
/// count of all.
///
/// Problems arrive from the row checks in line order, then from each check across rows in line
/// order; what is listed is the first 50 of the file whichever check found them. Problems on the
/// same line keep the order they were found in.
struct ProblemList {
    let file: String
    /// (line, order found, problem), sorted; at most `ImportError.listed`.
    private var kept: [(line: Int, order: Int, problem: ImportError.Problem)] = []
    private(set) var total = 0
    /// How many problems were offered to the list, for the order of problems on one line.
    private var offered = 0

    init(file: String) {
        self.file = file
    }

    var isEmpty: Bool { total == 0 }
    var problems: [ImportError.Problem] { kept.map(\.problem) }

    mutating func add(_ problem: ImportError.Problem) {
        add([problem], total: 1)
    }

    /// Problems found by one check: some listed, `total` in all.
    mutating func add(_ listed: [ImportError.Problem], total: Int) {
        self.total += total
        for problem in listed {
            // The common case of a file with many bad rows: a later line than all kept, and no room.
            if kept.count == ImportError.listed, let last = kept.last, problem.line >= last.line { continue }
            offered += 1
            let entry = (line: problem.line, order: offered, problem: problem)
            let index = kept.firstIndex { ($0.line, $0.order) > (entry.line, entry.order) } ?? kept.endIndex
            kept.insert(entry, at: index)
            if kept.count > ImportError.listed { kept.removeLast() }
        }
    }

    func throwIfAny() throws {
        guard !isEmpty else { return }
        throw ImportError(file: file, problems: problems, total: total)
    }
}
