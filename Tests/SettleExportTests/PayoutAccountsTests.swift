import Foundation
import SettleCore
import SettleExport
import Testing

/// The payer's account per currency and a US payee paid by ABA routing number in the pain.001
/// file (docs/REFERENCE.md §9, Accounts): each block is debited from its currency's own account,
/// the creditor's bank is named by `USABA` and the routing number, and the file stays XSD-valid.
@Suite("Payout file: payer accounts per currency and ABA payees")
struct PayoutAccountsTests {
    typealias P = PayoutFileTests
    static let period = Period("2026-10")!

    /// USD from a US account (no IBAN) at Chase, GBP from a UK IBAN without a BIC; EUR and JPY have
    /// no account of their own and come from the main IBAN at ING.
    static let payer = Payer(
        name: "Lumen Compute Platform GmbH", iban: "DE44500105175407324931", bic: "INGDDEFFXXX",
        address: PostalAddress(street: "Friedrichstr. 68", postcode: "10117", town: "Berlin", country: "DE"),
        accounts: [PayerAccount(currency: Currency(code: "USD")!, number: .other("4001234567"), bic: "CHASUS33XXX"),
                   PayerAccount(currency: Currency(code: "GBP")!, number: .iban("GB29NWBK60161331926819"), bic: nil)])

    static let statements = [
        P.statement("mueller-cloud", "Mueller Cloud", "EUR", "1234.50", account: .iban("DE89370400440532013000"), bic: nil),
        P.statement("pacific-compute", "Pacific Compute Inc.", "USD", "250000.00",
                    account: .aba(account: "000123456789", routing: "021000021"), bic: nil, town: "San Francisco", country: "US"),
        P.statement("redwood-gpu", "Redwood GPU LLC", "USD", "4321.09",
                    account: .aba(account: "987654321", routing: "121000358"), bic: "BOFAUS3NXXX", town: "Oakland", country: "US"),
        P.statement("sakura-gpu", "Sakura GPU KK", "JPY", "13839", account: .other("1234567"), bic: "MHCBJPJTXXX",
                    town: "Tokyo", country: "JP"),
        P.statement("thames-gpu", "Thames GPU Ltd", "GBP", "8421.37", account: .iban("GB82WEST12345698765432"), bic: nil,
                    town: "London", country: "GB"),
    ]

    static func file() throws -> PayoutFile {
        try #require(PayoutFile.make(period: period, statements: statements, payer: payer, issue: 1,
                                     created: "2026-11-02T09:30:00", today: Day("2026-11-02")!))
    }

    /// The file's text without indentation or line breaks, one string per payment block, in order.
    static func blocks(_ xml: String) -> [String] {
        let flat = xml.split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
        return flat.components(separatedBy: "<PmtInf>").dropFirst().map { "<PmtInf>" + $0.components(separatedBy: "</PmtInf>")[0] }
    }

    @Test("the file validates against the built-in XSD and xmllint, and passes the checks the XSD cannot make")
    func valid() throws {
        let file = try Self.file()
        #expect(try XMLSchemaValidator.pain001().problems(in: file.xml) == [])
        #expect(try P.xmllint(file.xml) == 0)
        #expect(PayoutFile.problems(period: Self.period, statements: Self.statements, payer: Self.payer, file: file) == [])
        // 1234.50 + 250000.00 + 4321.09 + 13839 + 8421.37
        #expect(file.controlSum == Rational(decimal: "277815.96")!)
        #expect(file.transactionCount == 5)
        try StatementFilesTests().expectGolden(file.xml, "payout-accounts-2026-10.xml")
    }

    @Test("each block is debited from its currency's own account, else from the payer's IBAN and BIC")
    func debtorAccounts() throws {
        let blocks = Self.blocks(try Self.file().xml)
        #expect(blocks.count == 4)
        let debtor = blocks.map { block in
            block.components(separatedBy: "</Dbtr>")[1].components(separatedBy: "<ChrgBr>")[0]
        }
        #expect(debtor == [
            // EUR: no account of its own; SEPA, since both sides are IBANs.
            "<DbtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id></DbtrAcct>"
                + "<DbtrAgt><FinInstnId><BICFI>INGDDEFFXXX</BICFI></FinInstnId></DbtrAgt>",
            // GBP: its own IBAN, held in GBP, no BIC.
            "<DbtrAcct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id><Ccy>GBP</Ccy></DbtrAcct>"
                + "<DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>",
            // JPY: no account of its own.
            "<DbtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id></DbtrAcct>"
                + "<DbtrAgt><FinInstnId><BICFI>INGDDEFFXXX</BICFI></FinInstnId></DbtrAgt>",
            // USD: its own account at Chase.
            "<DbtrAcct><Id><Othr><Id>4001234567</Id></Othr></Id><Ccy>USD</Ccy></DbtrAcct>"
                + "<DbtrAgt><FinInstnId><BICFI>CHASUS33XXX</BICFI></FinInstnId></DbtrAgt>",
        ])
        #expect(blocks.map { $0.contains("<Cd>SEPA</Cd>") } == [true, false, false, false])
        #expect(blocks.map { $0.components(separatedBy: "<CtrlSum>")[1].prefix { $0 != "<" } }
                == ["1234.50", "8421.37", "13839.00", "254321.09"])
    }

    @Test("a US payee's bank is its clearing system member id, USABA and the routing number, beside its BIC when given")
    func abaCreditor() throws {
        let usd = try #require(Self.blocks(try Self.file().xml).last)
        let transfers = usd.components(separatedBy: "<CdtTrfTxInf>").dropFirst().map { String($0) }
        #expect(transfers.count == 2)
        #expect(transfers[0].hasPrefix(
            "<PmtId><InstrId>STL-202610-PAY-1-4-1</InstrId><EndToEndId>STL-202610-pacific-compute</EndToEndId></PmtId>"
            + #"<Amt><InstdAmt Ccy="USD">250000.00</InstdAmt></Amt>"#
            + "<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>021000021</MmbId></ClrSysMmbId>"
            + "</FinInstnId></CdtrAgt>"
            + "<Cdtr><Nm>Pacific Compute Inc.</Nm>"))
        #expect(transfers[0].contains("<CdtrAcct><Id><Othr><Id>000123456789</Id></Othr></Id></CdtrAcct>"))
        #expect(transfers[1].contains(
            "<CdtrAgt><FinInstnId><BICFI>BOFAUS3NXXX</BICFI>"
            + "<ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>121000358</MmbId></ClrSysMmbId>"
            + "</FinInstnId></CdtrAgt>"))
        #expect(transfers[1].contains("<CdtrAcct><Id><Othr><Id>987654321</Id></Othr></Id></CdtrAcct>"))
        #expect(transfers[1].contains(#"<InstdAmt Ccy="USD">4321.09</InstdAmt>"#))
    }

    @Test("EUR debited from an account that is not an IBAN cannot go as SEPA: the block is SHAR")
    func eurFromOtherAccount() throws {
        var payer = Self.payer
        payer.accounts = [PayerAccount(currency: Currency(code: "EUR")!, number: .other("EUR-4001234567"), bic: "CHASUS33XXX")]
        let file = try #require(PayoutFile.make(period: Self.period, statements: Array(Self.statements.prefix(1)), payer: payer,
                                                issue: 1, created: "2026-11-02T09:30:00", today: Day("2026-11-02")!))
        let block = try #require(Self.blocks(file.xml).first)
        #expect(!block.contains("SEPA") && block.contains("<ChrgBr>SHAR</ChrgBr>"))
        #expect(block.contains("<DbtrAcct><Id><Othr><Id>EUR-4001234567</Id></Othr></Id><Ccy>EUR</Ccy></DbtrAcct>"))
        #expect(try XMLSchemaValidator.pain001().problems(in: file.xml) == [])
    }

    @Test("the checks the XSD cannot make cover the payer's accounts and the routing numbers")
    func failingChecks() throws {
        var payer = Self.payer
        payer.accounts?[1].number = .iban("GB29NWBK60161331926818")
        var statements = Self.statements
        statements[1].payee.account = .aba(account: "000123456789", routing: "021000022")
        #expect(PayoutFile.problems(period: Self.period, statements: statements, payer: payer, file: try Self.file()) == [
            "the payer's GBP IBAN GB29NWBK60161331926818 fails the mod-97 check",
            "pacific-compute: ABA routing number 021000022 fails its check digit",
        ])
    }

    @Test("the HTML statement's terms name the routing number the payout goes to")
    func statementTerms() throws {
        let contracts = StatementFilesTests.contracts().map { contract in
            var contract = contract
            contract.payee.account = .aba(account: "000123456789", routing: "021000021")
            return contract
        }
        let html = StatementHTML.render(try StatementFilesTests.statement(), status: .closed, contracts: contracts,
                                        template: StatementHTML.defaultTemplate())
        #expect(html.contains("<tr><th>payee</th><td>A &amp; B Cloud, account 000123456789, ABA routing number 021000021; Berlin, DE</td></tr>"))
    }
}
