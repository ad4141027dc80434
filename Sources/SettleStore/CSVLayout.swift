import SettleCore

/// Where each column of a dataset sits in a CSV file, read from its header row.
struct CSVLayout {
    let dataset: Dataset
    /// The dataset's columns, built once (not per row).
    let columns: [Dataset.Column]
    let headerCount: Int
    /// For each of the dataset's columns, its field index in the file (`nil`: an absent optional column).
    let indices: [Int?]

    /// Reads and checks the header: every required column present, none unknown or repeated.
    init(reader: inout CSVReader, dataset: Dataset, file: String) throws {
        var problems = ProblemList(file: file)
        guard let header = try Self.header(&reader, file: file) else {
            throw ImportError(file: file, problems: [.init(line: 1, message: "the file is empty; expected a header row naming the columns")],
                              total: 1)
        }
        let known = dataset.columns.map(\.name)
        if header.count == 1, let only = header.first, only.contains(";") {
            throw ImportError(file: file, problems: [.init(line: 1, message:
                "the header is one column, \(Checks.shown(only)), with semicolons in it; "
                + "for a semicolon-separated file pass --delimiter ';'")], total: 1)
        }
        var seen: Set<String> = []
        for (index, name) in header.enumerated() {
            if name.isEmpty {
                problems.add(.init(line: 1, message: "column \(index + 1) of the header has no name; "
                                   + "name it, or remove the comma before it"))
            } else if !seen.insert(name).inserted {
                problems.add(.init(line: 1, message: "column '\(name)' appears twice in the header"))
            } else if !known.contains(name) {
                // A suggestion compares every letter with every letter: only for a name of a word's length.
                let hint = name.count <= 64 ? Suggestion.didYouMean(name, in: known) : ""
                problems.add(.init(line: 1, message: "unknown column \(Checks.shown(name)) for \(dataset.rawValue)"
                                   + (hint.isEmpty ? "; the columns are " + known.joined(separator: ", ") : hint)))
            }
        }
        for column in dataset.columns where column.required && !header.contains(column.name) {
            problems.add(.init(line: 1, message: "missing column '\(column.name)'"))
        }
        try problems.throwIfAny()
        self.dataset = dataset
        self.columns = dataset.columns
        self.headerCount = header.count
        self.indices = columns.map { header.firstIndex(of: $0.name) }
    }

    private static func header(_ reader: inout CSVReader, file: String) throws -> [String]? {
        do {
            guard let record = try reader.next() else { return nil }
            return try record.fields.map { bytes in
                guard let name = String(validating: bytes, as: UTF8.self) else {
                    throw ImportError(file: file, problems: [.init(line: 1, message: "the header is not valid UTF-8")], total: 1)
                }
                return name
            }
        } catch let problem as CSVReader.Problem {
            let (line, message) = problem.located
            throw ImportError(file: file, problems: [.init(line: line, message: "the header row: " + message)], total: 1)
        }
    }

    /// The checked values of one record, in the dataset's column order, or the row's first problem.
    func values(of record: CSVReader.Record) -> Result<[String?], ImportError.Problem> {
        guard record.fields.count == headerCount else {
            // More fields than columns is nearly always an unquoted comma, as in a decimal 12,50.
            let hint = record.fields.count > headerCount ? "; a value with a comma in it must be in double quotes" : ""
            return .failure(.init(line: record.line, message:
                "has \(record.fields.count) fields but the header has \(headerCount)\(hint)"))
        }
        var values: [String?] = []
        values.reserveCapacity(indices.count)
        for position in columns.indices {
            let column = columns[position]
            guard let index = indices[position] else { values.append(nil); continue }
            guard !record.fields[index].contains(0) else {
                return .failure(.init(line: record.line, message: "column '\(column.name)' holds a NUL byte, which no text may hold"))
            }
            guard let text = String(validating: record.fields[index], as: UTF8.self) else {
                return .failure(.init(line: record.line, message: "column '\(column.name)' is not valid UTF-8"))
            }
            switch column.check(text) {
            case let .success(value): values.append(value)
            case let .failure(problem):
                return .failure(.init(line: record.line, message: "column '\(column.name)': \(problem.message)"))
            }
        }
        return .success(values)
    }
}
