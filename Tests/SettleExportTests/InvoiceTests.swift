import Foundation
import SettleCore
import SettleExport
import Testing

/// Self-billed UBL invoices (docs/REFERENCE.md §10): golden files for each VAT treatment and a
/// credit note, each valid against the built-in UBL 2.1 XSD (libxml2, and `xmllint` against the
/// files under Standards/) and the EN 16931 rules; a broken total is named by its rule.
@Suite("Self-billed invoices (UBL 2.1, EN 16931)")
struct InvoiceTests {
    static let eur = Currency(code: "EUR")!
    static let ublFolder = StatementFilesTests.root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/SettleExport/Standards/UBL-2.1")

    static func money(_ text: String) -> Money { Money(rounding: Rational(decimal: text)!, in: eur, .halfEven) }

    static func line(_ rule: String, _ type: LineType, _ amount: String, charge: Bool = false, adjusts: String? = nil,
                     explanation: String) -> StatementLine {
        StatementLine(rule: rule, type: type, contract: "acme-2026", version: 1, basis: nil, rate: nil,
                      amount: money(amount), explanation: explanation, first: Day("2026-08-01")!,
                      last: Day("2026-08-31")!, isCharge: charge, adjusts: adjusts.flatMap(Period.init))
    }

    /// August of the month-end tests, by hand: 10% of 1,090.00 EUR = 109.00, a fee of 100.00, a
    /// cap cutting 9.00, a dedicated-capacity charge of -50.00 (not invoiced) and a zero line (left out).
    static func statement(country: String = "AT", lines: [StatementLine]? = nil) -> Statement {
        let lines = lines ?? [
            line("api-share", .revenueShare, "109.00", explanation: "10% of 1,090.00 EUR api_usage revenue"),
            line("fee", .fixed, "100.00", explanation: "100.00 EUR fixed for 31 of 31 days"),
            line("upgrades", .perUnit, "0.00", explanation: "0 upgrades at 2.00 EUR"),
            line("limits.cap", .limit, "-9.00", explanation: "cap of 200.00 EUR on earnings of 209.00 EUR"),
            line("dedicated", .discount, "-50.00", charge: true, explanation: "dedicated_capacity at 20% off"),
        ]
        let earnings = lines.filter { !$0.isCharge }.reduce(Money.zero(eur)) { $0 + $1.amount }
        let charges = lines.filter(\.isCharge).reduce(Money.zero(eur)) { $0 + $1.amount }
        return Statement(provider: Provider(id: "acme-cloud", name: "Acme Cloud & Co GmbH", country: country),
                         contract: "acme-2026", version: 1, period: Period("2026-08")!, currency: eur, lines: lines,
                         earnings: earnings, charges: charges, periodNet: earnings + charges, openingBalance: .zero(eur),
                         payout: earnings + charges, closingBalance: .zero(eur), dueDate: Day("2026-09-30")!, onHold: false,
                         benefits: [], payee: Payee(name: "Acme Cloud & Co GmbH", account: .iban("DE89370400440532013000"),
                                                    bic: nil, address: PostalAddress(street: "Ring 1", postcode: "1010",
                                                                                     town: "Wien", country: country)))
    }

    static let payer = Payer(name: "Lumen Compute Platform GmbH", iban: "DE44500105175407324931", bic: "INGDDEFFXXX",
                             address: PostalAddress(street: "Friedrichstr. 68", postcode: "10117", town: "Berlin", country: "DE"),
                             vatID: "DE811569869")

    static func invoice(_ vat: VATTreatment, vatID: String? = "ATU12345678", statement: Statement = statement(),
                        rounding: RoundingMode = .halfEven) throws -> SelfBilledInvoice {
        try #require(SelfBilledInvoice.make(statement: statement,
                                            agreement: SelfBilling(agreement: "SBA-2026-01", since: Day("2026-01-01")!,
                                                                   vatID: vatID, vat: vat),
                                            rounding: rounding, payer: payer, number: "SB-acme-cloud-2026-00001",
                                            issueDate: Day("2026-09-02")!))
    }

    static let creditStatement = statement(lines: [
        line("api-share", .revenueShare, "-200.00", explanation: "10% of -2,000.00 EUR api_usage revenue"),
        line("fee", .fixed, "100.00", explanation: "100.00 EUR fixed for 31 of 31 days"),
        line("api-share", .revenueShare, "-12.35", adjusts: "2026-07", explanation: "adjusts 2026-07: 10% of -123.50 EUR"),
    ])

    static let cases: [(String, @Sendable () throws -> SelfBilledInvoice)] = [
        ("invoice-reverse-charge.xml", { try invoice(.reverseCharge) }),
        ("invoice-outside-scope.xml", { try invoice(.outsideScope, vatID: nil, statement: statement(country: "US")) }),
        ("invoice-rate.xml", { try invoice(.rate(Rational(decimal: "0.075")!), vatID: "DE123456789",
                                           statement: statement(country: "DE")) }),
        ("credit-note-reverse-charge.xml", { try invoice(.reverseCharge, statement: creditStatement) }),
    ]

    @Test("golden UBL files, each valid against the UBL 2.1 XSD and the EN 16931 rules", arguments: 0..<4)
    func golden(index: Int) throws {
        let (name, make) = Self.cases[index]
        let invoice = try make()
        let xml = UBLInvoice.render(invoice)
        try StatementFilesTests().expectGolden(xml, name)
        let validator = try XMLSchemaValidator.ubl(invoice.type)
        #expect(validator.problems(in: xml) == [])
        #expect(EN16931Rules.problems(in: xml) == [])
    }

    @Test("the figures by hand: 209.00 less a 9.00 cap is 200.00; 7.5% VAT is 15.00; the credit note credits 112.35")
    func figures() throws {
        let reverse = try Self.invoice(.reverseCharge)
        #expect(reverse.type == .invoice && reverse.typeCode == "389")
        #expect(reverse.lines.map(\.amount.description) == ["109.00", "100.00", "-9.00"])
        #expect(reverse.taxable.description == "200.00" && reverse.vat.description == "0.00" && reverse.total.description == "200.00")
        let rate = try Self.invoice(.rate(Rational(decimal: "0.075")!), vatID: "DE123456789")
        #expect(rate.vat.description == "15.00" && rate.total.description == "215.00")
        let credit = try Self.invoice(.reverseCharge, statement: Self.creditStatement)
        #expect(credit.type == .creditNote && credit.typeCode == "261")
        #expect(credit.lines.map(\.amount.description) == ["200.00", "-100.00", "12.35"])
        #expect(credit.total.description == "112.35")
        // VAT is rounded once per invoice with the contract's rounding: 7.5% of 200.30 = 15.0225.
        let odd = Self.statement(lines: [Self.line("fee", .fixed, "200.30", explanation: "fee")])
        #expect(try Self.invoice(.rate(Rational(decimal: "0.075")!), statement: odd).vat.description == "15.02")
        let half = Self.statement(lines: [Self.line("fee", .fixed, "100.10", explanation: "fee")])
        // 25% of 100.10 = 25.025: half even gives 25.02, half up 25.03.
        #expect(try Self.invoice(.rate(Rational(decimal: "0.25")!), statement: half, rounding: .halfEven).vat.description == "25.02")
        #expect(try Self.invoice(.rate(Rational(decimal: "0.25")!), statement: half, rounding: .halfUp).vat.description == "25.03")
        // Earnings that total zero give no document.
        let zero = Self.statement(lines: [Self.line("fee", .fixed, "0.00", explanation: "fee")])
        #expect(SelfBilledInvoice.make(statement: zero, agreement: SelfBilling(agreement: "A", since: Day("2026-01-01")!,
                                                                                 vatID: nil, vat: .outsideScope),
                                       rounding: .halfEven, payer: Self.payer, number: "N", issueDate: Day("2026-09-02")!) == nil)
    }

    @Test("xmllint agrees: every golden file is valid against the XSD files under Standards/", arguments: 0..<4)
    func xmllint(index: Int) throws {
        let (name, make) = Self.cases[index]
        let invoice = try make()
        let xsd = Self.ublFolder.appendingPathComponent("maindoc/UBL-\(invoice.type.rawValue)-2.1.xsd").path
        let file = StatementFilesTests.golden.appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--nonet", "--schema", xsd, file]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0 && text.contains("validates"), "\(text)")
    }

    @Test("a broken document is refused by the rule it breaks", arguments: [
        ("<cbc:LineExtensionAmount currencyID=\"EUR\">200.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount",
         "<cbc:LineExtensionAmount currencyID=\"EUR\">200.01</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount", "BR-CO-10"),
        ("<cbc:TaxInclusiveAmount currencyID=\"EUR\">200.00", "<cbc:TaxInclusiveAmount currencyID=\"EUR\">201.00", "BR-CO-15"),
        ("<cbc:TaxExclusiveAmount currencyID=\"EUR\">200.00", "<cbc:TaxExclusiveAmount currencyID=\"EUR\">190.00", "BR-CO-13"),
        ("<cbc:TaxExemptionReasonCode>VATEX-EU-AE", "<cbc:TaxExemptionReasonCode>VATEX-EU-G", "BR-AE-10"),
        ("<cbc:TaxableAmount currencyID=\"EUR\">200.00", "<cbc:TaxableAmount currencyID=\"EUR\">210.00", "BR-AE-08"),
    ])
    func brokenTotals(original: String, broken: String, rule: String) throws {
        let xml = UBLInvoice.render(try Self.invoice(.reverseCharge))
        #expect(xml.contains(original))
        let problems = EN16931Rules.problems(in: xml.replacingOccurrences(of: original, with: broken))
        #expect(problems.contains { $0.hasPrefix(rule + ":") }, "\(problems)")
    }

    @Test("a wrong VAT amount under a rate is named BR-CO-17")
    func wrongVAT() throws {
        let xml = UBLInvoice.render(try Self.invoice(.rate(Rational(decimal: "0.19")!), vatID: "DE123456789"))
        let broken = xml.replacingOccurrences(of: ">38.00<", with: ">38.10<")
        #expect(xml != broken)
        #expect(EN16931Rules.problems(in: broken).contains { $0.hasPrefix("BR-CO-17:") })
    }

    @Test("the built-in UBL XSDs are the files under Standards/, byte for byte")
    func builtInFiles() throws {
        let files = BuiltIn.ublFiles
        #expect(files.count == 16)
        for file in files {
            let onDisk = try Data(contentsOf: Self.ublFolder.appendingPathComponent(file.path))
            #expect(Data(buffer: file.bytes) == onDisk, "\(file.path)")
        }
    }

    @Test("the invoice page is self-contained and prints on A4 with every figure")
    func printed() throws {
        let invoice = try Self.invoice(.reverseCharge)
        let html = InvoiceHTML.render(invoice)
        #expect(!html.lowercased().contains("<script") && !html.contains("http"))
        let page = try Printed(html)
        #expect(page.pageSize == "594.96 x 841.92 pts (A4)")
        for text in ["Self-billed invoice SB-acme-cloud-2026-00001", "Self-billing", "Reverse charge", "ATU12345678",
                     "DE811569869", "200.00 EUR", "2026-08-01 to 2026-08-31", "SBA-2026-01", "Acme Cloud & Co GmbH"] {
            #expect(page.text.contains(text), "the printed invoice lacks \(text)")
        }
    }
}
