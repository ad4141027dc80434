import Foundation
import SettleCore
@testable import SettleExport
import Testing

/// The built-in bank XSDs are the published files, byte for byte, and bank files read into the
/// values the matching works on.
@Suite("Bank messages (pain.002, camt.054)")
struct BankMessageTests {
    static let standards = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/SettleExport/Standards").standardizedFileURL

    @Test("each built-in XSD is its file in Standards/, whose SHA-256 Standards/README.md lists",
          arguments: BankMessageType.allCases)
    func unmodified(type: BankMessageType) throws {
        let (name, embedded) = (type.rawValue + ".xsd", type.xsd)
        let file = Self.standards.appendingPathComponent(name)
        #expect(Array(try Data(contentsOf: file)) == embedded)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let hash = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        let readme = try String(contentsOf: Self.standards.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("| `\(name)` | `\(hash)` |"))
    }

    @Test("a pain.002 report: group, block and transaction statuses with their first reason")
    func statusReport() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
              <CstmrPmtStsRpt>
                <GrpHdr><MsgId>R-1</MsgId><CreDtTm>2026-12-16T09:00:00</CreDtTm></GrpHdr>
                <OrgnlGrpInfAndSts><OrgnlMsgId>STL-202608-PAY-1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
                <OrgnlPmtInfAndSts><OrgnlPmtInfId>STL-202608-PAY-1-1</OrgnlPmtInfId>
                  <TxInfAndSts><OrgnlInstrId>STL-202608-PAY-1-1-2</OrgnlInstrId><TxSts>RJCT</TxSts>
                    <StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>
                </OrgnlPmtInfAndSts>
              </CstmrPmtStsRpt>
            </Document>
            """
        let (type, message) = try BankMessage.read(Array(xml.utf8), name: "r.xml")
        #expect(type == .pain002v03)
        guard case .statusReport(let report) = message else { Issue.record("not a status report"); return }
        #expect(report.messageID == "R-1" && report.originalMessageID == "STL-202608-PAY-1")
        #expect(report.groupStatus == ReportedStatus("PART", reasons: []))
        #expect(report.blocks.map(\.paymentInfoID) == ["STL-202608-PAY-1-1"] && report.blocks[0].status == nil)
        let transaction = report.blocks[0].transactions[0]
        #expect(transaction.endToEndID == nil && transaction.instructionID == "STL-202608-PAY-1-1-2")
        #expect(transaction.status?.code == "RJCT" && transaction.status?.reason == "AC01")
    }

    @Test("a camt.054 entry: amount exact from its text, side, reversal, status and the transaction's return reason")
    func notification() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
              <BkToCstmrDbtCdtNtfctn>
                <GrpHdr><MsgId>N-1</MsgId><CreDtTm>2026-12-17T09:00:00</CreDtTm></GrpHdr>
                <Ntfctn><Id>N-1-1</Id><Acct><Id><IBAN>DE44500105175407324931</IBAN></Id></Acct>
                  <Ntry><Amt Ccy="JPY">13839</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>1</RvslInd><Sts><Cd>BOOK</Cd></Sts><AcctSvcrRef>B-77</AcctSvcrRef>
                    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>
                    <NtryDtls><TxDtls><Refs><MsgId>STL-202608-PAY-2</MsgId><EndToEndId>STL-202608-sakura-gpu</EndToEndId></Refs>
                      <RtrInf><Rsn><Cd>MD07</Cd></Rsn></RtrInf></TxDtls></NtryDtls>
                  </Ntry>
                </Ntfctn>
              </BkToCstmrDbtCdtNtfctn>
            </Document>
            """
        let (type, message) = try BankMessage.read(Array(xml.utf8), name: "n.xml")
        #expect(type == .camt054v08)
        guard case .notification(let notification) = message, let entry = notification.entries.first else {
            Issue.record("not a notification"); return
        }
        #expect(entry.number == 1 && entry.reference == "B-77" && entry.amount == Rational(decimal: "13839")!)
        #expect(entry.currency == "JPY" && entry.isCredit && entry.isReversal && entry.status == "BOOK")
        let transaction = entry.transactions[0]
        // The entry books this one transaction only: its amount is the entry's.
        #expect(transaction.amount == Rational(decimal: "13839")! && transaction.currency == "JPY")
        #expect(transaction.messageID == "STL-202608-PAY-2" && transaction.isReturn && transaction.returnReason == "MD07")
    }
}
