import SettleCore

/// A self-billed invoice as one self-contained page for people, written beside its XML: no
/// scripts, no external files, A4 when printed (docs/REFERENCE.md §10).
public enum InvoiceHTML {
    public static func render(_ invoice: SelfBilledInvoice) -> String {
        let statement = invoice.statement
        let currency = statement.currency.code
        let title = invoice.type == .invoice ? "Self-billed invoice" : "Self-billed credit note"
        let e = HTMLText.escape
        let withVATIDs = invoice.agreement.vat != .outsideScope
        func party(_ role: String, _ name: String, _ address: PostalAddress, _ vatID: String?) -> String {
            let lines = [address.street, [address.postcode, address.town].compactMap { $0 }.joined(separator: " "), address.country]
                .compactMap { $0 }.map(e).joined(separator: "<br>")
            let vat = (withVATIDs ? vatID : nil).map { "<br>VAT id \(e($0))" } ?? ""
            return "<div class=\"party\"><h2>\(role)</h2><p><strong>\(e(name))</strong><br>\(lines)\(vat)</p></div>"
        }
        let rows = invoice.lines.enumerated().map { index, line in
            "<tr><td>\(index + 1)</td><td>\(e(line.name))<div class=\"why\">\(e(line.explanation))</div></td>"
                + "<td>\(line.first) to \(line.last)</td><td class=\"n\">\(e(line.amount.grouped))</td></tr>"
        }.joined(separator: "\n")
        let category: String = switch invoice.agreement.vat {
        case .reverseCharge: "AE, reverse charge (VATEX-EU-AE): VAT to be accounted for by the recipient"
        case .outsideScope: "O, outside the scope of VAT (VATEX-EU-O)"
        case let .rate(rate): "S, standard rate \(UBLInvoice.percent(rate))%"
        }
        let notes = ["Self-billing"] + (invoice.agreement.vat == .reverseCharge ? ["Reverse charge"] : [])
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(title) \(e(invoice.number))</title>
            <style>
            @page { size: A4; margin: 18mm 16mm; }
            body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; max-width: 180mm; margin: 0 auto; }
            h1 { font-size: 16pt; margin: 0 0 4mm; }
            h2 { font-size: 10pt; text-transform: uppercase; color: #555; margin: 0 0 1mm; }
            .parties { display: flex; gap: 10mm; margin: 4mm 0; }
            .party { flex: 1; }
            table { width: 100%; border-collapse: collapse; margin: 4mm 0; }
            th, td { text-align: left; vertical-align: top; padding: 1.5mm 2mm; border-bottom: 0.3mm solid #ccc; }
            .n { text-align: right; white-space: nowrap; }
            .why { color: #555; font-size: 8.5pt; }
            tr, .totals { break-inside: avoid; }
            .totals td { border: none; }
            .notes { font-weight: bold; }
            </style>
            </head>
            <body>
            <h1>\(title) \(e(invoice.number))</h1>
            <p class="notes">\(notes.joined(separator: " · "))</p>
            <table class="facts">
            <tr><th>Number</th><td>\(e(invoice.number))</td><th>Issue date</th><td>\(invoice.issueDate)</td></tr>
            <tr><th>Supply period</th><td>\(statement.period.firstDay) to \(statement.period.lastDay)</td><th>Type code</th><td>\(invoice.typeCode)</td></tr>
            <tr><th>Agreement</th><td>\(e(invoice.agreement.agreement))</td><th>Contract</th><td>\(e(statement.contract))</td></tr>
            </table>
            <div class="parties">
            \(party("Supplier (issued by the customer on its behalf)", statement.provider.name, statement.payee.address, invoice.agreement.vatID))
            \(party("Customer", invoice.payer.name, invoice.payer.address, invoice.payer.vatID))
            </div>
            <table class="lines">
            <thead><tr><th>#</th><th>Item</th><th>Period</th><th class="n">Amount (\(currency))</th></tr></thead>
            <tbody>
            \(rows)
            </tbody>
            </table>
            <table class="totals">
            <tr><td>VAT category</td><td>\(e(category))</td></tr>
            <tr><td>Taxable amount</td><td class="n">\(invoice.taxable.grouped) \(currency)</td></tr>
            <tr><td>VAT</td><td class="n">\(invoice.vat.grouped) \(currency)</td></tr>
            <tr><td><strong>Total</strong></td><td class="n"><strong>\(invoice.total.grouped) \(currency)</strong></td></tr>
            </table>
            <p>Settled with the partner statement of \(statement.period), due \(statement.dueDate).</p>
            </body>
            </html>

            """
    }
}
