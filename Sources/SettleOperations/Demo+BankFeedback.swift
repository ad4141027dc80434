import Foundation
import SettleCore
import SettleStore

extension Demo {
    /// The bank answers a period's payout file (docs/REFERENCE.md §9): a pain.002 status report
    /// that accepts every transfer but rejects the first one, AC04 closed account. Written as
    /// `OUT/PERIOD/bank-status.xml` and imported; the next run brings the money back into that
    /// provider's balance, named, and the provider stays on hold until someone releases it.
    ///
    /// - Returns: the provider whose payout was rejected.
    func rejectFirstPayout(in period: Period, store: Store, say: (String) -> Void) throws -> String? {
        let transfers = try store.payoutTransfers(period: period)
        guard let rejected = transfers.first else { return nil }
        let provider = rejected.transfer.provider
        let blocks = Dictionary(grouping: transfers, by: \.transfer.paymentBlock).sorted { $0.key < $1.key }
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
              <CstmrPmtStsRpt>
                <GrpHdr><MsgId>DEMO-BANK-\(period)-1</MsgId><CreDtTm>\(period.next.firstDay)T09:00:00</CreDtTm></GrpHdr>
                <OrgnlGrpInfAndSts><OrgnlMsgId>\(rejected.messageID)</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
            \(blocks.map { block, members in
                "    <OrgnlPmtInfAndSts><OrgnlPmtInfId>\(block)</OrgnlPmtInfId>" + members.map { member in
                    member.transfer.endToEndID == rejected.transfer.endToEndID
                        ? "<TxInfAndSts><OrgnlEndToEndId>\(member.transfer.endToEndID)</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>"
                        : "<TxInfAndSts><OrgnlEndToEndId>\(member.transfer.endToEndID)</OrgnlEndToEndId><TxSts>ACCP</TxSts></TxInfAndSts>"
                }.joined() + "</OrgnlPmtInfAndSts>\n"
            }.joined())  </CstmrPmtStsRpt>
            </Document>

            """
        let path = "\(out)/\(period)/bank-status.xml"
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        let imported = try BankImport.importFile(store: store, path: path)
        say("The bank answered \(rejected.messageID): " + BankImport.summary(path: path, type: imported.type, outcome: imported.outcome)[0]
            + " \(provider)'s \(rejected.transfer.amount.grouped) \(rejected.transfer.amount.currency) was rejected (AC04 closed account); it is on hold.")
        return provider
    }
}
