import Foundation
import SettleCore
@testable import SettleStore
import SettleTestSupport
import Testing

/// VAT on payouts (docs/REFERENCE.md §10), by hand through the settle binary: a German provider
/// under a self-billing agreement at 19% is owed the VAT of each self-billed invoice with its
/// payout, as a `vat` line; a late row's VAT is levied in the statement that books its
/// adjustment, never by adjusting an old `vat` line; a credit note takes the VAT back.
@Suite("VAT on payouts through the settle binary")
struct VATOnPayoutsTests {
    static let contract = """
        contract: nordlicht-2026
        version: 1
        provider: {id: nordlicht, name: Nordlicht Rechenzentrum GmbH, country: DE}
        payee: {name: Nordlicht Rechenzentrum GmbH, iban: DE89370400440532013000, address: {town: Hamburg, country: DE}}
        currency: EUR
        effective: 2026-08-01
        payment: {net_days: 30}
        rules:
          - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
          - {id: fee, type: fixed, amount: "100.00"}
        self_billing: {agreement: SBA-NL-01, since: 2026-08-01, vat_id: DE123456789, vat: 19%}

        """

    static let payer = """
        payer:
          name: Lumen Compute Platform GmbH
          iban: DE44500105175407324931
          bic: INGDDEFFXXX
          address: {town: Berlin, country: DE}
          vat_id: DE811569869

        """

    static func importRevenue(_ db: TestDatabase, _ name: String, _ rows: [(String, String, String)]) throws {
        let csv = "ref,date,provider,stream,quantity,amount,currency\n"
            + rows.map { "\($0.0),\($0.1),nordlicht,api_usage,1,\($0.2),EUR\n" }.joined()
        #expect(try db.settle("import", "revenue", try db.write(name, csv)).status == 0)
    }

    static func runAndClose(_ db: TestDatabase, _ period: String) throws {
        #expect(try db.settle("run", period).status == 0)
        #expect(try db.settle("close", period).status == 0)
    }

    /// The contract and payer loaded, August's 1,090.00 of api_usage imported, run and closed.
    static func augustClosed() throws -> TestDatabase {
        let db = try TestDatabase(.migrated)
        #expect(try db.settle("contracts", "load", try db.write("nordlicht.yaml", Self.contract),
                              try db.write("payer.yaml", Self.payer)).status == 0)
        try Self.importRevenue(db, "aug.csv", [("A-1", "2026-08-05", "1090.00")])
        try Self.runAndClose(db, "2026-08")
        return db
    }

    @Test("August pays 19% VAT on 209.00; a late row's VAT comes with September's adjustment; October's credit note takes VAT back")
    func threePeriods() throws {
        // August: 10% of 1,090.00 = 109.00, the fee 100.00: 209.00 invoiced; VAT 19% = 39.71.
        let db = try Self.augustClosed()
        defer { db.drop() }
        #expect(try db.amounts("2026-08") == ["api-share 109.00", "fee 100.00", "self_billing.vat 39.71", "payout 248.71"])
        let august = try #require(try db.store.statements(of: Period("2026-08")!).first?.statement)
        #expect([august.earnings, august.charges, august.vat, august.periodNet].map(\.description)
                == ["209.00", "0.00", "39.71", "248.71"])
        let vatLine = try #require(august.lines.last)
        #expect(vatLine.type == .vat && vatLine.basis == Rational(decimal: "209")
                && vatLine.rate == Rational(decimal: "0.19") && !vatLine.isCharge)
        #expect(vatLine.explanation == "VAT 19% on invoiced earnings of 209.00 EUR, self-billing agreement SBA-NL-01")
        #expect(try db.settle("payouts", "2026-08", "--out", "pay-08.xml").status == 0)
        let payout = try String(contentsOf: db.folder.appendingPathComponent("pay-08.xml"), encoding: .utf8)
        #expect(payout.contains(#"<InstdAmt Ccy="EUR">248.71</InstdAmt>"#))

        // A row of August arrives late: 10% of 50.00 = 5.00 more, booked in September.
        // September: 10% of 503.33 = 50.333, rounded 50.33; the fee 100.00; the adjustment 5.00:
        // 155.33 invoiced; VAT 19% = 29.5127, rounded once to 29.51; no vat line is adjusted.
        try Self.importRevenue(db, "late.csv", [("A-2", "2026-08-20", "50.00")])
        try Self.importRevenue(db, "sep.csv", [("S-1", "2026-09-03", "503.33")])
        try Self.runAndClose(db, "2026-09")
        #expect(try db.amounts("2026-09") == ["api-share 50.33", "fee 100.00", "api-share 5.00 adjusts 2026-08",
                                               "self_billing.vat 29.51", "payout 184.84"])

        // October: a reversal of 2,000.00: -200.00 + 100.00 = -100.00, a credit note; VAT -19.00;
        // nothing paid, -119.00 carried.
        try Self.importRevenue(db, "oct.csv", [("O-1", "2026-10-05", "-2000.00")])
        try Self.runAndClose(db, "2026-10")
        #expect(try db.amounts("2026-10") == ["api-share -200.00", "fee 100.00", "self_billing.vat -19.00", "payout 0.00"])
        #expect(try db.store.statements(of: Period("2026-10")!).first?.statement.closingBalance.description == "-119.00")

        // Each invoice's VAT is its statement's vat line: the XSD passes and the totals agree.
        for period in ["2026-08", "2026-09", "2026-10"] {
            #expect(try db.settle("invoices", period, "--out", "inv").status == 0)
        }
        func invoice(_ number: String) throws -> String {
            try String(contentsOf: db.folder.appendingPathComponent("inv/\(number).xml"), encoding: .utf8)
        }
        let sepInvoice = try invoice("SB-nordlicht-2026-00002")
        #expect(sepInvoice.contains(#"<cbc:TaxableAmount currencyID="EUR">155.33</cbc:TaxableAmount>"#))
        #expect(sepInvoice.contains(#"<cbc:TaxAmount currencyID="EUR">29.51</cbc:TaxAmount>"#))
        #expect(sepInvoice.contains(#"<cbc:PayableAmount currencyID="EUR">184.84</cbc:PayableAmount>"#))
        #expect(!sepInvoice.contains("self_billing.vat"))
        let octCredit = try invoice("SB-nordlicht-2026-00003")
        #expect(octCredit.contains("<cbc:CreditNoteTypeCode>261</cbc:CreditNoteTypeCode>"))
        #expect(octCredit.contains(#"<cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>"#))
        #expect(octCredit.contains(#"<cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>"#))
        #expect(try InvoicesCLITests.xmllint(db.folder.appendingPathComponent("inv/SB-nordlicht-2026-00002.xml").path, "Invoice"))
        #expect(try InvoicesCLITests.xmllint(db.folder.appendingPathComponent("inv/SB-nordlicht-2026-00003.xml").path, "CreditNote"))

        // The close entry books the VAT on input VAT (1570); the entry balances.
        #expect(try db.settle("journal", "2026-09", "--out", "journal.csv").status == 0)
        #expect(try String(contentsOf: db.folder.appendingPathComponent("journal.csv"), encoding: .utf8) == """
            entry,date,account,debit,credit,currency,provider,period,reference,text
            CLOSE-202609-nordlicht,2026-09-30,6100,55.33,,EUR,nordlicht,2026-09,SB-nordlicht-2026-00002,revenue_share earnings of nordlicht for 2026-09
            CLOSE-202609-nordlicht,2026-09-30,6100,100.00,,EUR,nordlicht,2026-09,SB-nordlicht-2026-00002,fixed earnings of nordlicht for 2026-09
            CLOSE-202609-nordlicht,2026-09-30,1570,29.51,,EUR,nordlicht,2026-09,SB-nordlicht-2026-00002,VAT on the self-billed invoice of nordlicht for 2026-09
            CLOSE-202609-nordlicht,2026-09-30,3300,,184.84,EUR,nordlicht,2026-09,SB-nordlicht-2026-00002,owed to nordlicht for 2026-09

            """)

        // explain shows where the VAT comes from.
        let explain = try db.settle("explain", "2026-09", "nordlicht", "--rule", "self_billing.vat")
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("invoiced earnings 155.33 EUR (earnings lines, limits and adjustments included)"))
        #expect(explain.stdout.contains("exact 29.5127 EUR (29.5127), rounded half_even to 29.51 EUR"), "\(explain.stdout)")
        #expect(try db.settle("verify", "2026-09").status == 0)

        // The page's balance walk shows the VAT between the charges and the period's net.
        #expect(try db.settle("statements", "2026-09", "--out", "statements").status == 0)
        let page = try String(contentsOf: db.folder.appendingPathComponent("statements/nordlicht.html"), encoding: .utf8)
        #expect(page.contains("""
              <tr><td>Charges</td><td class="amount">0.00</td></tr>
              <tr><td>VAT 19% on the self-billed invoice, paid with the payout</td><td class="amount">29.51</td></tr>
              <tr><td>Net for the period</td><td class="amount">184.84</td></tr>
            """))
    }

    @Test("an invoice whose VAT would differ from the VAT its statement paid is refused, and nothing is written")
    func termsChangedAfterTheRun() throws {
        let db = try Self.augustClosed()
        defer { db.drop() }
        let twenty = Self.contract.replacingOccurrences(of: "version: 1", with: "version: 2")
            .replacingOccurrences(of: "vat: 19%", with: "vat: 20%").replacingOccurrences(of: "effective: 2026-08-01", with: "effective: 2026-08-15")
        let load = try db.settle("contracts", "load", try db.write("v2.yaml", twenty), "--retroactive")
        #expect(load.status == 0, "\(load.stderr)")
        let refused = try db.settle("invoices", "2026-08", "--out", "inv")
        #expect(refused == .init(status: 1, stdout: "", stderr: """
            Error: No invoice was written: nordlicht's statement for 2026-08 pays VAT of 39.71 EUR but its agreement now gives \
            41.80 EUR; the self-billing terms changed after the period was run, so the VAT paid and the VAT invoiced would differ.

            """))
        #expect(try db.int("SELECT count(*) FROM invoices") == 0)
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("inv").path))
    }
}
