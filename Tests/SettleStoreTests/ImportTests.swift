@testable import SettleStore
import SettleTestSupport
import Testing

@Suite("settle import: good files")
struct ImportTests {
    @Test("amounts at the 12-digit bound are summed exactly past what 64-bit millionths hold (the server sums then)")
    func amountsAtTheBound() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let rows = (1...10).map { "big-\($0),2026-01-03,acme-cloud,api_usage,1,999999999999.50,EUR\n" }.joined()
        let path = try db.write("big.csv", "ref,date,provider,stream,quantity,amount,currency\n" + rows)
        #expect(try db.store.importFile(path, as: .revenue).rowsNew == 10)
        // 10 x 999,999,999,999.50 = 9,999,999,999,995.00: above 2^63 millionths (about 9.22 x 10^12), so
        // the server sums the rows (keeping their scale of 2; the client would write 6 digits).
        let rollup = try db.rows("SELECT amount::text, quantity::text, rows::text FROM revenue_rollup")
        #expect(rollup == [["9999999999995.00", "10", "10"]], "\(rollup)")
    }

    @Test("revenue: every row stored exactly as written, in monthly partitions, with its import recorded")
    func revenue() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = try db.write("revenue.csv", Sample.revenue)
        let summary = try db.store.importFile(path, as: .revenue)
        #expect(summary == ImportSummary(file: path, dataset: .revenue, rowsRead: 5, rowsNew: 5))
        #expect(summary.rowsPresent == 0)
        #expect(try db.counts() == .init(revenue: 5, imports: 1))
        #expect(try db.rows("""
            SELECT ref, date::text, provider_id, stream, quantity::text, amount::text, currency, role, customer
            FROM revenue ORDER BY ref
            """) == [
                ["rev-0001", "2026-01-03", "acme-cloud", "api_usage", "120000", "1840.00", "EUR", nil, "Globex"],
                ["rev-0002", "2026-01-09", "pacific-compute", "custom_development", "1", "25000.00", "USD", "executed", "Initech, Inc."],
                ["rev-0003", "2026-01-15", "acme-cloud", "api_usage", "-2000", "-30.50", "EUR", nil, "Globex"],
                ["rev-0004", "2026-02-01", "sakura-gpu", "subscription", "3", "45000", "JPY", nil, nil],
                ["rev-0005", "2026-02-11", "nordlys-gpu", "upgrade", "12", "0.000001", "EUR", nil, nil],
            ])
        #expect(try db.rows("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'revenue_rollup'::regclass ORDER BY 1
            """) == [["revenue_rollup_p2026_01"], ["revenue_rollup_p2026_02"]])
        #expect(try db.rows("SELECT dataset, file_name, rows_read, rows_new, rows_present FROM imports")
                == [["revenue", path, "5", "5", "0"]])
        #expect(try db.int("SELECT count(*) FROM revenue r JOIN imports i USING (import_id)") == 5)
    }

    @Test("compute hours: zero hours and an absent GPU type are fine")
    func computeHours() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = try db.write("hours.csv", Sample.computeHours)
        let summary = try db.store.importFile(path, as: .computeHours)
        #expect(summary == ImportSummary(file: path, dataset: .computeHours, rowsRead: 4, rowsNew: 4))
        #expect(try db.counts() == .init(computeHours: 4, imports: 1))
        #expect(try db.rows("SELECT ref, date::text, provider_id, hours::text, gpu_type FROM compute_hours ORDER BY ref") == [
            ["ch-001", "2026-01-31", "acme-cloud", "12500.5", "h100"],
            ["ch-002", "2026-01-31", "acme-cloud", "800", "h200"],
            ["ch-003", "2026-01-31", "nordlys-gpu", "0", nil],
            ["ch-004", "2026-02-28", "sakura-gpu", "40.25", "a100"],
        ])
        #expect(try db.rows("SELECT dataset, rows_read, rows_new FROM imports") == [["compute_hours", "4", "4"]])
    }

    @Test("FX rates: a period is stored as its first day")
    func fxRates() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let path = try db.write("fx.csv", Sample.fxRates)
        let summary = try db.store.importFile(path, as: .fxRates)
        #expect(summary == ImportSummary(file: path, dataset: .fxRates, rowsRead: 3, rowsNew: 3))
        #expect(try db.counts() == .init(fxRates: 3, imports: 1))
        #expect(try db.rows("SELECT period::text, from_currency, to_currency, rate::text FROM fx_rates ORDER BY 1, 2") == [
            ["2026-01-01", "EUR", "USD", "1.0825"],
            ["2026-01-01", "JPY", "EUR", "0.006142"],
            ["2026-02-01", "EUR", "USD", "1.0790"],
        ])
    }

    @Test("sending a file again adds nothing: 0 new, N already present", arguments: [
        (Dataset.revenue, Sample.revenue, 5), (.computeHours, Sample.computeHours, 4), (.fxRates, Sample.fxRates, 3),
    ])
    func reimport(dataset: Dataset, text: String, rows: Int) throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = try db.write("data.csv", text)
        #expect(try db.store.importFile(path, as: dataset).rowsNew == rows)
        let facts = try db.counts()
        let again = try db.store.importFile(path, as: dataset)
        #expect(again == ImportSummary(file: path, dataset: dataset, rowsRead: rows, rowsNew: 0))
        #expect(again.rowsPresent == rows)
        var expected = facts
        expected.imports += 1    // the re-sending is recorded; the facts are not touched
        #expect(try db.counts() == expected)
        #expect(try db.rows("SELECT rows_read, rows_new, rows_present FROM imports ORDER BY import_id DESC LIMIT 1")
                == [[String(rows), "0", String(rows)]])
    }

    @Test("a file that repeats some stored rows and adds others stores only the new ones")
    func overlap() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        _ = try db.store.importFile(try db.write("january.csv", Sample.revenue), as: .revenue)
        let path = try db.write("resent.csv", """
            ref,date,provider,stream,quantity,amount,currency,role,customer
            rev-0004,2026-02-01,sakura-gpu,subscription,3,45000,JPY,,
            rev-0006,2026-02-12,helios-render,api_usage,5,10.00,EUR,,
            rev-0005,2026-02-11,nordlys-gpu,upgrade,12,0.000001,EUR,,

            """)
        let summary = try db.store.importFile(path, as: .revenue)
        #expect((summary.rowsRead, summary.rowsNew, summary.rowsPresent) == (3, 1, 2))
        #expect(try db.counts() == .init(revenue: 6, imports: 2))
        #expect(try db.rows("""
            SELECT r.ref FROM revenue r JOIN imports i USING (import_id) WHERE i.file_name = $1
            """, [path]) == [["rev-0006"]])
    }

    @Test("columns in any order: the same rows as in the usual order")
    func columnsInAnyOrder() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        _ = try db.store.importFile(try db.write("usual.csv", Sample.revenue), as: .revenue)
        let usual = try db.rows("SELECT ref, date, provider_id, stream, quantity, amount, currency, role, customer FROM revenue ORDER BY ref")

        let db2 = try TestDatabase(.loaded)
        defer { db2.drop() }
        let shuffled = try db2.write("shuffled.csv", """
            customer,currency,amount,role,provider,ref,quantity,date,stream
            Globex,EUR,1840.00,,acme-cloud,rev-0001,120000,2026-01-03,api_usage
            "Initech, Inc.",USD,25000.00,executed,pacific-compute,rev-0002,1,2026-01-09,custom_development
            Globex,EUR,-30.50,,acme-cloud,rev-0003,-2000,2026-01-15,api_usage
            ,JPY,45000,,sakura-gpu,rev-0004,3,2026-02-01,subscription
            ,EUR,0.000001,,nordlys-gpu,rev-0005,12,2026-02-11,upgrade

            """)
        #expect(try db2.store.importFile(shuffled, as: .revenue).rowsNew == 5)
        #expect(try db2.rows("SELECT ref, date, provider_id, stream, quantity, amount, currency, role, customer FROM revenue ORDER BY ref") == usual)
    }

    @Test("optional columns may be absent: stored as NULL", arguments: [
        (Dataset.revenue, """
            ref,date,provider,stream,quantity,amount,currency
            r1,2026-03-01,acme-cloud,api_usage,1,1.00,EUR

            """, "SELECT role, customer FROM revenue"),
        (.revenue, """
            role,ref,date,provider,stream,quantity,amount,currency
            facilitated,r1,2026-03-01,pacific-compute,custom_development,1,1.00,USD

            """, "SELECT customer FROM revenue"),
        (.computeHours, """
            date,hours,ref,provider
            2026-03-31,10,h1,nordlys-gpu

            """, "SELECT gpu_type FROM compute_hours"),
    ])
    func optionalColumnsAbsent(dataset: Dataset, text: String, nullColumns: SQL) throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        #expect(try db.store.importFile(try db.write("data.csv", text), as: dataset).rowsNew == 1)
        let row = try db.rows(nullColumns)
        #expect(row.count == 1 && row[0].allSatisfy { $0 == nil })
    }

    @Test("a pending import counts for nothing: readers stop below it, and a cleanup that finds it completed meanwhile keeps everything")
    func pendingImports() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let path = try db.write("revenue.csv", Sample.revenue)
        #expect(try db.store.importFile(path, as: .revenue).rowsNew == 5)
        let complete = try db.int("SELECT max(import_id) FROM imports")
        let rollups = try db.rows("SELECT * FROM revenue_rollup ORDER BY provider_id, date, stream")
        #expect(rollups.count == 4)   // rev-0001 and rev-0003 share a key and a month
        // Discarding a completed import (its importer let go of it after the list of pending
        // imports was read) deletes nothing.
        try db.store.discardImport(String(complete), shards: [])
        #expect(try db.rows("SELECT * FROM revenue_rollup ORDER BY provider_id, date, stream") == rollups)
        #expect(try db.counts() == .init(revenue: 5, imports: 1))
        // An import pending between two complete ones: readers count up to the one before it.
        try db.connection.query("""
            INSERT INTO imports (dataset, file_name, rows_read, rows_new, rows_present, state)
            VALUES ('revenue', 'pending.csv', 0, 0, 0, 'pending'), ('revenue', 'later.csv', 0, 0, 0, 'complete')
            """)
        #expect(try db.store.maxImportID() == Int64(complete))
        // The next run or close removes it (no importer holds it), and counts the later one.
        try db.store.monthEndTransaction {}
        #expect(try db.int("SELECT count(*) FROM imports WHERE state = 'pending'") == 0)
        #expect(try db.store.maxImportID() == Int64(complete + 2))
    }

    @Test("a re-sent row at the end of a large file: the direct path gives up after its rollups were copied beside, and the staging path counts every row once")
    func resentRowAtTheEnd() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let header = "ref,date,provider,stream,quantity,amount,currency\n"
        let last = "late-0,2026-01-20,acme-cloud,api_usage,1,0.01,EUR\n"
        #expect(try db.store.importFile(try db.write("first.csv", header + last), as: .revenue).rowsNew == 1)
        // 50,000 new rows (1.00 to 500.00 EUR), then the row already stored: the key on `ref`
        // refuses it only as the COPY ends, when the file has long been read and its rollups copied.
        let rows = (1...50_000).map { "bulk-\($0),2026-01-\(10 + $0 % 18),acme-cloud,api_usage,1,\($0 % 500 + 1).00,EUR\n" }
        let summary = try db.store.importFile(try db.write("second.csv", header + rows.joined() + last), as: .revenue)
        #expect(summary.rowsNew == 50_000)
        #expect(summary.rowsPresent == 1)
        #expect(try db.rows("SELECT sum(amount)::text, sum(rows)::text FROM revenue_rollup") == [["12525000.010000", "50001"]])
        #expect(try db.rows("SELECT sum(amount)::text, count(*)::text FROM revenue") == [["12525000.01", "50001"]])
        #expect(try db.int("SELECT count(*) FROM imports WHERE state = 'pending'") == 0)
    }
}
