import Foundation
import SettleContracts
import SettleCore
import Testing

/// The payer's accounts per currency and payees paid by ABA routing number, read as written
/// (docs/REFERENCE.md §1 and §9, Accounts). The mistakes are in `Fixtures/malformed/payer-accounts-*`
/// and `payee-aba-*`, with their exact diagnostics.
@Suite("Accounts in payer.yaml and ABA payees")
struct AccountsParsingTests {
    static let payerText = """
        payer:
          name: Lumen Compute Platform GmbH
          iban: DE44500105175407324931
          bic: INGDDEFFXXX
          address: {street: Friedrichstr. 68, postcode: "10117", town: Berlin, country: DE}

        """

    static func payer(_ text: String) throws -> Payer {
        guard case let .payer(sourced) = try ContractFiles.parse(text, file: "payer.yaml").get() else {
            throw Unexpected("payer.yaml holds a contract")
        }
        return sourced.payer
    }

    @Test("accounts: one per currency, an IBAN (BIC optional) or another account with its BIC, in file order")
    func payerAccounts() throws {
        let payer = try Self.payer(Self.payerText + """
              accounts:
                - {currency: USD, account: "4001234567", bic: CHASUS33XXX}
                - currency: GBP
                  iban: GB29NWBK60161331926819
                - {currency: EUR, iban: DE89370400440532013000, bic: COBADEFFXXX}

            """)
        #expect(payer.accounts == [
            PayerAccount(currency: Currency(code: "USD")!, number: .other("4001234567"), bic: "CHASUS33XXX"),
            PayerAccount(currency: Currency(code: "GBP")!, number: .iban("GB29NWBK60161331926819"), bic: nil),
            PayerAccount(currency: Currency(code: "EUR")!, number: .iban("DE89370400440532013000"), bic: "COBADEFFXXX"),
        ])
        #expect(payer.iban == "DE44500105175407324931" && payer.bic == "INGDDEFFXXX")
    }

    @Test("no accounts, or an empty list, is the payer as before: every currency from its IBAN")
    func noAccounts() throws {
        #expect(try Self.payer(Self.payerText).accounts == nil)
        #expect(try Self.payer(Self.payerText + "  accounts: []\n").accounts == nil)
    }

    static func payeeContract(_ payee: String) -> String {
        """
        contract: pacific-compute-2026
        version: 1
        provider: {id: pacific-compute, name: Pacific Compute Inc., country: US}
        payee:
          name: Pacific Compute Inc.
        \(payee)
          address: {street: 500 Market Street, postcode: "94105", town: San Francisco, country: US}
        currency: USD
        effective: 2026-08-10
        payment: {net_days: 30}
        rules:
          - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}

        """
    }

    @Test("a US payee gives its account with the ABA routing number, quoted or not; the BIC is then optional")
    func abaPayee() throws {
        let plain = try contract(Self.payeeContract("  account: \"000123456789\"\n  aba: 021000021"))
        #expect(plain.payee.account == .aba(account: "000123456789", routing: "021000021") && plain.payee.bic == nil)
        let quoted = try contract(Self.payeeContract("  account: \"000123456789\"\n  aba: \"011000015\"\n  bic: CHASUS33XXX"))
        #expect(quoted.payee.account == .aba(account: "000123456789", routing: "011000015") && quoted.payee.bic == "CHASUS33XXX")
    }

    @Test("an account without a BIC or a routing number, and an ABA with every kind of mistake, are named")
    func abaMistakes() throws {
        let messages = { (payee: String) in
            ContractFiles.parse(Self.payeeContract(payee), file: "c.yaml").failure?.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        }
        #expect(messages("  account: \"000123456789\"") == [
            "5:3: 'payee' with an 'account' needs a 'bic' (or, at a US bank, an 'aba') too"])
        #expect(messages("  account: \"000123456789\"\n  aba: 121000359") == [
            "7:8: 'aba' '121000359' is not a valid ABA routing number: its check digit does not match (weights 3, 7, 1)"])
        #expect(messages("  account: \"000123456789\"\n  aba: 0210000210") == [
            "7:8: 'aba' '0210000210' is not an ABA routing number: it must be 9 digits, such as '021000021'"])
        #expect(messages("  account: \"000123456789\"\n  aba: 02100002A") == [
            "7:8: 'aba' '02100002A' is not an ABA routing number: it must be 9 digits, such as '021000021'"])
        #expect(messages("  aba: \"021000021\"") == ["5:3: missing key 'iban' (or 'account' with 'bic') in 'payee'"])
    }
}
