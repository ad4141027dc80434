import Foundation
import SettleCore
import Testing

/// ABA routing numbers, the payer's accounts per currency and how both are stored and said
/// (docs/REFERENCE.md §9, Accounts).
@Suite("Accounts: ABA routing numbers and the payer's account per currency")
struct AccountsTests {
    /// Published routing numbers: JPMorgan Chase New York, the Federal Reserve Banks of Boston and
    /// Dallas, Bank of America New York and California, Chase California, Wells Fargo, US Bank.
    @Test("known routing numbers pass the 3-7-1 check digit",
          arguments: ["021000021", "011000015", "111000025", "026009593", "121000358", "322271627", "122105278", "091000019"])
    func validABA(routing: String) {
        #expect(BankIdentifiers.isValidABA(routing))
    }

    /// 021000021: 3·0 + 7·2 + 1·1 + 3·0 + 7·0 + 1·0 + 3·0 + 7·2 + 1·1 = 30, a multiple of 10;
    /// changing any one digit changes the sum by 1 to 9 times its weight, never by a multiple of 10.
    @Test("a changed digit, a wrong length or anything but digits fails",
          arguments: ["021000022", "011000016", "121000359", "021000012", "02100002", "0210000210", "02100002A",
                      "02100002 ", "０21000021", "", "21-000021"])
    func invalidABA(routing: String) {
        #expect(!BankIdentifiers.isValidABA(routing))
    }

    @Test("every single-digit change of a valid routing number is caught")
    func everySingleDigitChange() {
        let valid = Array("021000021")
        for position in valid.indices {
            for digit in "0123456789" where digit != valid[position] {
                var changed = valid
                changed[position] = digit
                #expect(!BankIdentifiers.isValidABA(String(changed)), "\(String(changed))")
            }
        }
    }

    static let usd = Currency(code: "USD")!
    static let jpy = Currency(code: "JPY")!
    static let gbp = Currency(code: "GBP")!
    static let payer = Payer(
        name: "Lumen Compute Platform GmbH", iban: "DE44500105175407324931", bic: "INGDDEFFXXX",
        address: PostalAddress(street: "Friedrichstr. 68", postcode: "10117", town: "Berlin", country: "DE"),
        accounts: [PayerAccount(currency: usd, number: .other("4001234567"), bic: "CHASUS33XXX"),
                   PayerAccount(currency: gbp, number: .iban("GB29NWBK60161331926819"), bic: nil)])

    @Test("a currency is debited from its own account, any other from the payer's IBAN and BIC")
    func debitAccount() {
        #expect(Self.payer.debitAccount(for: Self.usd) == PayerAccount(currency: Self.usd, number: .other("4001234567"), bic: "CHASUS33XXX"))
        #expect(Self.payer.debitAccount(for: Self.gbp) == PayerAccount(currency: Self.gbp, number: .iban("GB29NWBK60161331926819"), bic: nil))
        #expect(Self.payer.debitAccount(for: Self.jpy) == PayerAccount(currency: Self.jpy, number: .iban("DE44500105175407324931"), bic: "INGDDEFFXXX"))
        #expect(Self.payer.ownAccount(for: Self.jpy) == nil)
    }

    @Test("a payer stored before accounts existed still decodes, and one without accounts encodes as it did")
    func storedPayer() throws {
        let old = #"{"address":{"country":"DE","postcode":"10117","street":"Friedrichstr. 68","town":"Berlin"},"# +
            #""bic":"INGDDEFFXXX","iban":"DE44500105175407324931","name":"Lumen Compute Platform GmbH"}"#
        let decoded = try JSONDecoder().decode(Payer.self, from: Data(old.utf8))
        #expect(decoded.accounts == nil && decoded.debitAccount(for: Self.usd).number == .iban("DE44500105175407324931"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == old)
        let withAccounts = try JSONDecoder().decode(Payer.self, from: encoder.encode(Self.payer))
        #expect(withAccounts == Self.payer)
    }

    @Test("a payee paid by ABA routing number reads with its routing number in the contract's terms")
    func abaTerms() {
        var contract = Contract(
            id: "pacific-compute-2026", version: 1, provider: Provider(id: "pacific-compute", name: "Pacific Compute Inc.", country: "US"),
            payee: Payee(name: "Pacific Compute Inc.", account: .aba(account: "000123456789", routing: "021000021"), bic: nil,
                         address: PostalAddress(street: "500 Market Street", postcode: "94105", town: "San Francisco", country: "US")),
            currency: Self.usd, effective: Day("2026-08-10")!, payment: PaymentTerms(netDays: 30), rules: [])
        let words = { ContractTerms.terms(of: contract).first { $0.name == "payee" }?.words }
        #expect(words() == "Pacific Compute Inc., account 000123456789, ABA routing number 021000021; "
                + "500 Market Street, 94105 San Francisco, US")
        contract.payee.bic = "CHASUS33XXX"
        #expect(words() == "Pacific Compute Inc., account 000123456789, ABA routing number 021000021, BIC CHASUS33XXX; "
                + "500 Market Street, 94105 San Francisco, US")
    }
}
