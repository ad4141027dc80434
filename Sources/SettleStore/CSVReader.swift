import Foundation

/// A streaming RFC 4180 reader: `,` separators (or another given one, such as a spreadsheet's `;`),
/// `"` quoting with `""` for a quote, CRLF or LF line ends, a UTF-8 byte-order mark skipped, a
/// UTF-16 file refused at its first bytes. Blank lines and rows whose cells are all empty (a
/// spreadsheet's trailing `,,,`) are skipped; the latter are counted. It reads the file in large
/// chunks, so memory stays flat whatever the file's size.
struct CSVReader {
    /// One record: its fields (raw bytes) and the line it starts on.
    struct Record {
        var fields: [[UInt8]]
        var line: Int
    }

    enum Problem: Error, Equatable {
        /// A quoted field is still open at the end of the file.
        case unterminatedQuote(line: Int)
        /// A quote inside a field that does not start with one.
        case strayQuote(line: Int)
        /// Text follows the closing quote of a quoted field.
        case textAfterQuote(line: Int)
        /// The file starts like UTF-16 (a UTF-16 byte-order mark, or a NUL byte).
        case utf16
        /// A field longer than `maxFieldBytes`.
        case fieldTooLong(line: Int)
        /// A record of more than `maxFields` fields.
        case tooManyFields(line: Int)

        /// The line it is on and what is wrong, as a sentence fragment for an `ImportError`.
        var located: (line: Int, message: String) {
            switch self {
            case let .unterminatedQuote(line):
                (line, "a quoted field starts here and is never closed")
            case let .strayQuote(line):
                (line, "a '\"' inside a field that does not start with one; "
                     + "put the whole field in double quotes and write each '\"' in it twice")
            case let .textAfterQuote(line):
                (line, "text after the closing '\"' of a quoted field; a '\"' inside a quoted field is written twice")
            case let .fieldTooLong(line):
                (line, "a field is longer than \(CSVReader.maxFieldBytes / 1024) KiB; no value Settle reads is that long (is the file CSV?)")
            case let .tooManyFields(line):
                (line, "a row has more than \(CSVReader.maxFields) fields; is the file CSV, and is the delimiter right?")
            case .utf16:
                (1, "the file is UTF-16, not UTF-8; save it as UTF-8 (in Excel: Save As, 'CSV UTF-8'; "
                    + "in LibreOffice: Save As, character set 'Unicode (UTF-8)') and import it again")
            }
        }
    }

    /// The longest field read: the longest value Settle keeps is 200 characters, and a header
    /// line of megabytes is not a header (a limit on what one record holds in memory).
    static let maxFieldBytes = 64 * 1024
    /// The most fields in a record (the widest dataset has 9 columns): `,,,,` over megabytes is not a row.
    static let maxFields = 1024

    private let handle: FileHandle
    private let delimiter: UInt8
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var startedFile = false
    /// Bytes consumed so far, for progress.
    private(set) var bytesRead: Int64 = 0
    /// Rows skipped because every cell was empty.
    private(set) var emptyRowsSkipped = 0

    /// - Parameter delimiter: the byte between fields; never `"`, CR or LF (the caller checks).
    init(handle: FileHandle, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.handle = handle
        self.delimiter = delimiter
    }

    /// The next record, or `nil` at the end of the file. Blank lines and rows of empty cells are
    /// skipped.
    mutating func next() throws(Problem) -> Record? {
        while let record = try nextRecord() {
            guard record.fields.allSatisfy(\.isEmpty) else { return record }
            emptyRowsSkipped += 1
        }
        return nil
    }

    private mutating func nextRecord() throws(Problem) -> Record? {
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        var recordLine = line
        /// Where the open quoted field started: a record can span lines, and so can its fields.
        var quoteLine = line
        var sawAnything = false
        while let byte = nextByte() {
            if !startedFile {
                startedFile = true
                if (byte == 0xFF && peek(0) == 0xFE) || (byte == 0xFE && peek(0) == 0xFF) || byte == 0 || peek(0) == 0 {
                    throw Problem.utf16
                }
                if byte == 0xEF, peek(0) == 0xBB, peek(1) == 0xBF {
                    _ = nextByte(); _ = nextByte()
                    continue
                }
            }
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    guard field.count < Self.maxFieldBytes else { throw Problem.fieldTooLong(line: recordLine) }
                    if peek(0) == UInt8(ascii: "\"") { _ = nextByte(); field.append(byte) } else { quoted = false; afterQuote = true }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    guard field.count < Self.maxFieldBytes else { throw Problem.fieldTooLong(line: recordLine) }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                guard fields.count < Self.maxFields else { throw Problem.tooManyFields(line: recordLine) }
                fields.append(field); field.removeAll(keepingCapacity: true)
                afterQuote = false; sawAnything = true
            case UInt8(ascii: "\r") where peek(0) == UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "\n"):
                line += 1
                if !sawAnything && field.isEmpty && !afterQuote {
                    recordLine = line
                    continue
                }
                fields.append(field)
                return Record(fields: fields, line: recordLine)
            case UInt8(ascii: "\""):
                guard !afterQuote else { throw Problem.textAfterQuote(line: line) }
                guard field.isEmpty else { throw Problem.strayQuote(line: line) }
                quoted = true; sawAnything = true; quoteLine = line
            default:
                guard !afterQuote else { throw Problem.textAfterQuote(line: line) }
                guard field.count < Self.maxFieldBytes else { throw Problem.fieldTooLong(line: recordLine) }
                field.append(byte); sawAnything = true
            }
        }
        if quoted { throw Problem.unterminatedQuote(line: quoteLine) }
        guard sawAnything || !field.isEmpty || afterQuote else { return nil }
        fields.append(field)
        return Record(fields: fields, line: recordLine)
    }

    private mutating func nextByte() -> UInt8? {
        if position >= chunk.count {
            guard refill() else { return nil }
        }
        defer { position += 1; bytesRead += 1 }
        return chunk[position]
    }

    private mutating func peek(_ offset: Int) -> UInt8? {
        while position + offset >= chunk.count {
            guard appendChunk() else { return nil }
        }
        return chunk[position + offset]
    }

    private mutating func refill() -> Bool {
        chunk.removeSubrange(0..<min(position, chunk.count))
        position = 0
        return appendChunk()
    }

    private mutating func appendChunk() -> Bool {
        guard !atEnd else { return false }
        let data = handle.readData(ofLength: 4 << 20)
        if data.isEmpty { atEnd = true; return false }
        chunk.append(contentsOf: data)
        return true
    }
}
