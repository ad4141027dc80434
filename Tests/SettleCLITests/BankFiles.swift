import Foundation
import SettleContracts
import SettleCore
import SettleExport
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// Small pain.002 and camt.054 files written for the tests, each checked against its XSD when
/// written, and the closed August of three providers they answer.
enum BankFiles {
    static let provB = """
        contract: prov-b-2026
        version: 1
        provider: {id: prov-b, name: Provider B, country: DE}
        payee: {name: Provider B, iban: DE02120300000000202051, address: {town: Munich, country: DE}}
        currency: EUR
        effective: 2026-08-01
        payment: {net_days: 30}
        rules:
          - {id: fee, type: fixed, amount: "100.00"}
        """

    static let provC = """
        contract: prov-c-2026
        version: 1
        provider: {id: prov-c, name: Provider C, country: US}
        payee: {name: Provider C, account: "000123456789", bic: CHASUS33XXX, address: {town: New York, country: US}}
        currency: USD
        effective: 2026-08-01
        payment: {net_days: 30}
        rules:
          - {id: fee, type: fixed, amount: "50.00"}
        """

    /// August closed with three payouts and its payout file STL-202608-PAY-1 written to pay.xml:
    /// block STL-202608-PAY-1-1 (EUR, SEPA) pays prov-a 209.00 and prov-b 100.00; block
    /// STL-202608-PAY-1-2 (USD) pays prov-c 50.00.
    static func closedAugustOfThree() throws -> TestDatabase {
        let (db, monthEnd) = try TestDatabase.august()
        var files: [ContractVersionFile] = []
        for (name, text) in [("prov-b.yaml", provB), ("prov-c.yaml", provC)] {
            guard case let .success(.contract(sourced)) = ContractFiles.parse(text, file: name) else {
                throw BankFileTestError(description: "\(name) does not parse")
            }
            files.append(ContractVersionFile(contract: sourced.contract, sourceFile: name, sourceText: text))
        }
        _ = try db.store.load(contracts: files, payer: (TestDatabase.payer, "payer.yaml")) { _ in }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        let written = try db.settle("payouts", "2026-08", "--out", "pay.xml")
        #expect(written.stdout == "Wrote pay.xml: STL-202608-PAY-1, 3 transfers, control sum 359.00.\n", "\(written)")
        return db
    }

    struct Transaction {
        var endToEnd: String
        var status: String
        var reason: String? = nil
    }

    struct Block {
        var id: String
        var status: String? = nil
        var reason: String? = nil
        var transactions: [Transaction] = []
    }

    /// A `pain.002` status report on `original` (`version` "10" or "03").
    static func pain002(_ version: String = "10", id: String, original: String = "STL-202608-PAY-1", group: String? = nil,
                        groupReason: String? = nil, blocks: [Block] = []) throws -> String {
        func reason(_ code: String?) -> String { code.map { "<StsRsnInf><Rsn><Cd>\($0)</Cd></Rsn></StsRsnInf>" } ?? "" }
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.\(version)">
              <CstmrPmtStsRpt>
                <GrpHdr><MsgId>\(id)</MsgId><CreDtTm>2026-12-16T09:00:00</CreDtTm></GrpHdr>
                <OrgnlGrpInfAndSts><OrgnlMsgId>\(original)</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>\
            \(group.map { "<GrpSts>\($0)</GrpSts>" } ?? "")\(reason(groupReason))</OrgnlGrpInfAndSts>
            \(blocks.map { block in
                "    <OrgnlPmtInfAndSts><OrgnlPmtInfId>\(block.id)</OrgnlPmtInfId>"
                + (block.status.map { "<PmtInfSts>\($0)</PmtInfSts>" } ?? "") + reason(block.reason)
                + block.transactions.map { "\n      <TxInfAndSts><OrgnlEndToEndId>\($0.endToEnd)</OrgnlEndToEndId><TxSts>\($0.status)</TxSts>\(reason($0.reason))</TxInfAndSts>" }.joined()
                + "</OrgnlPmtInfAndSts>\n"
            }.joined())  </CstmrPmtStsRpt>
            </Document>

            """
        let type: BankMessageType = version == "10" ? .pain002v10 : .pain002v03
        let problems = try XMLSchemaValidator.bankMessage(type).problems(in: xml)
        #expect(problems.isEmpty, "the test's \(type.rawValue) file must be valid: \(problems)")
        return xml
    }

    struct Entry {
        var amount: String
        var currency = "EUR"
        var credit = false
        var reversal = false
        var status = "BOOK"
        var endToEnd: String?
        var returnReason: String? = nil
    }

    /// A `camt.054.001.08` notification of the payer's account, one transaction per entry.
    static func camt054(id: String, _ entries: [Entry]) throws -> String {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
              <BkToCstmrDbtCdtNtfctn>
                <GrpHdr><MsgId>\(id)</MsgId><CreDtTm>2026-12-17T09:00:00</CreDtTm></GrpHdr>
                <Ntfctn><Id>\(id)-1</Id><Acct><Id><IBAN>DE44500105175407324931</IBAN></Id></Acct>
            \(entries.enumerated().map { number, entry in
                let side = entry.credit ? "CRDT" : "DBIT"
                let details = entry.endToEnd.map { endToEnd in
                    "<NtryDtls><TxDtls><Refs><EndToEndId>\(endToEnd)</EndToEndId></Refs><Amt Ccy=\"\(entry.currency)\">\(entry.amount)</Amt>"
                    + "<CdtDbtInd>\(side)</CdtDbtInd>"
                    + (entry.returnReason.map { "<RtrInf><Rsn><Cd>\($0)</Cd></Rsn></RtrInf>" } ?? "") + "</TxDtls></NtryDtls>"
                } ?? ""
                return "      <Ntry><NtryRef>E-\(number + 1)</NtryRef><Amt Ccy=\"\(entry.currency)\">\(entry.amount)</Amt>"
                    + "<CdtDbtInd>\(side)</CdtDbtInd>" + (entry.reversal ? "<RvslInd>true</RvslInd>" : "")
                    + "<Sts><Cd>\(entry.status)</Cd></Sts><BookgDt><Dt>2026-12-17</Dt></BookgDt>"
                    + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>\(entry.credit ? "RRTN" : "ESCT")</SubFmlyCd></Fmly></Domn></BkTxCd>"
                    + details + "</Ntry>\n"
            }.joined())    </Ntfctn>
              </BkToCstmrDbtCdtNtfctn>
            </Document>

            """
        let problems = try XMLSchemaValidator.bankMessage(.camt054v08).problems(in: xml)
        #expect(problems.isEmpty, "the test's camt.054 file must be valid: \(problems)")
        return xml
    }
}

struct BankFileTestError: Error, CustomStringConvertible {
    let description: String
}

extension TestDatabase {
    /// `settle bank import NAME` of `text` written to NAME in the test's folder.
    func bankImport(_ name: String, _ text: String) throws -> SettleBinary.Outcome {
        try write(name, text)
        return try settle("bank", "import", name)
    }

    /// Each transfer as `provider end-to-end-id state reason`, from the database.
    func transferStates() throws -> [String] {
        try store.payoutTransfers(period: Period("2026-08")!).map {
            "\($0.transfer.provider) \($0.state.rawValue)" + ($0.reasonCode.map { " \($0)" } ?? "")
        }
    }

    /// What a refused file must leave as it was: the row counts of the bank tables and the log.
    func bankCounts() throws -> [String] {
        try rows("""
            SELECT (SELECT count(*) FROM bank_files)::text, (SELECT count(*) FROM transfer_state_changes)::text,
                   (SELECT count(*) FROM bank_unmatched)::text, (SELECT count(*) FROM audit_log)::text
            """)[0].map { $0 ?? "" }
    }
}
