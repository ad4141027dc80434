import Foundation
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// Three consecutive month ends on the programme of `contracts/` with the data of `ProgrammeData`:
/// acme-cloud's amendment (v2 from 2026-09-16), helios-render's termination (2026-10-20), refunds,
/// holds, sakura-gpu's minimum payout carried forward, nordlys-gpu's floor and charges carried as a
/// negative balance, pacific-compute's late start and cap, and late rows for closed months booked
/// as prior-period adjustments. Every amount is worked out by hand from docs/REFERENCE.md §3 and §4.
///
/// Terms used below: f = days in the window / days in the month; EUR and USD lines round to cents,
/// JPY to yen; pacific-compute rounds half_up, every other contract half_even.
@Suite("Month end: three months on the programme")
struct ProgrammeMonthEndTests {
    /// On one server, and on a coordinator with two shard servers (docs/SCALE.md): the same figures.
    @Test("August to October: every line, every statement, every adjustment", arguments: [0, 2])
    func threeMonths(shards: Int) throws {
        let db = try shards == 0 ? TestDatabase(.loaded) : TestDatabase(.loaded, shards: shards)
        defer { db.drop() }
        let monthEnd = MonthEnd(store: db.store)
        let august = Period("2026-08")!, september = Period("2026-09")!, october = Period("2026-10")!

        // MARK: August
        try ProgrammeData.importRevenue(db, "rev-aug.csv", ProgrammeData.augustRevenue)
        try ProgrammeData.importHours(db, "hours-aug.csv", ProgrammeData.augustHours)
        try ProgrammeData.importRates(db, "fx-aug.csv", ProgrammeData.augustRates)
        _ = try monthEnd.run(august)
        try monthEnd.close(august, today: .testToday)
        let augustLines = [
            "acme-cloud v1 api-share revenue_share 935.00",         // 10% x (8000.00 + 1500.00 USD x 0.9 = 1350.00) = 10% x 9350.00
            "acme-cloud v1 subscription-share revenue_share 60.00", // 5% x 1200.00
            "acme-cloud v1 upgrades per_unit 24.00",                // 12 x 2.00
            "acme-cloud v1 compute-volume volume_bonus 0.00",       // H = 9000 (h100; a100 and untyped rows excluded) < 10000: tier 0 at 0
            "helios-render v1 licensing-share revenue_share 868.00", // 7% x (10000.00 + 2000.00 GBP x 1.2 = 2400.00) = 7% x 12400.00
            "helios-render v1 capacity-rebate discount 1000.00",    // rebate: 20% x 5000.00
            "helios-render v1 sponsorship fixed 1500.00",           // 1500.00 x 31/31
            "nordlys-gpu v1 consulting-referral revenue_share 200.00", // 5% x 4000.00
            "nordlys-gpu v1 licensing-share revenue_share 63.00",   // 7% x (1000.00 USD x 0.9 = 900.00)
            "nordlys-gpu v1 dedicated-capacity discount -1600.00",  // net: -(2000.00 x (1 - 20%))
            "nordlys-gpu v1 programme-fee fixed -500.00",           // -500.00 x 31/31
            "nordlys-gpu v1 limits.floor limit 737.00",             // earnings 200.00 + 63.00 = 263.00 < 1000.00: 1000.00 - 263.00
            // window 08-10..31, f = 22/31; R-P0 (08-05) counts for nothing
            "pacific-compute v1 api-share revenue_share 194000.00", // 10% x (1500000.00 + 400000.00 EUR x 1.1 = 440000.00) = 10% x 1940000.00
            "pacific-compute v1 custom-dev/facilitated revenue_share 1250.00", // 5% x (20000.00 GBP x 1.25 = 25000.00)
            "pacific-compute v1 custom-dev/executed revenue_share 3000.00",    // 10% x 30000.00; R-P5 (no role) in no line
            // volume: H = 9000 + 6000 = 15000 (H-P0 on 08-08 excluded); 15000 x 31 = 465000 >= 20000 x 22 = 440000,
            // so tier 1 (b1 = 14193.548...) is reached although 15000 < 20000: all hours at 0.02 = 300.00
            "pacific-compute v1 compute-volume volume_bonus 300.00",
            // earnings 194000 + 1250 + 3000 + 300 = 198550.00 > cap x f = 250000 x 22/31 = 177419.354838...;
            // 177419.354838... - 198550.00 = -21130.645161... -> half_up -21130.65
            "pacific-compute v1 limits.cap limit -21130.65",
            "sakura-gpu v1 api-share revenue_share 6472",           // 10% x (50000 + 100.00 USD x 147.25 = 14725) = 6472.5 -> half_even 6472
            "sakura-gpu v1 subscription-share revenue_share 1000",  // 5% x 20000
            "sakura-gpu v1 upgrades per_unit 900",                  // 3 x 300
            "sakura-gpu v1 h100-threshold volume_bonus 0",          // H = 1000 < 5000: tier 0 amount 0 x 1
        ]
        let augustTotals = [
            // 935 + 60 + 24 + 0 = 1019.00 >= minimum 100.00: paid; due 08-31 + 30 days
            "acme-cloud v1 EUR earnings 1019.00 charges 0.00 net 1019.00 opening 0.00 payout 1019.00 closing 0.00 due 2026-09-30",
            // 868 + 1000 + 1500 = 3368.00
            "helios-render v1 EUR earnings 3368.00 charges 0.00 net 3368.00 opening 0.00 payout 3368.00 closing 0.00 due 2026-09-30",
            // earnings 263 + 737 = 1000.00; charges -1600 - 500 = -2100.00; net -1100.00 carried; due 08-31 + 45
            "nordlys-gpu v1 EUR earnings 1000.00 charges -2100.00 net -1100.00 opening 0.00 payout 0.00 closing -1100.00 due 2026-10-15",
            // 198550.00 - 21130.65 = 177419.35; minimum payout 0
            "pacific-compute v1 USD earnings 177419.35 charges 0.00 net 177419.35 opening 0.00 payout 177419.35 closing 0.00 due 2026-09-30",
            // 6472 + 1000 + 900 + 0 = 8372 < minimum 10000: carried forward; due 08-31 + 60
            "sakura-gpu v1 JPY earnings 8372 charges 0 net 8372 opening 0 payout 0 closing 8372 due 2026-10-30",
        ]
        #expect(try ProgrammeData.lines(db, "2026-08") == augustLines)
        #expect(try ProgrammeData.totals(db, "2026-08") == augustTotals)

        // MARK: Late August rows; August's own file sent again (a no-op); helios-render held
        try ProgrammeData.importRevenue(db, "rev-aug-again.csv", ProgrammeData.augustRevenue)
        try ProgrammeData.importRevenue(db, "rev-aug-late.csv", ProgrammeData.lateAugustRevenue)
        try ProgrammeData.importHours(db, "hours-aug-late.csv", ProgrammeData.lateAugustHours)
        #expect(try db.store.setHold(provider: "helios-render", onHold: true, reason: "disputed licence report") == .changed)

        // MARK: September
        try ProgrammeData.importRevenue(db, "rev-sep.csv", ProgrammeData.septemberRevenue)
        try ProgrammeData.importHours(db, "hours-sep.csv", ProgrammeData.septemberHours)
        try ProgrammeData.importRates(db, "fx-sep.csv", ProgrammeData.septemberRates)
        _ = try monthEnd.run(september)
        try monthEnd.close(september, today: .testToday)
        let septemberLines = [
            // acme v1 window 09-01..15, f = 15/30 = 1/2
            "acme-cloud v1 api-share revenue_share 1092.00",        // 10% x (10000.00 + 1000.00 USD x 0.92 = 920.00) = 10% x 10920.00
            "acme-cloud v1 subscription-share revenue_share 200.00", // 5% x 4000.00
            "acme-cloud v1 upgrades per_unit 20.00",                // 10 x 2.00
            // H = 8000 + 4000 = 12000 (a100 excluded); tiers scaled: 0, 5000, 25000: (12000 - 5000) x 0.05
            "acme-cloud v1 compute-volume volume_bonus 350.00",
            // acme v2 window 09-16..30, f = 15/30 = 1/2
            "acme-cloud v2 api-share revenue_share 2400.01",        // 12% x 20000.05 = 2400.006 -> 2400.01
            "acme-cloud v2 subscription-share revenue_share 57.50", // 5% x (1000.00 GBP x 1.15 = 1150.00)
            "acme-cloud v2 upgrades per_unit 10.00",                // 5 x 2.00
            // H = 60000; tiers scaled: 0, 5000, 25000, 50000:
            // (25000 - 5000) x 0.05 + (50000 - 25000) x 0.08 + (60000 - 50000) x 0.10 = 1000 + 2000 + 1000
            "acme-cloud v2 compute-volume volume_bonus 4000.00",
            // August recomputed: H = 9000 + 2000 (late h200) = 11000: (11000 - 10000) x 0.05 = 50.00, settled 0.00
            "acme-cloud v1 compute-volume volume_bonus 50.00 adjusts 2026-08",
            "helios-render v1 licensing-share revenue_share 210.00", // 7% x 3000.00
            "helios-render v1 capacity-rebate discount -200.00",    // rebate: 20% x -1000.00 (a refund)
            "helios-render v1 sponsorship fixed 1500.00",           // 1500.00 x 30/30
            // August recomputed: 7% x (12400.00 + 1000.00) = 938.00, settled 868.00
            "helios-render v1 licensing-share revenue_share 70.00 adjusts 2026-08",
            "nordlys-gpu v1 consulting-referral revenue_share 500.00", // 5% x 10000.00
            "nordlys-gpu v1 licensing-share revenue_share 140.00",  // 7% x 2000.00
            "nordlys-gpu v1 dedicated-capacity discount 0.00",      // no rows: a zero line all the same
            "nordlys-gpu v1 programme-fee fixed -500.00",
            "nordlys-gpu v1 limits.floor limit 360.00",             // 1000.00 - (500.00 + 140.00)
            // August recomputed: consulting 5% x 6000.00 = 300.00 (settled 200.00);
            // dedicated -(2500.00 x 0.8) = -2000.00 (settled -1600.00); floor 1000 - (300 + 63) = 637.00 (settled 737.00)
            "nordlys-gpu v1 consulting-referral revenue_share 100.00 adjusts 2026-08",
            "nordlys-gpu v1 dedicated-capacity discount -400.00 adjusts 2026-08",
            "nordlys-gpu v1 limits.floor limit -100.00 adjusts 2026-08",
            "pacific-compute v1 api-share revenue_share -200.00",   // 10% x (1000.00 - 3000.00 refund)
            "pacific-compute v1 custom-dev/facilitated revenue_share 5.01", // 5% x 100.10 = 5.005 -> half_up 5.01
            "pacific-compute v1 custom-dev/executed revenue_share 540.00",  // 10% x (5000.00 EUR x 1.08 = 5400.00)
            "pacific-compute v1 compute-volume volume_bonus 10.00", // H = 1000 < 20000: 1000 x 0.01
            "sakura-gpu v1 api-share revenue_share 3000",           // 10% x 30000
            "sakura-gpu v1 subscription-share revenue_share 75",    // 5% x (10.00 USD x 150 = 1500)
            "sakura-gpu v1 upgrades per_unit 600",                  // 2 x 300
            "sakura-gpu v1 h100-threshold volume_bonus 150000",     // H = 5200 (h100 only) >= 5000: 150000 x 1
            // August recomputed: 10% x (64725 - 20000 refund = 44725) = 4472.5 -> half_even 4472, settled 6472
            "sakura-gpu v1 api-share revenue_share -2000 adjusts 2026-08",
        ]
        let septemberTotals = [
            // v1 1092 + 200 + 20 + 350 = 1662.00; v2 2400.01 + 57.50 + 10 + 4000 = 6467.51; adjustment 50.00
            // => 8179.51; the statement's terms are v2's (the last window's)
            "acme-cloud v2 EUR earnings 8179.51 charges 0.00 net 8179.51 opening 0.00 payout 8179.51 closing 0.00 due 2026-10-30",
            // 210 - 200 + 1500 + 70 = 1580.00; on hold: nothing paid, all carried
            "helios-render v1 EUR earnings 1580.00 charges 0.00 net 1580.00 opening 0.00 payout 0.00 closing 1580.00 due 2026-10-30 held",
            // earnings 500 + 140 + 360 + 100 - 100 = 1000.00; charges 0 - 500 - 400 = -900.00; net 100.00;
            // available -1100.00 + 100.00 = -1000.00, carried; due 09-30 + 45
            "nordlys-gpu v1 EUR earnings 1000.00 charges -900.00 net 100.00 opening -1100.00 payout 0.00 closing -1000.00 due 2026-11-14",
            // -200 + 5.01 + 540 + 10 = 355.01
            "pacific-compute v1 USD earnings 355.01 charges 0.00 net 355.01 opening 0.00 payout 355.01 closing 0.00 due 2026-10-30",
            // 3000 + 75 + 600 + 150000 - 2000 = 151675; available 8372 + 151675 = 160047 >= 10000: paid; due 09-30 + 60
            "sakura-gpu v1 JPY earnings 151675 charges 0 net 151675 opening 8372 payout 160047 closing 0 due 2026-11-29",
        ]
        #expect(try ProgrammeData.lines(db, "2026-09") == septemberLines)
        #expect(try ProgrammeData.totals(db, "2026-09") == septemberTotals)
        #expect(try db.store.statements(of: september).first?.statement.benefits.count == 2)  // acme's v2 terms
        #expect(try ProgrammeData.adjustmentsNotNamingTheirPeriod(db, "2026-09") == [])

        // MARK: More late rows (for August and September); helios-render released, sakura-gpu held
        try ProgrammeData.importRevenue(db, "rev-late-2.csv", ProgrammeData.lateSecondRevenue)
        #expect(try db.store.setHold(provider: "helios-render", onHold: false, reason: "resolved") == .changed)
        #expect(try db.store.setHold(provider: "sakura-gpu", onHold: true, reason: "bank details under review") == .changed)

        // MARK: October
        try ProgrammeData.importRevenue(db, "rev-oct.csv", ProgrammeData.octoberRevenue)
        try ProgrammeData.importHours(db, "hours-oct.csv", ProgrammeData.octoberHours)
        try ProgrammeData.importRates(db, "fx-oct.csv", ProgrammeData.octoberRates)
        _ = try monthEnd.run(october)
        let octoberLines = [
            "acme-cloud v2 api-share revenue_share 24.00",          // 12% x 200.00
            "acme-cloud v2 subscription-share revenue_share -35.00", // 5% x (200.00 - 900.00 refund)
            "acme-cloud v2 upgrades per_unit 6.00",                 // (4 - 1) x 2.00
            "acme-cloud v2 compute-volume volume_bonus 0.00",       // H = 4000 < 10000
            // September recomputed: the row of 09-15 is in v1's window (10%, not 12%):
            // 10% x (10920.00 + 1000.00) = 1192.00, settled 1092.00
            "acme-cloud v1 api-share revenue_share 100.00 adjusts 2026-09",
            // v2 window 10-01..20 (terminated), f = 20/31; O-H2 (10-25) counts for nothing
            "helios-render v2 licensing-share revenue_share 140.00", // 7% x 2000.00
            "helios-render v2 capacity-rebate discount 200.00",     // 20% x 1000.00
            "helios-render v2 sponsorship fixed 967.74",            // 1500.00 x 20/31 = 967.741935... -> 967.74
            "nordlys-gpu v1 consulting-referral revenue_share 1500.00", // 5% x 30000.00
            "nordlys-gpu v1 licensing-share revenue_share 81.20",   // 7% x (1000.00 GBP x 1.16 = 1160.00)
            "nordlys-gpu v1 dedicated-capacity discount 800.00",    // -((500.00 - 1500.00) x 0.8): refunds outweigh purchases
            "nordlys-gpu v1 programme-fee fixed -500.00",
            // no floor line: 1500.00 + 81.20 = 1581.20 >= 1000.00
            // August recomputed again: consulting 5% x 7000.00 = 350.00 - settled 200.00 - booked 100.00 = 50.00;
            // floor 1000 - (350 + 63) = 587.00 - settled 737.00 - booked -100.00 = -50.00;
            // dedicated -2000.00 - (-1600.00) - (-400.00) = 0: no line
            "nordlys-gpu v1 consulting-referral revenue_share 50.00 adjusts 2026-08",
            "nordlys-gpu v1 limits.floor limit -50.00 adjusts 2026-08",
            "pacific-compute v1 api-share revenue_share 100.00",    // 10% x 1000.00
            "pacific-compute v1 custom-dev/facilitated revenue_share 0.00",
            "pacific-compute v1 custom-dev/executed revenue_share 0.00",
            "pacific-compute v1 compute-volume volume_bonus 500.01", // H = 25000.5 >= 20000: 25000.5 x 0.02
            "sakura-gpu v1 api-share revenue_share 2970",           // 10% x (200.00 USD x 148.5 = 29700)
            "sakura-gpu v1 subscription-share revenue_share 0",
            "sakura-gpu v1 upgrades per_unit 300",                  // 1 x 300
            "sakura-gpu v1 h100-threshold volume_bonus 500000",     // H = 20000 >= 20000: 500000 x 1
        ]
        let octoberTotals = [
            // 24 - 35 + 6 + 0 + 100 = 95.00 < minimum 100.00: carried forward
            "acme-cloud v2 EUR earnings 95.00 charges 0.00 net 95.00 opening 0.00 payout 0.00 closing 95.00 due 2026-11-30",
            // 140 + 200 + 967.74 = 1307.74; released: 1580.00 + 1307.74 = 2887.74 paid in the last period
            "helios-render v2 EUR earnings 1307.74 charges 0.00 net 1307.74 opening 1580.00 payout 2887.74 closing 0.00 due 2026-11-30",
            // earnings 1581.20 + 50 - 50 = 1581.20; charges 800 - 500 = 300.00; net 1881.20;
            // available -1000.00 + 1881.20 = 881.20 >= 250.00: the negative balance is recovered and the rest paid
            "nordlys-gpu v1 EUR earnings 1581.20 charges 300.00 net 1881.20 opening -1000.00 payout 881.20 closing 0.00 due 2026-12-15",
            // 100 + 0 + 0 + 500.01 = 600.01
            "pacific-compute v1 USD earnings 600.01 charges 0.00 net 600.01 opening 0.00 payout 600.01 closing 0.00 due 2026-11-30",
            // 2970 + 0 + 300 + 500000 = 503270; on hold: carried; due 10-31 + 60
            "sakura-gpu v1 JPY earnings 503270 charges 0 net 503270 opening 0 payout 0 closing 503270 due 2026-12-30 held",
        ]
        #expect(try ProgrammeData.lines(db, "2026-10") == octoberLines)
        #expect(try ProgrammeData.totals(db, "2026-10") == octoberTotals)
        #expect(try ProgrammeData.adjustmentsNotNamingTheirPeriod(db, "2026-10") == [])

        // `settle statements` recomputes the derivations a batch of providers at a time: batches of
        // one give what one batch of all gives, prior-period adjustments included, every line explained.
        func derived(batchSize: Int) throws -> [(Statement, [Derivation]?, [Contract], Int)] {
            var pages: [(Statement, [Derivation]?, [Contract], Int)] = []
            let unexplained = try monthEnd.derivedStatements(of: october, batchSize: batchSize) { batch, total in
                pages += batch.map { ($0.statement, $0.derivations, $0.contracts, total) }
            }
            #expect(unexplained == [])
            return pages
        }
        let whole = try derived(batchSize: 1_000), single = try derived(batchSize: 1)
        #expect(whole.map(\.0.provider.id) == ["acme-cloud", "helios-render", "nordlys-gpu", "pacific-compute", "sakura-gpu"])
        #expect(whole.allSatisfy { $0.1 != nil && $0.3 == 5 })
        #expect(single.map(\.0) == whole.map(\.0) && single.map(\.1) == whole.map(\.1) && single.map(\.2) == whole.map(\.2))
        #expect(whole.contains { $0.0.lines.contains { $0.adjusts != nil } })

        // Re-running October gives the same documents byte for byte; closed months did not move.
        let octoberDocuments = try db.store.statements(of: october).map(\.document)
        _ = try monthEnd.run(october)
        #expect(try db.store.statements(of: october).map(\.document) == octoberDocuments)
        // A run from scratch a provider at a time stores what one batch of all stored: the statements,
        // the record of what it read (whole: the re-run above records its contracts by reference),
        // the unsettled data and the draft's totals, which are those counted from the tables.
        let draftRows: SQL = """
            SELECT 'unsettled', provider_id, reason || subject || currency, rows::text || quantity || amount || hours
              FROM unsettled WHERE period = '2026-10-01'
            UNION ALL SELECT 'totals', draft_totals, '', '' FROM periods WHERE period = '2026-10-01'
            UNION ALL SELECT 'run', r.fingerprint, settle_whole_record(r.inputs, r.contracts_of), ''
              FROM periods p JOIN runs r USING (run_id) WHERE p.period = '2026-10-01'
            ORDER BY 1, 2, 3, 4
            """
        let oneBatch = try db.rows(draftRows)
        #expect(try db.store.draftTotals(of: october) == db.store.countedDraftTotals(of: october))
        _ = try monthEnd.run(october, recomputeAll: true, batchSize: 1)
        #expect(try db.store.statements(of: october).map(\.document) == octoberDocuments)
        #expect(try db.rows(draftRows) == oneBatch)
        // What the finance summary and the payout file read: the same statements, or the payable ones.
        let octoberStatements = try db.store.statements(of: october).map(\.statement)
        #expect(try db.store.decodedStatements(of: october) == octoberStatements)
        #expect(try db.store.decodedStatements(of: october, payableOnly: true) == octoberStatements.filter { $0.isPayable() })
        #expect(try db.store.decodedStatements(of: october, page: 1) == octoberStatements)   // read a provider at a time
        var pages: [[Statement]] = []
        try db.store.decodedStatements(of: october, as: Statement.self, page: 2) { pages.append($0) }
        #expect(pages.flatMap { $0 } == octoberStatements && pages.dropLast().allSatisfy { $0.count == 2 })
        #expect(octoberStatements.contains { !$0.isPayable() } && octoberStatements.contains { $0.isPayable() })
        #expect(try ProgrammeData.lines(db, "2026-08") == augustLines)
        #expect(try ProgrammeData.totals(db, "2026-08") == augustTotals)
        #expect(try ProgrammeData.lines(db, "2026-09") == septemberLines)
        #expect(try ProgrammeData.totals(db, "2026-09") == septemberTotals)

        // The closed months still prove out, late rows notwithstanding; October too once closed.
        #expect(try monthEnd.verify(august) == [])
        #expect(try monthEnd.verify(september) == [])
        try monthEnd.close(october, today: .testToday)
        #expect(try monthEnd.verify(october) == [])

        // November: helios-render's contract ended on 2026-10-20, so it gets no statement; the
        // balances carried out of October open November (acme 95.00, sakura 503270, others 0).
        _ = try monthEnd.run(Period("2026-11")!)
        let november = try db.store.statements(of: Period("2026-11")!).map(\.statement)
        #expect(november.map { "\($0.provider.id) opening \($0.openingBalance)" } == [
            "acme-cloud opening 95.00", "nordlys-gpu opening 0.00", "pacific-compute opening 0.00",
            "sakura-gpu opening 503270",
        ])

        // Sharded, every fact and rollup row lives on a shard, none on the coordinator.
        guard shards > 0 else { return }
        let stored = try db.int("SELECT count(*) FROM revenue") + db.int("SELECT count(*) FROM revenue_rollup")
        var onShards = 0
        for shard in db.shards {
            let connection = try PostgresConnection(parameters: shard.connectionParameters(database: db.name))
            let count = try connection.query("SELECT (SELECT count(*) FROM revenue) + (SELECT count(*) FROM revenue_rollup)").scalar
            #expect(Int(count ?? "") ?? 0 > 0)
            onShards += Int(count ?? "") ?? 0
        }
        #expect(stored > 0 && onShards == stored)
        #expect(try db.int("""
            SELECT count(*) FILTER (WHERE c.relkind = 'r') + 1000 * count(*) FILTER (WHERE c.relkind = 'f')
            FROM pg_partition_tree('revenue') t JOIN pg_class c ON c.oid = t.relid
            """) == 1000 * 3 * shards)   // August to October (November has no rows), one foreign table per shard
    }
}
