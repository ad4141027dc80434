import SettleStore
import SettleTestSupport
import Testing

/// A file that is odd but valid RFC 4180, and the (ref, amount, customer) rows it must store.
struct Valid: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let stored: [[String?]]

    init(_ name: String, _ text: String, stored: [[String?]]) {
        self.init(name, bytes: Array(text.utf8), stored: stored)
    }

    init(_ name: String, bytes: [UInt8], stored: [[String?]]) {
        self.name = name
        self.bytes = bytes
        self.stored = stored
    }

    var testDescription: String { name }

    static let header = "ref,date,provider,stream,quantity,amount,currency,customer"

    static let cases: [Valid] = [
        Valid("quoted fields with commas", header + "\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,\"1234.50\",EUR,\"Initech, Inc.\"\n"
              + "r2,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,\"Smith, Jones, and Partners\"\n",
              stored: [["r1", "1234.50", "Initech, Inc."], ["r2", "1.00", "Smith, Jones, and Partners"]]),
        Valid("doubled quotes inside a quoted field", header + "\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,\"The \"\"Best\"\" Co\"\n"
              + "r2,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,\"\"\"\"\n",
              stored: [["r1", "1.00", "The \"Best\" Co"], ["r2", "1.00", "\""]]),
        Valid("a line break inside a quoted field", header + "\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,\"Globex\nAccounts payable\"\n"
              + "r2,2026-01-05,acme-cloud,api_usage,10,2.00,EUR,\"tab\there, backslash \\\\N\"\n",
              stored: [["r1", "1.00", "Globex\nAccounts payable"], ["r2", "2.00", "tab\there, backslash \\\\N"]]),
        Valid("CRLF line endings", header + "\r\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,Globex\r\n"
              + "r2,2026-01-05,acme-cloud,api_usage,10,2.00,EUR,\r\n",
              stored: [["r1", "1.00", "Globex"], ["r2", "2.00", nil]]),
        Valid("CRLF inside a quoted field stays as written", header + "\r\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,\"two\r\nlines\"\r\n",
              stored: [["r1", "1.00", "two\r\nlines"]]),
        Valid("a UTF-8 byte-order mark", bytes: [0xEF, 0xBB, 0xBF] + Array((header + "\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,Müller & Søn\n").utf8),
              stored: [["r1", "1.00", "Müller & Søn"]]),
        Valid("quoted header names", "\"ref\",\"date\",\"provider\",\"stream\",\"quantity\",\"amount\",\"currency\"\n"
              + "\"r1\",\"2026-01-05\",\"acme-cloud\",\"api_usage\",\"10\",\"1.00\",\"EUR\"\n",
              stored: [["r1", "1.00", nil]]),
        Valid("blank lines, and no line break at the end", header + "\n\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,1.00,EUR,\n\n\n"
              + "r2,2026-01-05,acme-cloud,api_usage,10,2.00,EUR,last",
              stored: [["r1", "1.00", nil], ["r2", "2.00", "last"]]),
        Valid("an amount of many digits, exactly", header + "\n"
              + "r1,2026-01-05,acme-cloud,api_usage,10,-000123456789012.123456,EUR,\n",
              stored: [["r1", "-123456789012.123456", nil]]),
    ]
}

@Suite("settle import: odd but valid files")
struct ValidCSVTests {
    @Test("imported, with every value stored exactly", arguments: Valid.cases)
    func imported(_ file: Valid) throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = try db.write("odd.csv", bytes: file.bytes)
        let summary = try db.store.importFile(path, as: .revenue)
        #expect((summary.rowsRead, summary.rowsNew) == (file.stored.count, file.stored.count))
        #expect(try db.rows("SELECT ref, amount::text, customer FROM revenue ORDER BY ref") == file.stored)
        // And sending it again is a no-op.
        #expect(try db.store.importFile(path, as: .revenue).rowsNew == 0)
    }

    @Test("the progress callback ends at the file's size")
    func progress() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let text = Valid.header + "\n" + (1...70_000).map { "p\($0),2026-01-05,acme-cloud,api_usage,1,1.00,EUR,\n" }.joined()
        let path = try db.write("progress.csv", text)
        var reports: [(Int64, Int64)] = []
        _ = try db.store.importFile(path, as: .revenue) { reports.append(($0, $1)) }
        let size = Int64(text.utf8.count)
        #expect(reports.count >= 2)
        #expect(reports.allSatisfy { $0.1 == size && $0.0 <= size })
        #expect(reports.last.map { $0.0 == size } ?? false)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    }
}
