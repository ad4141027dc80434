import Foundation
import SettleStore
import SettleTestSupport
import Testing

extension Malformed {
    /// Files with more bad rows than a refusal lists.
    static let manyCases: [Malformed] = [
        {
            let rows = (2...101).map { "r\($0),2026-01-3\($0 % 10),acme-cloud,api_usage,1,1.00,EUR\n" }
            let bad = (2...101).filter { $0 % 10 >= 2 }
            let listed = bad.prefix(50).map { line in
                "\n  bad.csv:\(line): column 'date': '2026-01-3\(line % 10)' is not a date written YYYY-MM-DD"
            }
            return Malformed("more than 50 bad rows", revenueHeader + rows.joined(), expected:
                "bad.csv was not imported (\(bad.count) problems; nothing was stored):"
                + listed.joined() + "\n  ... and \(bad.count - 50) more")
        }(),
        {
            // A problem found across rows (line 3) sorts before the row problems that follow it,
            // and a late one (line 59) is counted but not listed.
            let rows = goodRow + goodRow + (4...58).map { "r\($0),2026-01-05,acme-cloud,api_usage,1,1.00,EUX\n" }.joined()
                + "r59,2026-01-05,nobody,api_usage,1,1.00,EUR\n"
            let listed = (4...52).map { "\n  bad.csv:\($0): column 'currency': 'EUX' is not an ISO 4217 currency code" }
            return Malformed("more than 50 problems of several kinds", revenueHeader + rows, expected:
                "bad.csv was not imported (57 problems; nothing was stored):"
                + "\n  bad.csv:3: ref 'r1' already appears on line 2 of this file"
                + listed.joined() + "\n  ... and 7 more")
        }(),
    ]
}

@Suite("settle import: malformed files are refused whole")
struct MalformedCSVTests {
    /// The monthly partitions that exist: a refused import creates none.
    @Test("the refusal lists file:line: reason, and nothing changes",
          arguments: Malformed.headerCases + Malformed.valueCases + Malformed.rowCases + Malformed.manyCases)
    func refused(_ bad: Malformed) throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        if let before = bad.before {
            #expect(try db.store.importFile(try db.write("first.csv", before), as: .revenue).rowsNew > 0)
        }
        let counts = try db.counts()
        let partitions = try db.partitions()
        let path = try db.write("bad.csv", bytes: bad.bytes)

        let error = #expect(throws: ImportError.self) { try db.store.importFile(path, as: bad.dataset) }
        #expect(error.map { db.relative($0.description) } == bad.expected)
        #expect(error.map { $0.problems.count == min($0.total, 50) } ?? false)
        #expect(error?.file == path)

        #expect(try db.counts() == counts)
        #expect(try db.partitions() == partitions)
    }

    @Test("a refused file can be imported once it is corrected")
    func correctedFileImports() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = try db.write("january.csv", revenueHeader + goodRow + "r2,2026-02-30,acme-cloud,api_usage,1,1.00,EUR\n")
        #expect(throws: ImportError.self) { try db.store.importFile(path, as: .revenue) }
        try db.write("january.csv", revenueHeader + goodRow + "r2,2026-02-28,acme-cloud,api_usage,1,1.00,EUR\n")
        let summary = try db.store.importFile(path, as: .revenue)
        #expect((summary.rowsRead, summary.rowsNew) == (2, 2))
        #expect(try db.counts() == .init(revenue: 2, imports: 1))
    }

    @Test("a file that does not exist is refused in one sentence")
    func missingFile() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = db.folder.appendingPathComponent("nowhere.csv").path
        let error = #expect(throws: StoreError.self) { try db.store.importFile(path, as: .revenue) }
        #expect(error.map { db.relative($0.description) } == "Cannot open nowhere.csv: no such readable file.")
        #expect(try db.counts() == .init())
    }

    @Test("a folder, a device or a pipe given as the file is refused in one sentence, not read forever")
    func notARegularFile() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let folder = db.folder.appendingPathComponent("revenue.csv").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cases = [(folder, "Cannot import \(folder): it is a folder; give the CSV file inside it."),
                     ("/dev/zero", "Cannot import /dev/zero: it is not a regular file (a device, pipe or socket); save the data to a file first.")]
        for (path, message) in cases {
            let error = #expect(throws: StoreError.self) { try db.store.importFile(path, as: .revenue) }
            #expect(error?.description == message)
        }
        #expect(try db.counts() == .init())
    }
}
