import SettleCore

/// Writes a `SelfBilledInvoice` as a UBL 2.1 Invoice (type 389) or CreditNote (type 261) with the
/// EN 16931 customization (docs/REFERENCE.md §10). Elements come in the order the XSD's sequences
/// demand; the same invoice always gives the same bytes.
public enum UBLInvoice {
    public static let customizationID = "urn:cen.eu:en16931:2017"

    public static func render(_ invoice: SelfBilledInvoice) -> String {
        let statement = invoice.statement
        let root = invoice.type.rawValue
        let currency = statement.currency.code
        var xml = XMLWriter()
        xml.line(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        xml.line("<\(root) xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:\(root)-2\" "
                 + #"xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" "#
                 + #"xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">"#)
        xml.indent()
        xml.element("cbc:UBLVersionID", "2.1")
        xml.element("cbc:CustomizationID", customizationID)
        xml.element("cbc:ID", invoice.number)
        xml.element("cbc:IssueDate", invoice.issueDate.description)
        xml.element(invoice.type == .invoice ? "cbc:InvoiceTypeCode" : "cbc:CreditNoteTypeCode", invoice.typeCode)
        xml.element("cbc:Note", "Self-billing")
        if invoice.agreement.vat == .reverseCharge { xml.element("cbc:Note", "Reverse charge") }
        xml.element("cbc:DocumentCurrencyCode", currency)
        xml.element("cbc:BuyerReference", statement.contract)
        xml.open("cac:InvoicePeriod")
        xml.element("cbc:StartDate", statement.period.firstDay.description)
        xml.element("cbc:EndDate", statement.period.lastDay.description)
        xml.close("cac:InvoicePeriod")
        xml.open("cac:ContractDocumentReference")
        xml.element("cbc:ID", invoice.agreement.agreement)
        xml.close("cac:ContractDocumentReference")
        let withVATIDs = invoice.agreement.vat != .outsideScope
        party(&xml, "cac:AccountingSupplierParty", name: statement.provider.name, address: statement.payee.address,
              vatID: withVATIDs ? invoice.agreement.vatID : nil)
        party(&xml, "cac:AccountingCustomerParty", name: invoice.payer.name, address: invoice.payer.address,
              vatID: withVATIDs ? invoice.payer.vatID : nil)
        xml.open("cac:PaymentTerms")
        xml.element("cbc:Note", "Settled with the partner statement of \(statement.period), due \(statement.dueDate)")
        xml.close("cac:PaymentTerms")
        xml.open("cac:TaxTotal")
        xml.element("cbc:TaxAmount", invoice.vat.description, attributes: [("currencyID", currency)])
        xml.open("cac:TaxSubtotal")
        xml.element("cbc:TaxableAmount", invoice.taxable.description, attributes: [("currencyID", currency)])
        xml.element("cbc:TaxAmount", invoice.vat.description, attributes: [("currencyID", currency)])
        taxCategory(&xml, "cac:TaxCategory", invoice, exemption: true)
        xml.close("cac:TaxSubtotal")
        xml.close("cac:TaxTotal")
        xml.open("cac:LegalMonetaryTotal")
        xml.element("cbc:LineExtensionAmount", invoice.taxable.description, attributes: [("currencyID", currency)])
        xml.element("cbc:TaxExclusiveAmount", invoice.taxable.description, attributes: [("currencyID", currency)])
        xml.element("cbc:TaxInclusiveAmount", invoice.total.description, attributes: [("currencyID", currency)])
        xml.element("cbc:PayableAmount", invoice.total.description, attributes: [("currencyID", currency)])
        xml.close("cac:LegalMonetaryTotal")
        for (index, line) in invoice.lines.enumerated() {
            self.line(&xml, line, number: index + 1, invoice: invoice)
        }
        xml.dedent()
        xml.line("</\(root)>")
        return xml.text
    }

    private static func party(_ xml: inout XMLWriter, _ tag: String, name: String, address: PostalAddress, vatID: String?) {
        xml.open(tag)
        xml.open("cac:Party")
        xml.open("cac:PartyName")
        xml.element("cbc:Name", name)
        xml.close("cac:PartyName")
        xml.open("cac:PostalAddress")
        if let street = address.street { xml.element("cbc:StreetName", street) }
        xml.element("cbc:CityName", address.town)
        if let postcode = address.postcode { xml.element("cbc:PostalZone", postcode) }
        xml.open("cac:Country")
        xml.element("cbc:IdentificationCode", address.country)
        xml.close("cac:Country")
        xml.close("cac:PostalAddress")
        if let vatID {
            xml.open("cac:PartyTaxScheme")
            xml.element("cbc:CompanyID", vatID)
            taxScheme(&xml)
            xml.close("cac:PartyTaxScheme")
        }
        xml.open("cac:PartyLegalEntity")
        xml.element("cbc:RegistrationName", name)
        xml.close("cac:PartyLegalEntity")
        xml.close("cac:Party")
        xml.close(tag)
    }

    /// `AE` with rate 0 and exemption `VATEX-EU-AE`; `O` without a rate, exemption `VATEX-EU-O`;
    /// `S` with its rate. The exemption reason belongs to the breakdown only (BT-121).
    private static func taxCategory(_ xml: inout XMLWriter, _ tag: String, _ invoice: SelfBilledInvoice, exemption: Bool) {
        xml.open(tag)
        xml.element("cbc:ID", invoice.category)
        switch invoice.agreement.vat {
        case .reverseCharge: xml.element("cbc:Percent", "0")
        case .outsideScope: break
        case let .rate(rate): xml.element("cbc:Percent", percent(rate))
        }
        if exemption {
            switch invoice.agreement.vat {
            case .reverseCharge: xml.element("cbc:TaxExemptionReasonCode", "VATEX-EU-AE")
            case .outsideScope: xml.element("cbc:TaxExemptionReasonCode", "VATEX-EU-O")
            case .rate: break
            }
        }
        taxScheme(&xml)
        xml.close(tag)
    }

    private static func taxScheme(_ xml: inout XMLWriter) {
        xml.open("cac:TaxScheme")
        xml.element("cbc:ID", "VAT")
        xml.close("cac:TaxScheme")
    }

    /// One line: quantity 1 at the line's amount; a negative amount is quantity -1 at its
    /// magnitude, since an item's net price is never negative (BR-27).
    private static func line(_ xml: inout XMLWriter, _ line: SelfBilledInvoice.Line, number: Int, invoice: SelfBilledInvoice) {
        let currency = invoice.statement.currency.code
        let tag = invoice.type == .invoice ? "cac:InvoiceLine" : "cac:CreditNoteLine"
        xml.open(tag)
        xml.element("cbc:ID", String(number))
        xml.element("cbc:Note", line.explanation)
        xml.element(invoice.type == .invoice ? "cbc:InvoicedQuantity" : "cbc:CreditedQuantity",
                    line.amount.isNegative ? "-1" : "1", attributes: [("unitCode", "C62")])
        xml.element("cbc:LineExtensionAmount", line.amount.description, attributes: [("currencyID", currency)])
        xml.open("cac:InvoicePeriod")
        xml.element("cbc:StartDate", line.first.description)
        xml.element("cbc:EndDate", line.last.description)
        xml.close("cac:InvoicePeriod")
        xml.open("cac:Item")
        xml.element("cbc:Name", line.name)
        taxCategory(&xml, "cac:ClassifiedTaxCategory", invoice, exemption: false)
        xml.close("cac:Item")
        xml.open("cac:Price")
        xml.element("cbc:PriceAmount", (line.amount.isNegative ? -line.amount : line.amount).description,
                    attributes: [("currencyID", currency)])
        xml.close("cac:Price")
        xml.close(tag)
    }

    /// A rate as the percentage UBL writes: 0.19 -> `19`, 0.075 -> `7.5`.
    static func percent(_ rate: Rational) -> String {
        let value = rate * Rational(100)
        return value.decimalText() ?? value.description
    }
}
