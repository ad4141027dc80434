public import SettleCore

/// The bank messages `settle bank import` reads (docs/REFERENCE.md §9), told apart by the
/// namespace of their root element.
public enum BankMessageType: String, Sendable, Hashable, CaseIterable {
    case pain002v10 = "pain.002.001.10"
    case pain002v03 = "pain.002.001.03"
    case camt054v08 = "camt.054.001.08"

    static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:"

    public init?(namespace: String) {
        guard namespace.hasPrefix(Self.namespacePrefix) else { return nil }
        self.init(rawValue: String(namespace.dropFirst(Self.namespacePrefix.count)))
    }

    var xsd: [UInt8] {
        switch self {
        case .pain002v10: BuiltIn.pain002v10XSD
        case .pain002v03: BuiltIn.pain002v03XSD
        case .camt054v08: BuiltIn.camt054v08XSD
        }
    }
}

/// A bank file read and checked against its XSD: a payment status report or a debit/credit
/// notification, as values.
public enum BankMessage: Sendable, Hashable {
    case statusReport(PaymentStatusReport)
    case notification(DebitCreditNotification)

    public var messageID: String {
        switch self {
        case .statusReport(let report): report.messageID
        case .notification(let notification): notification.messageID
        }
    }

    /// Reads `bytes`: the message type from the root namespace, then the XSD of that type, then
    /// the values.
    ///
    /// - Parameter name: how the sentences name the file.
    /// - Throws: `BankMessageError`, one sentence, when the file is not XML, is another message,
    ///   or fails its XSD.
    public static func read(_ bytes: [UInt8], name: String) throws -> (type: BankMessageType, message: BankMessage) {
        guard bytes.count <= XMLTree.maximumBytes else {
            throw BankMessageError("\(name) is larger than \(XMLTree.maximumBytes >> 20) MiB, more than any bank file Settle reads; nothing was imported.")
        }
        guard let root = XMLTree.parse(bytes) else {
            throw BankMessageError("\(name) is not well-formed XML, so it is no bank file Settle reads (pain.002.001.10, pain.002.001.03 or camt.054.001.08); nothing was imported.")
        }
        guard root.name == "Document", let namespace = root.namespace, let type = BankMessageType(namespace: namespace) else {
            let what = root.namespace.map { "a \($0.hasPrefix(BankMessageType.namespacePrefix) ? String($0.dropFirst(BankMessageType.namespacePrefix.count)) : $0) document" }
                ?? "an XML document without a namespace"
            throw BankMessageError("\(name) is \(what), not a pain.002.001.10, pain.002.001.03 or camt.054.001.08 message; nothing was imported.")
        }
        let problems = try XMLSchemaValidator.bankMessage(type).problems(in: bytes)
        guard problems.isEmpty else {
            throw BankMessageError("\(name) fails the \(type.rawValue) schema (\(problems[0])\(problems.count > 1 ? ", and \(problems.count - 1) more" : "")); nothing was imported.")
        }
        switch type {
        case .pain002v10, .pain002v03: return (type, .statusReport(PaymentStatusReport(root)))
        case .camt054v08: return (type, .notification(DebitCreditNotification(root)))
        }
    }
}

/// A bank file Settle does not read, as one sentence.
public struct BankMessageError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A reported status code and its first reason code (`StsRsnInf/Rsn/Cd`, or `Prtry`).
public struct ReportedStatus: Sendable, Hashable {
    public let code: String
    public let reason: String?

    init?(_ code: String?, reasons: [XMLTree]) {
        guard let code else { return nil }
        self.code = code
        reason = reasons.lazy.compactMap { $0.value("Rsn", "Cd") ?? $0.value("Rsn", "Prtry") }.first
    }
}

/// A `pain.002` customer payment status report (`.001.10` and `.001.03` have the same elements
/// where Settle reads them).
public struct PaymentStatusReport: Sendable, Hashable {
    public struct Block: Sendable, Hashable {
        public let paymentInfoID: String
        public let status: ReportedStatus?
        public let transactions: [Transaction]
    }

    public struct Transaction: Sendable, Hashable {
        public let endToEndID: String?
        public let instructionID: String?
        public let status: ReportedStatus?
    }

    public let messageID: String
    public let originalMessageID: String
    public let groupStatus: ReportedStatus?
    public let blocks: [Block]

    init(_ document: XMLTree) {
        let report = document.child("CstmrPmtStsRpt")
        let group = report?.child("OrgnlGrpInfAndSts")
        messageID = report?.value("GrpHdr", "MsgId") ?? ""
        originalMessageID = group?.value("OrgnlMsgId") ?? ""
        groupStatus = ReportedStatus(group?.value("GrpSts"), reasons: group?.all("StsRsnInf") ?? [])
        blocks = (report?.all("OrgnlPmtInfAndSts") ?? []).map { block in
            Block(paymentInfoID: block.value("OrgnlPmtInfId") ?? "",
                  status: ReportedStatus(block.value("PmtInfSts"), reasons: block.all("StsRsnInf")),
                  transactions: block.all("TxInfAndSts").map { transaction in
                      Transaction(endToEndID: transaction.value("OrgnlEndToEndId"), instructionID: transaction.value("OrgnlInstrId"),
                                  status: ReportedStatus(transaction.value("TxSts"), reasons: transaction.all("StsRsnInf")))
                  })
        }
    }
}

/// A `camt.054.001.08` bank-to-customer debit/credit notification: its entries, each with the
/// transactions it books.
public struct DebitCreditNotification: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// 1-based, counted over the whole file.
        public let number: Int
        /// `NtryRef`, else `AcctSvcrRef`.
        public let reference: String?
        public let amount: Rational
        public let currency: String
        public let isCredit: Bool
        public let isReversal: Bool
        /// `Sts/Cd` (`BOOK`, `PDNG`, `INFO`, `FUTR`).
        public let status: String
        public let bookingDate: String?
        public let transactions: [Transaction]
    }

    /// `NtryDtls/TxDtls`.
    public struct Transaction: Sendable, Hashable {
        public let endToEndID: String?
        public let messageID: String?
        /// `Amt`, else `AmtDtls/TxAmt/Amt`, else the entry's amount when it books this one only.
        public let amount: Rational?
        public let currency: String?
        /// `RtrInf` is present: the money came back.
        public let isReturn: Bool
        public let returnReason: String?
    }

    public let messageID: String
    public let entries: [Entry]

    init(_ document: XMLTree) {
        let notification = document.child("BkToCstmrDbtCdtNtfctn")
        messageID = notification?.value("GrpHdr", "MsgId") ?? ""
        var entries: [Entry] = []
        for account in notification?.all("Ntfctn") ?? [] {
            for entry in account.all("Ntry") {
                let amount = entry.child("Amt")
                let details = entry.all("NtryDtls").flatMap { $0.all("TxDtls") }
                let only = details.count == 1
                let transactions = details.map { detail in
                    let own = detail.child("Amt") ?? detail.at("AmtDtls", "TxAmt", "Amt")
                    return Transaction(endToEndID: detail.value("Refs", "EndToEndId"), messageID: detail.value("Refs", "MsgId"),
                                       amount: (own ?? (only ? amount : nil)).flatMap { Rational(decimal: $0.text.trimmingWhitespace()) },
                                       currency: (own ?? (only ? amount : nil))?.attributes["Ccy"],
                                       isReturn: detail.child("RtrInf") != nil,
                                       returnReason: detail.value("RtrInf", "Rsn", "Cd") ?? detail.value("RtrInf", "Rsn", "Prtry"))
                }
                entries.append(Entry(number: entries.count + 1, reference: entry.value("NtryRef") ?? entry.value("AcctSvcrRef"),
                                     amount: amount.flatMap { Rational(decimal: $0.text.trimmingWhitespace()) } ?? .zero,
                                     currency: amount?.attributes["Ccy"] ?? "",
                                     isCredit: entry.value("CdtDbtInd") == "CRDT", isReversal: ["true", "1"].contains(entry.value("RvslInd") ?? ""),
                                     status: entry.value("Sts", "Cd") ?? entry.value("Sts", "Prtry") ?? "",
                                     bookingDate: entry.value("BookgDt", "Dt") ?? entry.value("BookgDt", "DtTm"),
                                     transactions: transactions))
            }
        }
        self.entries = entries
    }
}
