import Foundation
import SettleCore
import SettleExport
import Testing

/// The pain.001.001.09 document: golden file, XSD validity (libxml2 and xmllint), blocks, the
/// SEPA character set and what is left out.
@Suite("Payout file (ISO 20022 pain.001.001.09)")
struct PayoutFileTests {
    static let xsd = StatementFilesTests.root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/SettleExport/Standards/pain.001.001.09.xsd").path
    static let period = Period("2026-10")!

    static func statement(_ id: String, _ name: String, _ currency: String, _ payout: String, account: Payee.Account,
                          bic: String?, town: String = "Berlin", country: String = "DE", onHold: Bool = false,
                          netDays: Int = 30) -> Statement {
        let currency = Currency(code: currency)!
        let payoutMoney = Money(rounding: Rational(decimal: payout)!, in: currency, .halfEven)
        let zero = Money.zero(currency)
        return Statement(provider: Provider(id: id, name: name, country: country), contract: "\(id)-2026", version: 1,
                         period: period, currency: currency, lines: [], earnings: payoutMoney, charges: zero,
                         periodNet: payoutMoney, openingBalance: zero, payout: onHold ? zero : payoutMoney,
                         closingBalance: onHold ? payoutMoney : zero, dueDate: period.lastDay.adding(days: netDays),
                         onHold: onHold, benefits: [],
                         payee: Payee(name: name, account: account, bic: bic,
                                      address: PostalAddress(street: "Straße 1 & 2", postcode: "10115", town: town, country: country)))
    }

    static let payer = Payer(name: "Lumen Compute Platform GmbH", iban: "DE44500105175407324931", bic: "INGDDEFFXXX",
                             address: PostalAddress(street: "Friedrichstr. 68", postcode: "10117", town: "Berlin", country: "DE"))

    static let statements = [
        statement("mueller-cloud", "Müller & Søn ΑΕ <GPU> \"Ω\"", "EUR", "1234.50", account: .iban("DE89370400440532013000"), bic: nil),
        statement("pacific-compute", "Pacific Compute Inc.", "USD", "250000.00", account: .other("000123456789"),
                  bic: "CHASUS33XXX", town: "San Francisco", country: "US"),
        statement("sakura-gpu", "さくら GPU 株式会社", "JPY", "13839", account: .other("1234567"), bic: "MHCBJPJTXXX",
                  town: "Tokyo", country: "JP", netDays: 60),
        statement("nordic-eur", "Nordic EUR", "EUR", "10.00", account: .iban("SE4550000000058398257466"), bic: "ESSESESSXXX",
                  netDays: 45),
        statement("held-cloud", "Held Cloud", "EUR", "99.00", account: .iban("DE89370400440532013000"), bic: nil, onHold: true),
        statement("zero-cloud", "Zero Cloud", "EUR", "0.00", account: .iban("DE89370400440532013000"), bic: nil),
    ]

    static func file() throws -> PayoutFile {
        try #require(PayoutFile.make(period: period, statements: statements, payer: payer, issue: 1,
                                     created: "2026-11-02T09:30:00", today: Day("2026-11-02")!))
    }

    @Test("the document matches its golden file, validates against the XSD, and passes the checks the XSD cannot make")
    func golden() throws {
        let file = try Self.file()
        try StatementFilesTests().expectGolden(file.xml, "payout-2026-10.xml")
        #expect(try XMLSchemaValidator.pain001().problems(in: file.xml) == [])
        #expect(PayoutFile.problems(period: Self.period, statements: Self.statements, payer: Self.payer, file: file) == [])
        #expect(file.transactionCount == 4)
        // 1234.50 + 250000.00 + 13839 + 10.00
        #expect(file.controlSum == Rational(decimal: "265083.50")!)
    }

    @Test("the file made from what it reads of the stored statements is the file made from whole statements")
    func entries() throws {
        let entries = try Self.statements.map { try JSONDecoder().decode(PayoutFile.Entry.self, from: JSONEncoder().encode($0)) }
        let file = try #require(PayoutFile.make(period: Self.period, statements: entries, payer: Self.payer, issue: 1,
                                                created: "2026-11-02T09:30:00", today: Day("2026-11-02")!))
        let whole = try Self.file()
        #expect(file.xml == whole.xml && file.transfers == whole.transfers)
        #expect(PayoutFile.problems(period: Self.period, statements: entries, payer: Self.payer, file: file) == [])
    }

    @Test("the sums per currency are read back from the file's text, past names that are not ASCII")
    func sumsPerCurrency() throws {
        // EUR 1234.50 + 10.00; the held and zero payouts are not in the file.
        #expect(PayoutFile.sumsPerCurrency(try Self.file().xml) == ["1,244.50 EUR", "13,839 JPY", "250,000.00 USD"])
        #expect(PayoutFile.sumsPerCurrency("<Document/>") == [])
    }

    @Test("the checks the XSD cannot make name each problem: IBANs, a clash of ids, the control sum")
    func failingChecks() throws {
        var payer = Self.payer
        payer.iban = "DE44500105175407324932"                    // last digit changed: mod 97 fails
        let long = String(repeating: "a", count: 30)
        let statements = [
            Self.statement("bad-iban", "Bad Iban", "EUR", "10.00", account: .iban("DE89370400440532013001"), bic: nil),
            Self.statement(long + "-one", "One", "USD", "1.00", account: .other("1"), bic: "CHASUS33XXX"),
            Self.statement(long + "-one", "Same Id", "USD", "2.00", account: .other("2"), bic: "CHASUS33XXX"),
        ]
        // A file made for other statements: its sum and count do not match these payouts.
        let file = try Self.file()
        #expect(PayoutFile.problems(period: Self.period, statements: statements, payer: payer, file: file) == [
            "the payer's IBAN DE44500105175407324932 fails the mod-97 check",
            "bad-iban: IBAN DE89370400440532013001 fails the mod-97 check",
            "two transactions would carry the same EndToEndId",
            "the control sum or the number of transactions does not match the payouts",
        ])
    }

    @Test("xmllint agrees: the file validates against the shipped XSD")
    func xmllint() throws {
        #expect(try Self.xmllint(try Self.file().xml) == 0)
    }

    /// xmllint's exit status for `xml` against the shipped XSD (0: valid).
    static func xmllint(_ xml: String) throws -> Int32 {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("payout-\(getpid())-\(UUID().uuidString).xml").path
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--schema", Self.xsd, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("one block per currency, execution date and scheme; held and zero payouts left out")
    func blocks() throws {
        let xml = try Self.file().xml
        #expect(xml.components(separatedBy: "<PmtInf>").count - 1 == 4)
        #expect(xml.contains("<EndToEndId>STL-202610-mueller-cloud</EndToEndId>"))
        #expect(!xml.contains("held-cloud") && !xml.contains("zero-cloud"))
        #expect(xml.contains(#"<InstdAmt Ccy="JPY">13839</InstdAmt>"#))
        #expect(xml.contains("<ChrgBr>SLEV</ChrgBr>") && xml.contains("<ChrgBr>SHAR</ChrgBr>"))
    }

    @Test("names are transliterated into the SEPA character set, never dropped",
          arguments: [("Müller & Søn ΑΕ <GPU> \"Ω\"", "Mueller + Soen AE GPU 'O'"), ("Hélios Rendu SAS", "Helios Rendu SAS"),
                      ("Ærø Ødegård", "Aeroe Oedegaard"), ("さくら", "sakura"), ("さくら GPU 株式会社", "sakura GPU zhu shi hui she"), ("Мир", "Mir"), ("✓✓", "-"), ("A\tB\nC", "A B C"), ("Δέλτα", "Delta")])
    func sepaText(input: String, expected: String) {
        #expect(SEPAText.clean(input, maxLength: 70) == expected)
    }

    @Test("a period with no payout due gets no file")
    func nothingDue() {
        #expect(PayoutFile.make(period: Self.period, statements: Array(Self.statements.suffix(2)), payer: Self.payer,
                                issue: 1, created: "2026-11-02T09:30:00", today: Day("2026-11-02")!) == nil)
    }
}
