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

    /// The record just read, without an array per field: its fields' bytes (unquoted) one after
    /// the other, and where each ends. Reused from record to record, so reading allocates nothing.
    struct Fields {
        private(set) var bytes: [UInt8] = []
        /// `ends[i]` is the end of field i in `bytes`; field i starts where field i - 1 ends.
        private(set) var ends: [Int] = []
        /// The line the record starts on.
        fileprivate(set) var line = 1

        var count: Int { ends.count }
        func start(of field: Int) -> Int { field == 0 ? 0 : ends[field - 1] }
        func range(of field: Int) -> Range<Int> { start(of: field)..<ends[field] }

        fileprivate mutating func clear(line: Int) {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            self.line = line
        }
        fileprivate mutating func append(_ byte: UInt8) { bytes.append(byte) }
        fileprivate mutating func append(_ run: ArraySlice<UInt8>) { bytes.append(contentsOf: run) }
        fileprivate mutating func endField() { ends.append(bytes.count) }
        fileprivate var currentFieldLength: Int { bytes.count - (ends.last ?? 0) }
        fileprivate var currentFieldIsEmpty: Bool { bytes.count == (ends.last ?? 0) }
    }

    /// The record `nextFields()` read last.
    private(set) var fields = Fields()

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
        guard try nextFields() else { return nil }
        return Record(fields: (0..<fields.count).map { Array(fields.bytes[fields.range(of: $0)]) }, line: fields.line)
    }

    /// Reads the next record into `fields`; false at the end of the file. Blank lines and rows of
    /// empty cells are skipped.
    mutating func nextFields() throws(Problem) -> Bool {
        while try nextRecord() {
            guard fields.bytes.isEmpty else { return true }
            emptyRowsSkipped += 1
        }
        return false
    }

    private mutating func nextRecord() throws(Problem) -> Bool {
        fields.clear(line: line)
        var quoted = false
        var afterQuote = false
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
                    guard fields.currentFieldLength < Self.maxFieldBytes else { throw Problem.fieldTooLong(line: fields.line) }
                    if peek(0) == UInt8(ascii: "\"") { _ = nextByte(); fields.append(byte) } else { quoted = false; afterQuote = true }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    guard fields.currentFieldLength < Self.maxFieldBytes else { throw Problem.fieldTooLong(line: fields.line) }
                    fields.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                guard fields.count < Self.maxFields else { throw Problem.tooManyFields(line: fields.line) }
                fields.endField()
                afterQuote = false; sawAnything = true
            case UInt8(ascii: "\r") where peek(0) == UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "\n"):
                line += 1
                if !sawAnything && fields.currentFieldIsEmpty && !afterQuote {
                    fields.clear(line: line)
                    continue
                }
                fields.endField()
                return true
            case UInt8(ascii: "\""):
                guard !afterQuote else { throw Problem.textAfterQuote(line: line) }
                guard fields.currentFieldIsEmpty else { throw Problem.strayQuote(line: line) }
                quoted = true; sawAnything = true; quoteLine = line
            default:
                guard !afterQuote else { throw Problem.textAfterQuote(line: line) }
                fields.append(byte); sawAnything = true
                appendPlainRun()
                guard fields.currentFieldLength <= Self.maxFieldBytes else { throw Problem.fieldTooLong(line: fields.line) }
            }
        }
        if quoted { throw Problem.unterminatedQuote(line: quoteLine) }
        guard sawAnything || !fields.currentFieldIsEmpty || afterQuote else { return false }
        fields.endField()
        return true
    }

    /// Appends at once the bytes that follow in the chunk up to the next delimiter, quote or line
    /// end: most of a file is such runs, and a byte at a time is most of the reading's cost.
    private mutating func appendPlainRun() {
        let start = position
        let delimiter = self.delimiter
        let end = chunk.withUnsafeBufferPointer { bytes in
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                if byte == delimiter || byte == 0x0A || byte == 0x0D || byte == 0x22 { break }
                end += 1
            }
            return end
        }
        guard end > start else { return }
        fields.append(chunk[start..<end])
        bytesRead += Int64(end - start)
        position = end
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
