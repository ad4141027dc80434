import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

/// The direct import's byte checks (`DirectRowEncoder`) against the dataset's own checks, on the
/// rows that take the slow way through them (fuzzed rows: FuzzTests).
@Suite("Direct import rows on their bytes")
struct DirectRowEncoderTests {
    /// Each record of `csv` as (direct path's COPY text or nil, the checks' values).
    static func encode(_ csv: String, _ dataset: Dataset = .revenue, providers: Set<String> = ["acme-cloud"])
        throws -> [(direct: String?, checked: [String?]?)] {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("settle-direct-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max)).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var reader = CSVReader(handle: handle)
        let layout = try CSVLayout(reader: &reader, dataset: dataset, file: "t.csv")
        var encoder = DirectRowEncoder(layout: layout, providers: providers, importID: "42")
        var rollups = RollupAccumulator(dataset: dataset)
        var results: [(String?, [String?]?)] = []
        while let record = try reader.next() {
            var bytes: [UInt8] = []
            let row = encoder.encode(reader.fields, into: &bytes, rollups: &rollups)
            let checked = try? layout.values(of: record).get()
            results.append((row.map { _ in String(decoding: bytes, as: UTF8.self) }, checked))
        }
        return results
    }

    @Test("unusual but valid values take the slow check and are written as COPY escapes them")
    func unusualValues() throws {
        let rows = try Self.encode("""
            ref,date,provider,stream,quantity,amount,currency,role,customer
            réf-ü,2028-02-29,acme-cloud,api_usage,007.50,-0.000001,EUR,,"tab\there, ""quoted""
            and a line"
            r\\2,2026-12-31,acme-cloud,api_usage,1,2,USD,executed,Globex

            """)
        #expect(rows.map(\.direct) == [
            "réf-ü\t2028-02-29\tacme-cloud\tapi_usage\t007.50\t-0.000001\tEUR\t\\N\ttab\\there, \"quoted\"\\nand a line\t42\n",
            "r\\\\2\t2026-12-31\tacme-cloud\tapi_usage\t1\t2\tUSD\texecuted\tGlobex\t42\n",
        ])
        for row in rows { #expect(row.direct == row.checked.map { String(decoding: CopyText.row($0 + ["42"]), as: UTF8.self) }) }
    }

    @Test("what the checks refuse, or an unknown provider, the direct path declines", arguments: [
        "r1,2026-02-29,acme-cloud,api_usage,1,2,EUR,,",           // no 29 February in 2026
        "r1,2026-1-05,acme-cloud,api_usage,1,2,EUR,,",            // not YYYY-MM-DD
        "r1,1999-12-31,acme-cloud,api_usage,1,2,EUR,,",           // before the dates Settle takes
        "r1,2026-10-05,acme-cloud,API_usage,1,2,EUR,,",           // a stream in capitals
        "r1,2026-10-05,acme-cloud,api_usage,1,2.0000001,EUR,,",   // 7 digits after the point
        "r1,2026-10-05,acme-cloud,api_usage,1,1234567890123,EUR,,", // 13 digits before it
        "r1,2026-10-05,acme-cloud,api_usage,1,2,EUX,,",           // no such currency
        "r1,2026-10-05,globex,api_usage,1,2,EUR,,",               // no contract for the provider
        ",2026-10-05,acme-cloud,api_usage,1,2,EUR,,",             // no ref
        "r1,2026-10-05,acme-cloud,api_usage,1,2,EUR,",            // a field short
    ])
    func declined(row: String) throws {
        let rows = try Self.encode("ref,date,provider,stream,quantity,amount,currency,role,customer\n\(row)\n")
        #expect(rows.count == 1 && rows[0].direct == nil)
    }

    @Test("a file without the optional columns writes them as NULL")
    func missingOptionalColumns() throws {
        let rows = try Self.encode("ref,date,provider,hours\nc1,2026-10-05,acme-cloud,12.5\n", .computeHours)
        #expect(rows.map(\.direct) == ["c1\t2026-10-05\tacme-cloud\t12.5\t\\N\t42\n"])
    }
}

/// The direct path itself, through the store.
@Suite("Direct import path")
struct DirectImportPathTests {
    @Test("a month first seen after the rows read ahead still goes the direct way, its rollups in their partition")
    func lateMonth() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        var csv = "ref,date,provider,stream,quantity,amount,currency\n"
        for row in 0..<10_001 { csv += "jan-\(row),2026-01-15,acme-cloud,api_usage,1,1.00,EUR\n" }
        csv += "feb-0,2026-02-03,acme-cloud,api_usage,2,7.25,EUR\n"
        let path = try db.write("two-months.csv", csv)
        let summary = try db.store.importFile(path, as: .revenue)
        #expect(summary.rowsNew == 10_002)
        #expect(try db.rows("""
            SELECT to_char(date, 'YYYY-MM'), sum(amount)::text, sum(rows)::text FROM revenue_rollup GROUP BY 1 ORDER BY 1
            """) == [["2026-01", "10001.000000", "10001"], ["2026-02", "7.250000", "1"]])
        #expect(try db.partitions() == [["revenue_rollup_p2026_01"], ["revenue_rollup_p2026_02"]])
    }
}
