import Foundation
import SettleCore
public import SettleExport
public import SettleStore

/// `settle bank import`: a bank's pain.002 status report or camt.054 notification, read, checked
/// against its XSD, matched to the transfers of recorded payout files and stored whole or not at
/// all (docs/REFERENCE.md §9).
public enum BankImport {
    /// Reads, checks and imports the bank file at `path`.
    ///
    /// - Throws: `OperationError`, one sentence, when the file cannot be read, is not a bank file
    ///   Settle reads, fails its XSD, names a payout file Settle never recorded, or contradicts a
    ///   final state; nothing is stored then.
    public static func importFile(store: Store, path: String) throws -> (type: BankMessageType, outcome: BankFileOutcome) {
        let bytes = try read(path)
        let (type, message): (BankMessageType, BankMessage)
        do {
            (type, message) = try BankMessage.read(bytes, name: path)
        } catch let error as BankMessageError {
            throw OperationError(error.description)
        }
        var original: String?
        if case .statusReport(let report) = message { original = report.originalMessageID }
        let outcome = try store.importBankFile(path: path, bytes: bytes, messageType: type.rawValue, messageID: message.messageID,
                                               originalMessageID: original) {
            var matcher = Matcher(store: store, name: path)
            switch message {
            case .statusReport(let report): try matcher.match(report)
            case .notification(let notification): try matcher.match(notification)
            }
            return matcher.effects
        }
        return (type, outcome)
    }

    /// The file's bytes, at most `XMLTree.maximumBytes`.
    static func read(_ path: String) throws -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw OperationError("Cannot read \(path): there is no such file; give the path of the bank's pain.002 or camt.054 file.")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= XMLTree.maximumBytes else {
            throw OperationError("\(path) is larger than \(XMLTree.maximumBytes >> 20) MiB, more than any bank file Settle reads; nothing was imported.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OperationError("Cannot read \(path); check its permissions.")
        }
        return Array(data)
    }

    /// `Imported F (pain.002.001.10 MSG on STL-...): 3 matched, 2 state changes, 1 unmatched.` and
    /// one line per unmatched item.
    public static func summary(path: String, type: BankMessageType, outcome: BankFileOutcome) -> [String] {
        switch outcome {
        case .alreadyImported(let earlier, let sameBytes):
            return [sameBytes
                ? "\(path) was imported before (\(earlier.messageType) \(earlier.messageID), from \(earlier.path) on \(earlier.importedAt)); nothing changed."
                : "\(path) carries the message id \(earlier.messageID) of the \(earlier.messageType) file imported from \(earlier.path) on \(earlier.importedAt); nothing changed."]
        case .imported(let record, let unmatched):
            let ignored = record.ignored > 0 ? ", \(record.ignored) backwards (recorded, ignored)" : ""
            return ["Imported \(path) (\(type.rawValue) \(record.messageID)): \(record.matched) matched, "
                    + "\(record.changes) state change\(record.changes == 1 ? "" : "s")\(ignored), \(record.unmatched) unmatched."]
                + unmatched.map { "  unmatched: \($0.details)" }
        }
    }
}

/// Matches one bank file's reports to transfers, in file order, keeping each transfer's state as
/// the file moves it (a group status, then its block's, then its own).
struct Matcher {
    let store: Store
    let name: String
    var effects = BankFileEffects()
    /// The state each transfer this file touched is in now, with its reason code.
    private var states: [String: (state: TransferState, reason: String?)] = [:]
    private var matchedTransfers: Set<String> = []

    init(store: Store, name: String) {
        (self.store, self.name) = (store, name)
    }

    mutating func match(_ report: PaymentStatusReport) throws {
        let original = report.originalMessageID
        guard try store.payoutFileRecorded(messageID: original) else {
            throw OperationError("\(name) reports on the payout file \(original), which Settle never recorded; nothing was imported.")
        }
        let transfers = try store.payoutTransfers(messageID: original)
        guard !transfers.isEmpty else {
            throw OperationError("\(name) reports on the payout file \(original), whose transfers Settle did not record (it was written before migration 15 kept no text of it); nothing was imported.")
        }
        if let status = report.groupStatus, let state = TransferState(statusCode: status.code) {
            for transfer in transfers { try apply(state, status, to: transfer) }
        }
        for block in report.blocks {
            let members = transfers.filter { $0.transfer.paymentBlock == block.paymentInfoID }
            guard !members.isEmpty else {
                effects.unmatched.append(.init(problem: "unknown payment block", reference: block.paymentInfoID, endToEndID: nil, amount: nil,
                                               currency: nil, details: "payment block \(block.paymentInfoID) is no block of \(original)"))
                continue
            }
            if let status = block.status, let state = TransferState(statusCode: status.code) {
                for transfer in members { try apply(state, status, to: transfer) }
            }
            for transaction in block.transactions {
                guard let transfer = transfers.first(where: { $0.transfer.endToEndID == transaction.endToEndID })
                        ?? transfers.first(where: { transaction.endToEndID == nil && $0.transfer.instructionID == transaction.instructionID }) else {
                    let id = transaction.endToEndID ?? transaction.instructionID ?? "without a reference"
                    effects.unmatched.append(.init(problem: "unknown transfer", reference: block.paymentInfoID, endToEndID: transaction.endToEndID,
                                                   amount: nil, currency: nil,
                                                   details: "transaction \(id) in block \(block.paymentInfoID) is no transfer of \(original)"))
                    continue
                }
                guard let status = transaction.status, let state = TransferState(statusCode: status.code) else {
                    matchedTransfers.insert(key(transfer))
                    continue
                }
                try apply(state, status, to: transfer)
            }
        }
        effects.matched = matchedTransfers.count
    }

    mutating func match(_ notification: DebitCreditNotification) throws {
        for entry in notification.entries {
            let label = "entry \(entry.number)" + (entry.reference.map { " (\($0))" } ?? "")
            let direction = entry.isCredit ? "credit" : "debit"
            guard entry.status == "BOOK" else {
                unmatched("not booked", entry, nil, amount: entry.amount, currency: entry.currency,
                          "\(label): \(amount(entry.amount, entry.currency)) \(direction) is not booked (\(entry.status))")
                continue
            }
            if entry.transactions.isEmpty {
                unmatched("no transfer reference", entry, nil, amount: entry.amount, currency: entry.currency,
                          "\(label): \(amount(entry.amount, entry.currency)) \(direction) names no transaction")
            }
            for transaction in entry.transactions {
                let value = transaction.amount ?? entry.amount
                let currency = transaction.currency ?? entry.currency
                let booked = "\(amount(value, currency)) \(direction)"
                guard let endToEnd = transaction.endToEndID else {
                    unmatched("no transfer reference", entry, nil, amount: value, currency: currency, "\(label): \(booked) carries no EndToEndId")
                    continue
                }
                let candidates = try store.payoutTransfers(endToEndID: endToEnd)
                    .filter { transaction.messageID == nil || $0.messageID == transaction.messageID }
                guard let transfer = candidates.last else {
                    unmatched("unknown transfer", entry, endToEnd, amount: value, currency: currency,
                              "\(label): \(booked) for EndToEndId \(endToEnd), which matches no transfer Settle sent")
                    continue
                }
                let sent = transfer.transfer.amount
                guard sent.value == value, sent.currency.code == currency else {
                    unmatched("amount mismatch", entry, endToEnd, amount: value, currency: currency,
                              "\(label): \(booked) for \(endToEnd), which \(transfer.messageID) sent as \(sent.description) \(sent.currency.code)")
                    continue
                }
                if !entry.isCredit && !entry.isReversal {
                    try apply(.settled, ReportedStatusCode(code: "DBIT", reason: nil), to: transfer)
                } else if entry.isCredit && (transaction.isReturn || entry.isReversal) {
                    try apply(.returned, ReportedStatusCode(code: entry.isReversal ? "CRDT reversal" : "CRDT", reason: transaction.returnReason),
                              to: transfer)
                } else {
                    unmatched("no return information", entry, endToEnd, amount: value, currency: currency,
                              "\(label): \(booked) for \(endToEnd) is neither a booked payment nor a return (no RtrInf, no reversal)")
                }
            }
        }
        effects.matched = matchedTransfers.count
    }

    private func key(_ transfer: TransferStatus) -> String { transfer.messageID + "\u{1F}" + transfer.transfer.endToEndID }

    private mutating func apply(_ state: TransferState, _ status: ReportedStatus, to transfer: TransferStatus) throws {
        try apply(state, ReportedStatusCode(code: status.code, reason: status.reason), to: transfer)
    }

    /// One report about one transfer: a change, a backwards move recorded and ignored, or a
    /// contradiction that refuses the whole file.
    private mutating func apply(_ state: TransferState, _ status: ReportedStatusCode, to transfer: TransferStatus) throws {
        let key = key(transfer)
        matchedTransfers.insert(key)
        let (current, currentReason) = states[key] ?? (transfer.state, transfer.reasonCode)
        let change = { (applied: Bool) in
            BankFileEffects.Change(messageID: transfer.messageID, endToEndID: transfer.transfer.endToEndID, state: state,
                                   statusCode: status.code, reasonCode: status.reason, applied: applied)
        }
        switch current.move(to: state) {
        case .unchanged:
            break
        case .changed:
            effects.changes.append(change(true))
            states[key] = (state, status.reason)
        case .ignoredBackwards:
            effects.changes.append(change(false))
        case .contradiction:
            let reason = currentReason.map { " (\($0) \(StatusReason.text(of: $0)))" } ?? ""
            throw OperationError("\(name) would make the transfer \(transfer.transfer.endToEndID) of \(transfer.messageID) "
                                 + "(\(transfer.transfer.provider), \(transfer.transfer.amount.description) \(transfer.transfer.amount.currency.code)) "
                                 + "\(state.rawValue) (\(status.code)), but it is already \(current.rawValue)\(reason); nothing was imported.")
        }
    }

    private mutating func unmatched(_ problem: String, _ entry: DebitCreditNotification.Entry, _ endToEnd: String?, amount: Rational,
                                    currency: String, _ details: String) {
        effects.unmatched.append(.init(problem: problem, reference: entry.reference, endToEndID: endToEnd,
                                       amount: decimal(amount, currency), currency: currency, details: details))
    }

    private func amount(_ value: Rational, _ currency: String) -> String { "\(decimal(value, currency)) \(currency)" }

    /// At least the currency's minor-unit digits, every digit the bank gave: `75.00`, `209.005`.
    private func decimal(_ value: Rational, _ currency: String) -> String {
        value.decimalText(minimumFractionDigits: Currency(code: currency)?.minorUnitDigits ?? 2) ?? value.description
    }
}

/// What a report said about a transfer: a status code (or the camt entry's side) and a reason.
struct ReportedStatusCode {
    let code: String
    let reason: String?
}
