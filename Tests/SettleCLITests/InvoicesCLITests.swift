import Foundation
import SettleContracts
import SettleCore
import SettleMonthEnd
@testable import SettleStore
import SettleTestSupport
import Testing

/// `settle invoices` (docs/REFERENCE.md §10): numbers from a gap-free series per provider and year,
/// recorded with their issue date and text, the same on a rewrite, never taken twice by two
/// writers at once; every invoice valid against the UBL 2.1 XSD; written owner-only.
@Suite("Self-billed invoices through the settle binary")
struct InvoicesCLITests {
    static let ublXSD = TestCluster.packageRoot.appendingPathComponent("Sources/SettleExport/Standards/UBL-2.1/maindoc").path

    static let payer = Payer(name: "Lumen Compute Platform GmbH", iban: "DE44500105175407324931", bic: "INGDDEFFXXX",
                             address: PostalAddress(town: "Berlin", country: "DE"), vatID: "DE811569869")

    /// The August of the month-end tests (209.00 EUR of earnings) under a reverse-charge agreement,
    /// and a September with 500.00 EUR of api_usage (50.00 + the 100.00 fee = 150.00), both closed.
    static func agreed(payer: Payer = payer) throws -> TestDatabase {
        let (db, monthEnd) = try TestDatabase.august()
        let text = TestDatabase.augustContract.replacingOccurrences(of: "country: DE}", with: "country: AT}")
            .replacingOccurrences(of: "contract: prov-a-2026\nversion: 1", with: "contract: prov-a-2026\nversion: 2")
            .replacingOccurrences(of: "effective: 2026-08-01", with: "effective: 2026-08-02")
            + "\nself_billing: {agreement: SBA-2026-01, since: 2026-08-01, vat_id: ATU12345678, vat: reverse_charge}\n"
        guard case let .success(.contract(sourced)) = ContractFiles.parse(text, file: "prov-a-v2.yaml") else {
            throw MonthEndError("the self-billing contract does not parse")
        }
        _ = try db.store.load(contracts: [ContractVersionFile(contract: sourced.contract, sourceFile: "prov-a-v2.yaml",
                                                              sourceText: text)], payer: (payer, "payer.yaml")) { _ in }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        try db.importRevenue("sep.csv", [("S-1", "2026-09-03", "500.00", "EUR")])
        _ = try monthEnd.run(Period("2026-09")!)
        try monthEnd.close(Period("2026-09")!, today: .testToday)
        return db
    }

    static func invoices(_ db: TestDatabase, _ period: String, out: String, today: String = "2026-12-15") throws -> SettleBinary.Outcome {
        try SettleBinary.run(["invoices", period, "--out", out, "--database", db.connectionString], in: db.folder, today: today)
    }

    static func xmllint(_ path: String, _ type: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--nonet", "--schema", "\(ublXSD)/UBL-\(type)-2.1.xsd", path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("numbers run gap-free across periods; a rewrite gives the same numbers, issue dates and bytes")
    func gapFreeAcrossPeriodsAndRewrites() throws {
        let db = try Self.agreed()
        defer { db.drop() }
        let august = try Self.invoices(db, "2026-08", out: "aug")
        #expect(august == .init(status: 0, stdout: """
            Wrote 1 invoice for 2026-08 to aug (1 numbered now, 0 as first issued).
              SB-prov-a-2026-00001  prov-a  Invoice  issued 2026-12-15

            """, stderr: ""))
        let september = try Self.invoices(db, "2026-09", out: "sep", today: "2026-12-16")
        #expect(september.status == 0 && september.stdout.contains("SB-prov-a-2026-00002  prov-a  Invoice  issued 2026-12-16"))
        let file = db.folder.appendingPathComponent("aug/SB-prov-a-2026-00001.xml")
        let first = try Data(contentsOf: file)
        let again = try Self.invoices(db, "2026-08", out: "aug-again", today: "2026-12-20")
        #expect(again.stdout.contains("SB-prov-a-2026-00001  prov-a  Invoice  issued 2026-12-15 (again)"))
        #expect(try Data(contentsOf: db.folder.appendingPathComponent("aug-again/SB-prov-a-2026-00001.xml")) == first)
        #expect(try Data(contentsOf: db.folder.appendingPathComponent("aug-again/SB-prov-a-2026-00001.html"))
                == (try Data(contentsOf: db.folder.appendingPathComponent("aug/SB-prov-a-2026-00001.html"))))
        #expect(try db.rows("SELECT number, period::text, issue_date::text, sequence::text FROM invoices ORDER BY sequence") == [
            ["SB-prov-a-2026-00001", "2026-08-01", "2026-12-15", "1"],
            ["SB-prov-a-2026-00002", "2026-09-01", "2026-12-16", "2"],
        ])
        let xml = String(decoding: first, as: UTF8.self)
        // 10% of 1,090.00 EUR = 109.00, the fee 100.00: 209.00, no VAT under reverse charge.
        #expect(xml.contains(#"<cbc:PayableAmount currencyID="EUR">209.00</cbc:PayableAmount>"#))
        #expect(xml.contains("<cbc:Note>Reverse charge</cbc:Note>") && xml.contains("<cbc:InvoiceTypeCode>389</cbc:InvoiceTypeCode>"))
        for path in ["aug/SB-prov-a-2026-00001.xml", "sep/SB-prov-a-2026-00002.xml"] {
            let full = db.folder.appendingPathComponent(path).path
            #expect(try Self.xmllint(full, "Invoice"), "\(path) is not valid UBL")
            let mode = try FileManager.default.attributesOfItem(atPath: full)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        #expect(try db.int("SELECT count(*) FROM audit_log WHERE action = 'invoices'") == 2)
    }

    @Test("two writers at once never take the same number", arguments: 0..<3)
    func concurrentWriters(round: Int) throws {
        let db = try Self.agreed()
        defer { db.drop() }
        let arguments = { (period: String, out: String) in
            ["invoices", period, "--out", out, "--database", db.connectionString]
        }
        let processes = try [("2026-09", "a"), ("2026-08", "b"), ("2026-09", "c"), ("2026-08", "d")].map { period, out in
            try SettleBinary.start(arguments(period, out), in: db.folder, output: out)
        }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let numbers = try db.rows("SELECT period::text, sequence::text FROM invoices ORDER BY sequence")
        #expect(numbers.count == 2 && numbers.map { $0[1] } == ["1", "2"])
        // Both writers of one period wrote the same recorded invoice.
        for (x, y) in [("a", "c"), ("b", "d")] {
            let left = try FileManager.default.contentsOfDirectory(atPath: db.folder.appendingPathComponent(x).path)
            let right = try FileManager.default.contentsOfDirectory(atPath: db.folder.appendingPathComponent(y).path)
            #expect(left.sorted() == right.sorted() && left.count == 2)
        }
    }

    @Test("the database keeps the series gap-free and the invoices unchanged")
    func databaseRefusesGapsAndChanges() throws {
        let db = try Self.agreed()
        defer { db.drop() }
        #expect(try Self.invoices(db, "2026-08", out: "aug").status == 0)
        let insert: SQL = """
            INSERT INTO invoices (provider_id, year, sequence, number, period, issue_date, document_type, document, html, document_sha256)
            VALUES ('prov-a', 2026, 3, 'SB-prov-a-2026-00003', '2026-10-01', '2026-12-15', 'Invoice', 'x', 'x', 'x')
            """
        #expect(throws: (any Error).self) { try db.rows(insert) }
        #expect(throws: (any Error).self) { try db.rows("UPDATE invoices SET issue_date = '2026-12-31'") }
        #expect(throws: (any Error).self) { try db.rows("DELETE FROM invoices") }
        #expect(try db.int("SELECT count(*) FROM invoices") == 1)
    }

    @Test("an open period, or a payer without a VAT id, is refused with nothing written")
    func refusals() throws {
        let db = try Self.agreed(payer: TestDatabase.payer)
        defer { db.drop() }
        let noVAT = try Self.invoices(db, "2026-08", out: "aug")
        #expect(noVAT == .init(status: 1, stdout: "", stderr: """
            Error: The payer has no VAT id; add `vat_id` under `payer:` in payer.yaml and load it (`settle contracts load`): every self-billed invoice names it.

            """))
        let open = try Self.invoices(db, "2026-10", out: "oct")
        #expect(open.status == 1 && open.stderr.contains("2026-10 is not closed"))
        #expect(try db.int("SELECT count(*) FROM invoices") == 0)
        #expect(!FileManager.default.fileExists(atPath: db.folder.appendingPathComponent("aug").path))
    }

    @Test("a provider without an agreement gets no invoice")
    func withoutAgreement() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        #expect(try Self.invoices(db, "2026-08", out: "aug") == .init(status: 0, stdout: """
            No invoice for 2026-08: no provider under a self-billing agreement has earnings in it.

            """, stderr: ""))
    }
}

/// `settle contracts load` keeps agreements and the payer's VAT id together across what is stored.
@Suite("Self-billing agreements against the stored payer")
struct SelfBillingLoadTests {
    static let contract = """
        contract: prov-b-2026
        version: 1
        provider: {id: prov-b, name: Provider B, country: AT}
        payee: {name: Provider B, iban: DE89370400440532013000, address: {town: Wien, country: AT}}
        currency: EUR
        effective: 2026-09-01
        payment: {net_days: 30}
        rules:
          - {id: fee, type: fixed, amount: "10.00"}
        self_billing: {agreement: SBA-B, since: 2026-09-01, vat_id: ATU12345678, vat: reverse_charge}

        """

    @Test("an agreement is refused while the stored payer has no VAT id, and a payer without one while an agreement is stored")
    func storedPayer() throws {
        let db = try TestDatabase.closedAugust()
        defer { db.drop() }
        let path = try db.write("prov-b.yaml", Self.contract)
        let refused = try db.settle("contracts", "load", path)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("\(path):10:15: contract 'prov-b-2026' version 1 has a self-billing agreement, "
                                         + "but the stored payer has no 'vat_id'; load payer.yaml with it\n"), "\(refused.stderr)")
        let withVAT = try db.write("payer.yaml", """
            payer:
              name: Lumen Compute Platform GmbH
              iban: DE44500105175407324931
              address: {town: Berlin, country: DE}
              vat_id: DE811569869

            """)
        #expect(try db.settle("contracts", "load", path, withVAT).status == 0)
        let without = try db.write("payer-old.yaml", """
            payer:
              name: Lumen Compute Platform GmbH
              iban: DE44500105175407324931
              address: {town: Berlin, country: DE}

            """)
        let again = try db.settle("contracts", "load", without)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("\(without):1:1: the payer has no 'vat_id', but stored contract 'prov-b-2026' version 1 "
                                       + "has a self-billing agreement; add 'vat_id' under 'payer:'\n"), "\(again.stderr)")
        #expect(try db.store.storedPayer()?.vatID == "DE811569869")
    }
}
