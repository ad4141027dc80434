import Foundation
import SettleContracts
import SettleCore
import SettleMonthEnd
import SettleSampleData
import SettleStore
import SettleTestSupport
import Testing

/// Issue 7, point 3: the scale benchmark's data at a small size (60 generated providers, 20,000
/// revenue rows, 2,000 compute-hour rows, late rows) through the real import and run, checked
/// against the engine fed with every raw row one by one: the rollup path must give exactly the
/// same statements. Asserts correctness only, never a time.
@Suite("Scale benchmark, small: rollups give the statements of the raw rows")
struct ScaleSmokeTests {
    let period = Period("2026-10")!

    /// A migrated database with 60 generated providers' contracts and a month of their data.
    func loaded() throws -> (TestDatabase, [SampleData.ProviderProfile], ContractCatalog) {
        let db = try TestDatabase(.migrated)
        let folder = db.folder.path
        let profiles = try SampleContracts.write(count: 60, period: period, seed: 7, to: "\(folder)/contracts")
        let catalog = try ContractFiles.load(paths: ["\(folder)/contracts"]).get()
        _ = try db.store.load(contracts: catalog.contracts.map {
            ContractVersionFile(contract: $0.contract, sourceFile: $0.file, sourceText: $0.text)
        }, payer: catalog.payer.map { ($0.payer, $0.file) }) { _ in }
        let sample = SampleData(providers: profiles, seed: 7)
        try sample.writeFXRates(periods: [period], to: "\(folder)/fx.csv")
        try sample.writeRevenue(rows: 20_000, period: period, to: "\(folder)/revenue.csv")
        try sample.writeComputeHours(rows: 2_000, period: period, to: "\(folder)/hours.csv")
        _ = try db.store.importFile("\(folder)/fx.csv", as: .fxRates)
        _ = try db.store.importFile("\(folder)/revenue.csv", as: .revenue)
        _ = try db.store.importFile("\(folder)/hours.csv", as: .computeHours)
        return (db, profiles, catalog)
    }

    @Test("run from rollups == engine over the raw rows, before and after late rows")
    func rollupsMatchRawRows() throws {
        let (db, profiles, catalog) = try loaded()
        defer { db.drop() }
        let folder = db.folder.path
        let monthEnd = MonthEnd(store: db.store)
        _ = try monthEnd.run(period)
        try expectSameAsRawRows(db, period, catalog)

        // Late rows (the fast path) and a file re-sent with one more row (the staging path).
        try SampleData(providers: profiles, seed: 8).writeRevenue(rows: 500, period: period, to: "\(folder)/late.csv")
        _ = try db.store.importFile("\(folder)/late.csv", as: .revenue)
        let resent = try String(contentsOfFile: "\(folder)/late.csv", encoding: .utf8)
            + "extra-1,2026-10-05,\(profiles[0].id),api_usage,3,30.00,\(profiles[0].currency.code),,\n"
        try resent.write(toFile: "\(folder)/late-again.csv", atomically: true, encoding: .utf8)
        _ = try db.store.importFile("\(folder)/late-again.csv", as: .revenue)
        _ = try monthEnd.run(period)
        try expectSameAsRawRows(db, period, catalog)
    }

    @Test("a re-run recomputes only the providers with late rows or a changed hold, and stores what a run from scratch stores")
    func rerunRecomputesOnlyWhatChanged() throws {
        let (db, profiles, _) = try loaded()
        defer { db.drop() }
        let monthEnd = MonthEnd(store: db.store)
        let first = try monthEnd.run(period)
        #expect(first.recomputed == first.statements)

        try SampleData(providers: Array(profiles.prefix(2)), seed: 9).writeRevenue(rows: 40, period: period, to: "\(db.folder.path)/late.csv")
        _ = try db.store.importFile("\(db.folder.path)/late.csv", as: .revenue)
        #expect(try db.store.setHold(provider: profiles[5].id, onHold: true, reason: "bank details under review") == .changed)
        let rerun = try monthEnd.run(period)
        #expect(rerun.recomputed == 3)
        #expect(rerun.statements == first.statements)
        #expect(rerun.payouts != first.payouts)
        // A re-run of a re-run: both name the first run's whole record for the contract versions
        // they read, and store none themselves (migration 23).
        try SampleData(providers: Array(profiles.dropFirst(10).prefix(1)), seed: 10).writeRevenue(
            rows: 10, period: period, to: "\(db.folder.path)/later.csv")
        _ = try db.store.importFile("\(db.folder.path)/later.csv", as: .revenue)
        let again = try monthEnd.run(period)
        #expect(again.recomputed == 1)
        // The totals each re-run kept for its summary are those counted from the tables.
        #expect(try db.store.draftTotals(of: period) == db.store.countedDraftTotals(of: period))
        #expect(try db.rows("SELECT run_id, contracts_of, inputs LIKE '%\"contracts\":%' FROM runs ORDER BY run_id") == [
            ["\(first.runID)", nil, "t"], ["\(rerun.runID)", "\(first.runID)", "f"], ["\(again.runID)", "\(first.runID)", "f"],
        ])
        let documents = try db.store.statements(of: period).map(\.document)
        let recorded = try db.store.currentRun(of: period)!
        // The record referred to is part of the re-run's: a change to it breaks the fingerprint.
        #expect(try db.store.runRecordTampered(in: period) == nil)
        try db.connection.query("ALTER TABLE runs DISABLE TRIGGER runs_immutable")
        try db.connection.query(#"UPDATE runs SET inputs = replace(inputs, '"contracts":[', '"contracts":[ ') WHERE run_id = $1"#,
                                ["\(first.runID)"])
        #expect(try db.store.runRecordTampered(in: period) == "the record of what run \(again.runID) read does not match its fingerprint")
        try db.connection.query(#"UPDATE runs SET inputs = replace(inputs, '"contracts":[ ', '"contracts":[') WHERE run_id = $1"#,
                                ["\(first.runID)"])
        try db.connection.query("ALTER TABLE runs ENABLE TRIGGER runs_immutable")
        #expect(try db.store.runRecordTampered(in: period) == nil)

        let scratch = try monthEnd.run(period, recomputeAll: true)
        #expect(scratch.recomputed == first.statements)
        #expect(try db.store.statements(of: period).map(\.document) == documents)
        // Read back whole, the record by reference is a run's from scratch, fingerprint and all.
        let whole = try db.store.currentRun(of: period)!
        #expect(whole.inputs == recorded.inputs && whole.fingerprint == recorded.fingerprint)
        #expect(whole.inputs.contracts.count >= first.statements)
        #expect(scratch.payouts == rerun.payouts)
        #expect(scratch.payouts == again.payouts && scratch.unsettled == again.unsettled && scratch.statements == again.statements)

        // A new FX rate of the period concerns every provider: everything is recomputed.
        _ = try db.store.importFile(try db.write("fx-more.csv", "period,from,to,rate\n2026-10,SEK,EUR,0.087\n"), as: .fxRates)
        #expect(try monthEnd.run(period).recomputed == first.statements)
        try monthEnd.close(period, today: .testToday)
        #expect(try monthEnd.verify(period) == [])
    }

    /// The stored statements equal the engine's over every raw row, fed one by one.
    func expectSameAsRawRows(_ db: TestDatabase, _ period: Period, _ catalog: ContractCatalog) throws {
        var revenue: [String: [RevenueEntry]] = [:]
        for row in try db.rows("SELECT provider_id, date, stream, currency, role, quantity, amount FROM revenue") {
            revenue[row[0]!, default: []].append(RevenueEntry(
                date: Day(row[1]!)!, stream: row[2]!, currency: Currency(code: row[3]!)!, role: row[4],
                quantity: Rational(decimal: row[5]!)!, amount: Rational(decimal: row[6]!)!))
        }
        var hours: [String: [HoursEntry]] = [:]
        for row in try db.rows("SELECT provider_id, date, gpu_type, hours FROM compute_hours") {
            hours[row[0]!, default: []].append(HoursEntry(date: Day(row[1]!)!, gpuType: row[2], hours: Rational(decimal: row[3]!)!))
        }
        var rates = FXRates()
        for row in try db.rows("SELECT from_currency, to_currency, rate FROM fx_rates") {
            rates[Currency(code: row[0]!)!, Currency(code: row[1]!)!] = Rational(decimal: row[2]!)!
        }
        let stored = try db.store.statements(of: period).map(\.statement)
        let versions = Dictionary(grouping: catalog.contracts.map(\.contract), by: \.provider.id)
        var expected: [Statement] = []
        for (provider, contracts) in versions.sorted(by: { $0.key < $1.key }) {
            let input = SettlementInput(providerID: provider, period: period, contracts: contracts,
                                        revenue: revenue[provider] ?? [], hours: hours[provider] ?? [], rates: rates)
            if let statement = try Settlement.statement(for: input) { expected.append(statement) }
        }
        #expect(stored.count == expected.count)
        #expect(stored.count > 50)
        for (kept, fresh) in zip(stored, expected) {
            #expect(kept == fresh, "\(kept.provider.id)")
        }
    }
}
