import Foundation
public import SettleCore

/// An ISO 20022 `pain.001.001.09` customer credit transfer initiation for a closed period
/// (docs/REFERENCE.md §5): one payment block per currency, execution date and scheme; one transaction per
/// provider with a payout > 0 and not on hold.
extension PayoutFile {
    /// The instructed amounts of a payout file's text summed per currency, in currency order:
    /// `["209.00 EUR", "13,839 JPY"]`.
    public static func sumsPerCurrency(_ xml: String) -> [String] {
        var sums: [String: Rational] = [:]
        var rest = Substring(xml)
        while let start = rest.range(of: "<InstdAmt Ccy=\"") {
            let tail = rest[start.upperBound...]
            guard let quote = tail.firstIndex(of: "\""), let close = tail.range(of: "</InstdAmt>") else { break }
            let code = String(tail[..<quote])
            let amount = tail[tail.index(quote, offsetBy: 2)..<close.lowerBound]
            sums[code, default: .zero] += Rational(decimal: amount) ?? .zero
            rest = tail[close.upperBound...]
        }
        return sums.sorted { $0.key < $1.key }.compactMap { code, sum in
            Currency(code: code).map { Money(rounding: sum, in: $0, .halfEven) }.map { "\($0.grouped) \(code)" }
        }
    }
}

public struct PayoutFile: Sendable {
    /// The XML, UTF-8, not yet validated.
    public let xml: String
    public let messageID: String
    public let transactionCount: Int
    /// The plain sum of every instructed amount (`CtrlSum` of the group header).
    public let controlSum: Rational
    /// Its transactions in file order, recorded with the file to match the bank's answers.
    public let transfers: [PayoutTransfer]

    /// - Parameters:
    ///   - issue: 1 for the first file of the period, 2 for its first reissue, ...
    ///   - created: the creation time, `YYYY-MM-DDThh:mm:ss` (so tests can fix it).
    ///   - today: execution dates already past move to this day.
    /// - Returns: `nil` when no payout is due.
    public static func make(period: Period, statements: [Statement], payer: Payer, issue: Int,
                            created: String, today: Day) -> PayoutFile? {
        let payable = statements.filter { $0.isPayable() }
            .sorted { $0.provider.id < $1.provider.id }
        guard !payable.isEmpty else { return nil }
        let messageID = "STL-\(period.compact)-PAY-\(issue)"
        let blocks = Dictionary(grouping: payable) { statement in
            BlockKey(currency: statement.currency, date: max(statement.dueDate, today), sepa: isSEPA(statement))
        }.sorted { $0.key < $1.key }
        let controlSum = payable.map(\.payout.value).sum()
        var transfers: [PayoutTransfer] = []

        var xml = XMLWriter()
        xml.line(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        xml.open(#"Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09""#)
        xml.open("CstmrCdtTrfInitn")
        xml.open("GrpHdr")
        xml.element("MsgId", messageID)
        xml.element("CreDtTm", created)
        xml.element("NbOfTxs", String(payable.count))
        xml.element("CtrlSum", decimal(controlSum))
        xml.open("InitgPty")
        xml.element("Nm", SEPAText.clean(payer.name, maxLength: 70))
        xml.close("InitgPty")
        xml.close("GrpHdr")
        for (index, (key, members)) in blocks.enumerated() {
            let blockID = "\(messageID)-\(index + 1)"
            xml.open("PmtInf")
            xml.element("PmtInfId", blockID)
            xml.element("PmtMtd", "TRF")
            xml.element("NbOfTxs", String(members.count))
            xml.element("CtrlSum", decimal(members.map(\.payout.value).sum()))
            if key.sepa {
                xml.open("PmtTpInf")
                xml.open("SvcLvl")
                xml.element("Cd", "SEPA")
                xml.close("SvcLvl")
                xml.close("PmtTpInf")
            }
            xml.open("ReqdExctnDt")
            xml.element("Dt", key.date.description)
            xml.close("ReqdExctnDt")
            xml.open("Dbtr")
            xml.element("Nm", SEPAText.clean(payer.name, maxLength: 70))
            address(payer.address, into: &xml)
            xml.close("Dbtr")
            xml.open("DbtrAcct")
            xml.open("Id")
            xml.element("IBAN", payer.iban)
            xml.close("Id")
            xml.close("DbtrAcct")
            agent("DbtrAgt", bic: payer.bic, into: &xml)
            xml.element("ChrgBr", key.sepa ? "SLEV" : "SHAR")
            for (number, statement) in members.enumerated() {
                transaction(statement, instruction: "\(blockID)-\(number + 1)", into: &xml)
                transfers.append(PayoutTransfer(provider: statement.provider.id,
                                                endToEndID: PaymentReference.of(provider: statement.provider.id, period: statement.period),
                                                paymentBlock: blockID, instructionID: "\(blockID)-\(number + 1)", amount: statement.payout))
            }
            xml.close("PmtInf")
        }
        xml.close("CstmrCdtTrfInitn")
        xml.close("Document")
        return PayoutFile(xml: xml.text, messageID: messageID, transactionCount: payable.count, controlSum: controlSum,
                          transfers: transfers)
    }

    /// What the XSD cannot see: IBAN check digits, ids unique and at most 35 characters of the
    /// SEPA set, and the sums.
    public static func problems(period: Period, statements: [Statement], payer: Payer, file: PayoutFile) -> [String] {
        var problems: [String] = []
        let payable = statements.filter { $0.isPayable() }
        if !BankIdentifiers.isValidIBAN(payer.iban) { problems.append("the payer's IBAN \(payer.iban) fails the mod-97 check") }
        for statement in payable {
            if case let .iban(iban) = statement.payee.account, !BankIdentifiers.isValidIBAN(iban) {
                problems.append("\(statement.provider.id): IBAN \(iban) fails the mod-97 check")
            }
        }
        let ids = payable.map { PaymentReference.of(provider: $0.provider.id, period: period) } + [file.messageID]
        if Set(ids).count != ids.count { problems.append("two transactions would carry the same EndToEndId") }
        for id in ids where id.count > 35 || SEPAText.clean(id, maxLength: 35) != id {
            problems.append("the id \(id) is longer than 35 characters or leaves the SEPA character set")
        }
        if payable.map(\.payout.value).sum() != file.controlSum || payable.count != file.transactionCount {
            problems.append("the control sum or the number of transactions does not match the payouts")
        }
        return problems
    }

    /// EUR to an IBAN goes as SEPA; everything else as an ordinary (non-SEPA) transfer.
    static func isSEPA(_ statement: Statement) -> Bool {
        guard statement.currency.code == "EUR", case .iban = statement.payee.account else { return false }
        return true
    }

    private static func transaction(_ statement: Statement, instruction: String, into xml: inout XMLWriter) {
        let payee = statement.payee
        xml.open("CdtTrfTxInf")
        xml.open("PmtId")
        xml.element("InstrId", instruction)
        xml.element("EndToEndId", PaymentReference.of(provider: statement.provider.id, period: statement.period))
        xml.close("PmtId")
        xml.open("Amt")
        xml.element("InstdAmt", statement.payout.description, attributes: [("Ccy", statement.currency.code)])
        xml.close("Amt")
        if let bic = payee.bic { agent("CdtrAgt", bic: bic, into: &xml) }
        xml.open("Cdtr")
        xml.element("Nm", SEPAText.clean(payee.name, maxLength: 70))
        address(payee.address, into: &xml)
        xml.close("Cdtr")
        xml.open("CdtrAcct")
        xml.open("Id")
        switch payee.account {
        case let .iban(iban):
            xml.element("IBAN", iban)
        case let .other(account):
            xml.open("Othr")
            xml.element("Id", SEPAText.clean(account, maxLength: 34))
            xml.close("Othr")
        }
        xml.close("Id")
        xml.close("CdtrAcct")
        xml.open("RmtInf")
        xml.element("Ustrd", SEPAText.clean("Partner statement \(statement.period) \(statement.provider.id) "
                                            + statement.provider.name, maxLength: 140))
        xml.close("RmtInf")
        xml.close("CdtTrfTxInf")
    }

    private static func address(_ address: PostalAddress, into xml: inout XMLWriter) {
        xml.open("PstlAdr")
        if let street = address.street { xml.element("StrtNm", SEPAText.clean(street, maxLength: 70)) }
        if let postcode = address.postcode { xml.element("PstCd", SEPAText.clean(postcode, maxLength: 16)) }
        xml.element("TwnNm", SEPAText.clean(address.town, maxLength: 35))
        xml.element("Ctry", address.country)
        xml.close("PstlAdr")
    }

    private static func agent(_ name: String, bic: String?, into xml: inout XMLWriter) {
        xml.open(name)
        xml.open("FinInstnId")
        if let bic {
            xml.element("BICFI", bic)
        } else {
            xml.open("Othr")
            xml.element("Id", "NOTPROVIDED")
            xml.close("Othr")
        }
        xml.close("FinInstnId")
        xml.close(name)
    }

    /// A plain decimal with at least two digits (`CtrlSum` sums amounts of several currencies).
    public static func decimal(_ value: Rational) -> String {
        value.decimalText(minimumFractionDigits: 2) ?? value.description
    }

    struct BlockKey: Hashable, Comparable {
        let currency: Currency
        let date: Day
        let sepa: Bool

        static func < (lhs: BlockKey, rhs: BlockKey) -> Bool {
            (lhs.currency.code, lhs.date.ordinal, lhs.sepa ? 0 : 1) < (rhs.currency.code, rhs.date.ordinal, rhs.sepa ? 0 : 1)
        }
    }
}

/// Indented XML with every text escaped.
struct XMLWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    mutating func open(_ tag: String) {
        line("<\(tag)>")
        depth += 1
    }

    mutating func close(_ tag: String) {
        depth -= 1
        line("</\(tag)>")
    }

    mutating func element(_ tag: String, _ value: String, attributes: [(String, String)] = []) {
        let attributeText = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        line("<\(tag)\(attributeText)>\(escape(value))</\(tag)>")
    }

    private func escape(_ value: String) -> String { HTMLText.escape(value) }
}
