import Foundation
import SettleCore
import SettleExport
import Testing

@Suite("Finance summary")
struct FinanceReportTests {
    @Test("totals per rule type, per stream and payouts per currency add up the statement's lines")
    func totals() throws {
        let report = FinanceReport(period: Period("2026-09")!, status: .closed, statements: [try StatementFilesTests.statement()],
                                   contracts: StatementFilesTests.contracts())
        // Lines (StatementFilesTests): api 118.00 + 60.00, adjustment 12.50, dedicated 0.00 - 240.00,
        // volume 100.00 + 0.00, fee -15.00 - 15.00; payout 0.50.
        #expect(report.totalsCSV == """
            period,status,section,name,currency,amount\r
            2026-09,closed,rule type,adjustment,EUR,12.50\r
            2026-09,closed,rule type,discount,EUR,-240.00\r
            2026-09,closed,rule type,fixed,EUR,-30.00\r
            2026-09,closed,rule type,revenue_share,EUR,178.00\r
            2026-09,closed,rule type,volume_bonus,EUR,100.00\r
            2026-09,closed,stream,(compute hours),EUR,100.00\r
            2026-09,closed,stream,(fixed amounts),EUR,-30.00\r
            2026-09,closed,stream,api_usage,EUR,190.50\r
            2026-09,closed,stream,dedicated_capacity,EUR,-240.00\r
            2026-09,closed,payouts,payouts,EUR,0.50\r

            """)
        #expect(report.providersCSV.hasSuffix("\r\n2026-09,closed,hostile-cloud,\"A & B <Cloud> \"\"Quoted\"\" 'Ltd' ✓ Ωmega\",EUR,290.50,-270.00,20.50,-20.00,0.50,0.00,false,2026-10-30,STL-202609-hostile-cloud\r\n"))
        #expect(report.html.contains("A &amp; B") == false, "provider names are not on the summary page")
        #expect(report.html.contains("1 statement; 1 payout; 0 balances carried forward; 0 providers on hold."))
    }

    @Test("payouts are totalled per currency, never across currencies, in currency order")
    func severalCurrencies() throws {
        let statements = [
            try StatementFilesTests.statement(),
            PayoutFileTests.statement("usd-one", "USD One", "USD", "250000.00", account: .other("1"), bic: "CHASUS33XXX"),
            PayoutFileTests.statement("usd-two", "USD Two", "USD", "0.01", account: .other("2"), bic: "CHASUS33XXX"),
            PayoutFileTests.statement("jpy-one", "JPY One", "JPY", "13839", account: .other("3"), bic: "MHCBJPJTXXX"),
            PayoutFileTests.statement("jpy-held", "JPY Held", "JPY", "0", account: .other("4"), bic: "MHCBJPJTXXX", onHold: true),
        ]
        let report = FinanceReport(period: Period("2026-09")!, status: .closed, statements: statements, contracts: StatementFilesTests.contracts())
        #expect(report.totalsCSV.hasSuffix("""
            2026-09,closed,payouts,payouts,EUR,0.50\r
            2026-09,closed,payouts,payouts,JPY,13839\r
            2026-09,closed,payouts,payouts,USD,250000.01\r

            """))
        #expect(report.html.contains("<td>payouts</td><td>USD</td><td class=\"n\">250,000.01</td>"))
        #expect(report.html.contains("5 statements; 4 payouts;"))
    }

    @Test("statements added up a page at a time, as `settle report` reads them, give the same files as all at once")
    func pages() throws {
        let statements = [
            PayoutFileTests.statement("usd-one", "USD One", "USD", "250000.00", account: .other("1"), bic: "CHASUS33XXX"),
            try StatementFilesTests.statement(),
            PayoutFileTests.statement("jpy-one", "JPY One", "JPY", "13839", account: .other("3"), bic: "MHCBJPJTXXX"),
            PayoutFileTests.statement("jpy-held", "JPY Held", "JPY", "0", account: .other("4"), bic: "MHCBJPJTXXX", onHold: true),
        ]
        let contracts = StatementFilesTests.contracts()
        let whole = FinanceReport(period: Period("2026-09")!, status: .closed, statements: statements, contracts: contracts)
        var sums = FinanceReport.Sums()
        // Decoded from the stored JSON, as the store hands them over, two pages.
        let stored = try statements.map { try JSONDecoder().decode(FinanceReport.StoredEntry.self, from: JSONEncoder().encode($0)) }
        sums.add(Array(stored.prefix(3)))
        sums.add(Array(stored.dropFirst(3)))
        let paged = FinanceReport(period: Period("2026-09")!, status: .closed, sums: sums,
                                  streams: .init(rules: contracts.flatMap { contract in contract.rules.map { (contract.id, contract.version, $0.id, $0.kind) } }))
        #expect(paged.html == whole.html && paged.providersCSV == whole.providersCSV && paged.totalsCSV == whole.totalsCSV
                && paged.unsettledCSV == whole.unsettledCSV)
        #expect(paged.statements.map(\.provider.id) == ["hostile-cloud", "jpy-held", "jpy-one", "usd-one"])
    }
}
