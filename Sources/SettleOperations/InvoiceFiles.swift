import Foundation
public import SettleCore
import SettleExport
public import SettleStore

/// `settle invoices`: the self-billed invoices of a closed period (docs/REFERENCE.md §10), numbered,
/// validated, recorded, then written as `NUMBER.xml` and `NUMBER.html`.
public enum InvoiceFiles {
    /// What was written.
    public struct Summary: Sendable {
        /// Every invoice of the period, by provider; `new` ones got their number in this call.
        public let invoices: [(invoice: IssuedInvoice, new: Bool)]
        /// Providers under an agreement whose earnings total zero: no document.
        public let zero: [String]
    }

    /// Issues what is not issued yet, then writes every invoice of the period (the recorded bytes:
    /// a rewrite gives the same files).
    ///
    /// - Parameter today: the issue date of invoices numbered now.
    public static func write(store: Store, period: Period, out: String, today: Day) throws -> Summary {
        guard try store.status(of: period) == .closed else {
            throw OperationError("\(period) is not closed; invoices are issued only for a closed period (`settle close \(period)`).")
        }
        if let tampered = try store.statementsTampered(in: period) {
            throw OperationError("No invoice was written: \(tampered); run `settle verify \(period)` to see what changed.")
        }
        let statements = try store.statements(of: period).map(\.statement)
        let contracts = try store.storedContracts().map(\.contract)
        var agreed: [String: (statement: Statement, agreement: SelfBilling, rounding: RoundingMode)] = [:]
        var zero: [String] = []
        for statement in statements {
            guard let (agreement, rounding) = agreement(of: statement.provider.id, on: period.lastDay, in: contracts) else { continue }
            let invoiced = SelfBilledInvoice.earnings(of: statement)
            if invoiced.isZero { zero.append(statement.provider.id); continue }
            // The invoice's VAT must be the VAT the statement paid (its `vat` line).
            let vat = agreement.vat(on: invoiced, rounding: rounding) ?? .zero(statement.currency)
            guard vat == statement.vat else {
                throw OperationError("No invoice was written: \(statement.provider.id)'s statement for \(period) pays VAT of "
                                     + "\(statement.vat.grouped) \(vat.currency) but its agreement now gives \(vat.grouped) "
                                     + "\(vat.currency); the self-billing terms changed after the period was run, so the VAT "
                                     + "paid and the VAT invoiced would differ.")
            }
            agreed[statement.provider.id] = (statement, agreement, rounding)
        }
        let payer = try store.storedPayer()
        if !agreed.isEmpty, payer?.vatID == nil {
            throw OperationError("The payer has no VAT id; add `vat_id` under `payer:` in payer.yaml and load it "
                                 + "(`settle contracts load`): every self-billed invoice names it.")
        }
        try OutputPath.folder(out)
        var validators: [UBLDocumentType: XMLSchemaValidator] = [:]
        let before = Set(try store.issuedInvoices(of: period).map(\.number))
        let issued = try store.issueInvoices(period: period, today: today, providers: Array(agreed.keys)) { provider, number, date in
            guard let entry = agreed[provider], let payer,
                  let invoice = SelfBilledInvoice.make(statement: entry.statement, agreement: entry.agreement,
                                                       rounding: entry.rounding, payer: payer, number: number, issueDate: date)
            else { throw OperationError("internal: no invoice for \(provider)") }
            let xml = UBLInvoice.render(invoice)
            let validator = try validators[invoice.type] ?? XMLSchemaValidator.ubl(invoice.type)
            validators[invoice.type] = validator
            let problems = validator.problems(in: xml).map { "UBL 2.1 XSD: \($0)" } + EN16931Rules.problems(in: xml)
            guard problems.isEmpty else {
                throw OperationError("No invoice was written: \(number) for \(provider) fails its checks: "
                                     + problems.joined(separator: "; "))
            }
            return InvoiceDraft(documentType: invoice.type.rawValue, xml: xml, html: InvoiceHTML.render(invoice))
        }
        AtomicFile.removeLeftovers(in: out)
        for invoice in issued {
            try AtomicFile.write(invoice.xml, to: "\(out)/\(invoice.number).xml", permissions: 0o600, durable: true)
            try AtomicFile.write(invoice.html, to: "\(out)/\(invoice.number).html", permissions: 0o600, durable: true)
        }
        return Summary(invoices: issued.map { ($0, !before.contains($0.number)) }, zero: zero.sorted())
    }

    /// The self-billing agreement of the contract version in force for `provider` on `day`, with
    /// that version's rounding; `nil` when there is none or it does not apply yet.
    static func agreement(of provider: String, on day: Day, in contracts: [Contract]) -> (SelfBilling, RoundingMode)? {
        ContractSchedule(versions: contracts.filter { $0.provider.id == provider }).selfBilling(on: day)
            .map { ($0.agreement, $0.contract.payment.rounding) }
    }
}
