import Foundation
public import SettleCore

/// An ISO 20022 `pain.001.001.09` customer credit transfer initiation for a closed period
/// (docs/REFERENCE.md §5): one payment block per currency, execution date and scheme; one transaction per
/// provider with a payout > 0 and not on hold.
extension PayoutFile {
    /// The instructed amounts of a payout file's text summed per currency, in currency order:
    /// `["209.00 EUR", "13,839 JPY"]`.
    ///
    /// The search runs over the UTF-8 bytes: Foundation's `range(of:)` on a substring copied the
    /// rest of the text on every call, quadratic in the transfers (65% of `settle payouts` at
    /// 20,000 providers, issue 19), and the generic `firstRange(of:)` still took a quarter.
    public static func sumsPerCurrency(_ xml: String) -> [String] {
        var sums: [String: Rational] = [:]
        var text = xml
        text.withUTF8 { bytes in
            let open = Array(#"<InstdAmt Ccy=""#.utf8), close = Array("</InstdAmt>".utf8)
            func find(_ pattern: [UInt8], from start: Int) -> Int? {
                var index = start
                while index + pattern.count <= bytes.count {
                    if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
                    index += 1
                }
                return nil
            }
            var at = 0
            while let start = find(open, from: at) {
                let code = start + open.count
                guard let quote = bytes[code...].firstIndex(of: UInt8(ascii: "\"")), let end = find(close, from: quote) else { break }
                let amount = String(decoding: bytes[min(quote + 2, end)..<end], as: UTF8.self)
                sums[String(decoding: bytes[code..<quote], as: UTF8.self), default: .zero] += Rational(decimal: amount) ?? .zero
                at = end + close.count
            }
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
        make(period: period, statements: statements.map(Entry.init), payer: payer, issue: issue, created: created, today: today)
    }

    /// As `make(period:statements:payer:issue:created:today:)`, from what the file reads of each statement.
    public static func make(period: Period, statements: [Entry], payer: Payer, issue: Int,
                            created: String, today: Day) -> PayoutFile? {
        let payable = statements.filter { $0.isPayable() }
            .sorted { $0.provider.id < $1.provider.id }
        guard !payable.isEmpty else { return nil }
        let messageID = "STL-\(period.compact)-PAY-\(issue)"
        let blocks = Dictionary(grouping: payable) { statement in
            BlockKey(currency: statement.currency, date: max(statement.dueDate, today), sepa: isSEPA(statement, payer: payer))
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
            debtor(payer, currency: key.currency, into: &xml)
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
        problems(period: period, statements: statements.map(Entry.init), payer: payer, file: file)
    }

    /// As `problems(period:statements:payer:file:)`, from what the file reads of each statement.
    public static func problems(period: Period, statements: [Entry], payer: Payer, file: PayoutFile) -> [String] {
        var problems: [String] = []
        let payable = statements.filter { $0.isPayable() }
        if !BankIdentifiers.isValidIBAN(payer.iban) { problems.append("the payer's IBAN \(payer.iban) fails the mod-97 check") }
        for account in payer.accounts ?? [] {
            if case let .iban(iban) = account.number, !BankIdentifiers.isValidIBAN(iban) {
                problems.append("the payer's \(account.currency.code) IBAN \(iban) fails the mod-97 check")
            }
        }
        for statement in payable {
            switch statement.payee.account {
            case let .iban(iban) where !BankIdentifiers.isValidIBAN(iban):
                problems.append("\(statement.provider.id): IBAN \(iban) fails the mod-97 check")
            case let .aba(_, routing) where !BankIdentifiers.isValidABA(routing):
                problems.append("\(statement.provider.id): ABA routing number \(routing) fails its check digit")
            default: break
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

    /// EUR to an IBAN goes as SEPA when the payer's EUR account is an IBAN too (SEPA debits an
    /// IBAN); everything else as an ordinary (non-SEPA) transfer.
    static func isSEPA(_ statement: Entry, payer: Payer) -> Bool {
        guard statement.currency.code == "EUR", case .iban = statement.payee.account,
              case .iban = payer.debitAccount(for: statement.currency).number else { return false }
        return true
    }

    /// `Dbtr`, `DbtrAcct` and `DbtrAgt` of a block: the payer, debited from the block currency's
    /// own account when `accounts:` names one, else from its main IBAN (docs/REFERENCE.md §9, Accounts).
    private static func debtor(_ payer: Payer, currency: Currency, into xml: inout XMLWriter) {
        xml.open("Dbtr")
        xml.element("Nm", SEPAText.clean(payer.name, maxLength: 70))
        address(payer.address, into: &xml)
        xml.close("Dbtr")
        let debit = payer.debitAccount(for: currency)
        xml.open("DbtrAcct")
        xml.open("Id")
        switch debit.number {
        case let .iban(iban): xml.element("IBAN", iban)
        case let .other(account): otherAccount(account, into: &xml)
        }
        xml.close("Id")
        // The currency's own account is held in it; the payer's main IBAN may be held in another.
        if payer.ownAccount(for: currency) != nil { xml.element("Ccy", currency.code) }
        xml.close("DbtrAcct")
        agent("DbtrAgt", bic: debit.bic, into: &xml)
    }

    private static func transaction(_ statement: Entry, instruction: String, into xml: inout XMLWriter) {
        let payee = statement.payee
        xml.open("CdtTrfTxInf")
        xml.open("PmtId")
        xml.element("InstrId", instruction)
        xml.element("EndToEndId", PaymentReference.of(provider: statement.provider.id, period: statement.period))
        xml.close("PmtId")
        xml.open("Amt")
        xml.element("InstdAmt", statement.payout.description, attributes: [("Ccy", statement.currency.code)])
        xml.close("Amt")
        switch payee.account {
        case let .aba(_, routing): agent("CdtrAgt", bic: payee.bic, clearing: (system: "USABA", member: routing), into: &xml)
        case .iban, .other: if let bic = payee.bic { agent("CdtrAgt", bic: bic, into: &xml) }
        }
        xml.open("Cdtr")
        xml.element("Nm", SEPAText.clean(payee.name, maxLength: 70))
        address(payee.address, into: &xml)
        xml.close("Cdtr")
        xml.open("CdtrAcct")
        xml.open("Id")
        switch payee.account {
        case let .iban(iban):
            xml.element("IBAN", iban)
        case let .other(account), let .aba(account, _):
            otherAccount(account, into: &xml)
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

    /// `Othr/Id`: an account identification that is not an IBAN.
    private static func otherAccount(_ account: String, into xml: inout XMLWriter) {
        xml.open("Othr")
        xml.element("Id", SEPAText.clean(account, maxLength: 34))
        xml.close("Othr")
    }

    /// A bank: its BIC, its clearing system member id (`USABA` and the routing number), or both in
    /// the XSD's order; `NOTPROVIDED` when neither is known.
    private static func agent(_ name: String, bic: String?, clearing: (system: String, member: String)? = nil,
                              into xml: inout XMLWriter) {
        xml.open(name)
        xml.open("FinInstnId")
        if let bic { xml.element("BICFI", bic) }
        if let clearing {
            xml.open("ClrSysMmbId")
            xml.open("ClrSysId")
            xml.element("Cd", clearing.system)
            xml.close("ClrSysId")
            xml.element("MmbId", clearing.member)
            xml.close("ClrSysMmbId")
        }
        if bic == nil && clearing == nil {
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

extension PayoutFile {
    /// What the payout file reads of a statement: its stored document without its lines, so that
    /// the 10,537 payable statements of issue 19's month decode without their explanations (whole
    /// statements were half of `settle payouts`' CPU).
    public struct Entry: Sendable, Decodable {
        public let provider: Provider
        public let period: Period
        public let currency: Currency
        public let payout: Money
        public let dueDate: Day
        public let onHold: Bool
        public let payee: Payee

        public init(_ statement: Statement) {
            provider = statement.provider
            period = statement.period
            currency = statement.currency
            payout = statement.payout
            dueDate = statement.dueDate
            onHold = statement.onHold
            payee = statement.payee
        }

        /// As `Statement.isPayable(ignoringHold:)`.
        public func isPayable() -> Bool { payout.isPositive && !onHold }
    }
}

/// Indented XML with every text escaped.
struct XMLWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    /// Indents what follows one level (for a root element written with `line`).
    mutating func indent() { depth += 1 }

    mutating func dedent() { depth -= 1 }

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
