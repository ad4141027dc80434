import Foundation
import SettleContracts
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// A payer with an account per currency and a US payee paid by ABA routing number, from the
/// contract files through a closed month to the payout file the binary writes (docs/REFERENCE.md
/// §9, Accounts).
@Suite("Payout file through the binary: payer accounts and an ABA payee")
struct PayoutAccountsCLITests {
    static let contract = """
        contract: prov-us-2026
        version: 1
        provider: {id: prov-us, name: Provider US Inc., country: US}
        payee:
          name: Provider US Inc.
          account: "000123456789"
          aba: "021000021"
          address: {town: New York, country: US}
        currency: USD
        effective: 2026-08-01
        payment: {net_days: 30}
        rules:
          - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
          - {id: fee, type: fixed, amount: "100.00"}
        """

    static let payer = """
        payer:
          name: Lumen Compute Platform GmbH
          iban: DE44500105175407324931
          bic: INGDDEFFXXX
          address: {town: Berlin, country: DE}
          accounts:
            - {currency: USD, account: "4001234567", bic: CHASUS33XXX}
        """

    @Test("August's USD payout is debited from the USD account and credited through USABA 021000021")
    func abaPayout() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        guard case let .success(.contract(sourced)) = ContractFiles.parse(Self.contract, file: "prov-us.yaml"),
              case let .success(.payer(payer)) = ContractFiles.parse(Self.payer, file: "payer.yaml") else {
            Issue.record("the test files do not parse")
            return
        }
        _ = try db.store.load(contracts: [ContractVersionFile(contract: sourced.contract, sourceFile: "prov-us.yaml",
                                                              sourceText: Self.contract)],
                              payer: (payer.payer, "payer.yaml")) { _ in }
        _ = try db.store.importFile(try db.write("us.csv", """
            ref,date,provider,stream,quantity,amount,currency
            U-1,2026-08-05,prov-us,api_usage,1,1234.56,USD

            """), as: .revenue)
        let monthEnd = MonthEnd(store: db.store)
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)

        // 10% of 1,234.56 = 123.456 -> 123.46 (half even), plus the fee 100.00: 223.46 USD.
        let outcome = try SettleBinary.run(["payouts", "2026-08", "--out", "pay.xml", "--database", db.connectionString],
                                           in: db.folder)
        #expect(outcome == .init(status: 0, stdout: "Wrote pay.xml: STL-202608-PAY-1, 1 transfer, control sum 223.46.\n", stderr: ""))
        let path = db.folder.appendingPathComponent("pay.xml").path
        #expect(try PayoutsCLITests.xmllint(path))
        let flat = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { $0.drop { $0 == " " } }.joined()
        #expect(flat.contains("<DbtrAcct><Id><Othr><Id>4001234567</Id></Othr></Id><Ccy>USD</Ccy></DbtrAcct>"
                              + "<DbtrAgt><FinInstnId><BICFI>CHASUS33XXX</BICFI></FinInstnId></DbtrAgt><ChrgBr>SHAR</ChrgBr>"))
        #expect(flat.contains(#"<Amt><InstdAmt Ccy="USD">223.46</InstdAmt></Amt>"#
                              + "<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>021000021</MmbId>"
                              + "</ClrSysMmbId></FinInstnId></CdtrAgt>"))
        #expect(flat.contains("<CdtrAcct><Id><Othr><Id>000123456789</Id></Othr></Id></CdtrAcct>"))

        let shown = try SettleBinary.run(["contracts", "show", "prov-us-2026", "--database", db.connectionString], in: db.folder)
        #expect(shown.stdout.contains("Provider US Inc., account 000123456789, ABA routing number 021000021; New York, US"),
                "\(shown)")
    }
}
