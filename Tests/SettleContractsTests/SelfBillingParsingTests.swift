import Foundation
import SettleContracts
import SettleCore
import Testing

/// `self_billing:` in a contract and `vat_id:`/`ledger:` in payer.yaml, read as written
/// (docs/REFERENCE.md §10). The mistakes are in `Fixtures/malformed/self-billing-*` and
/// `payer-vat-id-and-ledger`, and `Fixtures/crossfile/self-billing-payer-without-vat-id`.
@Suite("Self-billing agreements, VAT ids and ledger accounts")
struct SelfBillingParsingTests {
    static let contractText = """
        contract: acme-cloud-2026
        version: 1
        provider: {id: acme-cloud, name: Acme Cloud GmbH, country: AT}
        payee:
          name: Acme Cloud GmbH
          iban: DE89370400440532013000
          address: {town: Wien, country: AT}
        currency: EUR
        effective: 2026-01-01
        payment: {net_days: 30}
        rules:
          - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}

        """

    @Test("the three VAT treatments, and the provider's VAT id optional only outside the scope", arguments: [
        ("vat_id: ATU12345678, vat: reverse_charge", SelfBilling(agreement: "SBA-1", since: Day("2026-02-01")!,
                                                                  vatID: "ATU12345678", vat: .reverseCharge)),
        ("vat: outside_scope", SelfBilling(agreement: "SBA-1", since: Day("2026-02-01")!, vatID: nil, vat: .outsideScope)),
        ("vat_id: DE123456789, vat: 19%", SelfBilling(agreement: "SBA-1", since: Day("2026-02-01")!,
                                                       vatID: "DE123456789", vat: .rate(Rational(19) / Rational(100)))),
        ("vat_id: NL123456789B01, vat: 7.5%", SelfBilling(agreement: "SBA-1", since: Day("2026-02-01")!,
                                                           vatID: "NL123456789B01", vat: .rate(Rational(decimal: "0.075")!))),
    ])
    func treatments(fields: String, expected: SelfBilling) throws {
        let parsed = try contract(Self.contractText + "self_billing: {agreement: SBA-1, since: 2026-02-01, \(fields)}\n")
        #expect(parsed.selfBilling == expected)
    }

    @Test("a contract without an agreement encodes no key for it, so stored contracts keep their content hash; older documents decode")
    func canonicalEncoding() throws {
        let parsed = try contract(Self.contractText)
        #expect(parsed.selfBilling == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(parsed), as: UTF8.self)
        #expect(!json.contains("selfBilling"))
        #expect(try JSONDecoder().decode(Contract.self, from: Data(json.utf8)) == parsed)

        let agreed = try contract(Self.contractText + "self_billing: {agreement: SBA-1, since: 2026-02-01, vat: 19%, vat_id: DE123456789}\n")
        let stored = String(decoding: try encoder.encode(agreed), as: UTF8.self)
        #expect(stored.contains(#""selfBilling":{"agreement":"SBA-1","since":"2026-02-01","vat":"19%","vatID":"DE123456789"}"#))
        #expect(try JSONDecoder().decode(Contract.self, from: Data(stored.utf8)) == agreed)
    }

    @Test("the payer's VAT id and ledger accounts; without them the payer is as before")
    func payer() throws {
        let plain = try AccountsParsingTests.payer(AccountsParsingTests.payerText)
        #expect(plain.vatID == nil && plain.ledger == nil)
        let payer = try AccountsParsingTests.payer(AccountsParsingTests.payerText + """
              vat_id: DE811569869
              ledger: {payables: "3300.10", revenue_share: "6110", bank_USD: "1210"}

            """)
        #expect(payer.vatID == "DE811569869")
        let ledger = try #require(payer.ledger)
        #expect(ledger.account(.payables) == "3300.10")
        #expect(ledger.earnings(for: "revenue_share") == "6110")
        #expect(ledger.earnings(for: "per_unit") == Ledger.Key.earnings.defaultAccount)
        #expect(ledger.bank(for: Currency(code: "USD")!) == "1210")
        #expect(ledger.bank(for: Currency(code: "EUR")!) == "1200")
    }

    @Test("a payer with a VAT id passes the cross-file check beside an agreement")
    func crossFileWithVATID() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try (Self.contractText + "self_billing: {agreement: SBA-1, since: 2026-02-01, vat: reverse_charge, vat_id: ATU12345678}\n")
            .write(to: folder.appendingPathComponent("acme.yaml"), atomically: true, encoding: .utf8)
        try (AccountsParsingTests.payerText + "  vat_id: DE811569869\n")
            .write(to: folder.appendingPathComponent("payer.yaml"), atomically: true, encoding: .utf8)
        #expect(printed(ContractFiles.load(paths: [folder.path])) == "OK\n")
    }
}
