import SettleCore

/// The EN 16931 business rules that apply to Settle's self-billed invoices, checked on the written
/// XML itself (read back with libxml2), so that a mistake of the writer cannot hide behind the
/// values it was given (docs/REFERENCE.md §10). Each problem names its rule: `BR-CO-10: ...`.
///
/// Checked: mandatory terms (BR-01..BR-08, BR-16), the calculation rules BR-CO-10, -13, -14, -15,
/// -16 and -17, the VAT breakdown per category and rate (BR-S-08, BR-AE-08, BR-O-08), the rules of
/// each category used (BR-AE-02/05/09/10, BR-O-02..05/09/10, BR-S-02/05/09), BR-27 (no negative
/// price), and at most two decimals per amount (BR-DEC).
public enum EN16931Rules {
    public static func problems(in xml: String) -> [String] {
        guard let root = XMLTree.parse(Array(xml.utf8)) else { return ["the document is not well-formed XML"] }
        var problems: [String] = []
        func require(_ rule: String, _ ok: Bool, _ message: @autoclosure () -> String) {
            if !ok { problems.append("\(rule): \(message())") }
        }
        let credit = root.name == "CreditNote"
        require("BR-01", root.value("CustomizationID") != nil, "the specification identifier (BT-24) is missing")
        require("BR-02", root.value("ID") != nil, "the invoice number (BT-1) is missing")
        require("BR-03", root.value("IssueDate") != nil, "the issue date (BT-2) is missing")
        require("BR-04", root.value(credit ? "CreditNoteTypeCode" : "InvoiceTypeCode") != nil, "the type code (BT-3) is missing")
        require("BR-05", root.value("DocumentCurrencyCode") != nil, "the currency (BT-5) is missing")
        let seller = root.at("AccountingSupplierParty", "Party")
        let buyer = root.at("AccountingCustomerParty", "Party")
        require("BR-06", seller?.value("PartyLegalEntity", "RegistrationName") != nil, "the seller's name (BT-27) is missing")
        require("BR-07", buyer?.value("PartyLegalEntity", "RegistrationName") != nil, "the buyer's name (BT-44) is missing")
        require("BR-08", seller?.at("PostalAddress", "Country") != nil, "the seller's postal address (BG-5) is missing")

        let lineTag = credit ? "CreditNoteLine" : "InvoiceLine"
        let lines = root.all(lineTag)
        require("BR-16", !lines.isEmpty, "an invoice has at least one line (BG-25)")
        var amounts: [Rational] = []
        var lineCategories: [String: Rational] = [:]
        for line in lines {
            let amount = decimal(line, "LineExtensionAmount", &problems)
            amounts.append(amount)
            if let price = line.value("Price", "PriceAmount").flatMap(Rational.init(decimal:)) {
                require("BR-27", !price.isNegative, "line \(line.value("ID") ?? "?") has a negative price \(price)")
            }
            let category = line.at("Item", "ClassifiedTaxCategory")
            let key = "\(category?.value("ID") ?? "?") \(category?.value("Percent") ?? "-")"
            lineCategories[key, default: .zero] += amount
        }
        let lineSum = amounts.reduce(Rational.zero, +)
        let totals = root.child("LegalMonetaryTotal")
        let lineExtension = decimal(totals, "LineExtensionAmount", &problems)
        let taxExclusive = decimal(totals, "TaxExclusiveAmount", &problems)
        let taxInclusive = decimal(totals, "TaxInclusiveAmount", &problems)
        let payable = decimal(totals, "PayableAmount", &problems)
        require("BR-CO-10", lineExtension == lineSum, "the sum of line amounts is \(lineSum), not \(lineExtension) (BT-106)")
        require("BR-CO-13", taxExclusive == lineExtension, "the amount without VAT \(taxExclusive) is not the line sum \(lineExtension) (no allowances or charges)")

        let taxTotals = root.all("TaxTotal")
        require("BR-CO-14", taxTotals.count == 1, "one VAT total (BT-110) is expected, not \(taxTotals.count)")
        let taxTotal = decimal(taxTotals.first, "TaxAmount", &problems)
        let subtotals = taxTotals.first?.all("TaxSubtotal") ?? []
        var breakdownTax = Rational.zero
        var breakdown: [String: Rational] = [:]
        for subtotal in subtotals {
            let taxable = decimal(subtotal, "TaxableAmount", &problems)
            let tax = decimal(subtotal, "TaxAmount", &problems)
            breakdownTax += tax
            let category = subtotal.child("TaxCategory")
            let code = category?.value("ID") ?? "?"
            let percent = category?.value("Percent")
            let key = "\(code) \(percent ?? "-")"
            require("BR-CO-18", breakdown[key] == nil, "the VAT breakdown names category \(key) twice")
            breakdown[key] = taxable
            let rule = "BR-\(code == "AE" ? "AE" : code == "O" ? "O" : "S")-08"
            require(rule, lineCategories[key] == taxable,
                    "the taxable amount of category \(key) is \(taxable), but its lines sum to \(lineCategories[key] ?? .zero)")
            problems += categoryProblems(code: code, percent: percent, tax: tax, taxable: taxable,
                                         reason: category?.value("TaxExemptionReasonCode"), seller: seller, buyer: buyer)
        }
        require("BR-CO-18", !subtotals.isEmpty, "the invoice has no VAT breakdown (BG-23)")
        for key in lineCategories.keys.sorted() where breakdown[key] == nil {
            problems.append("BR-CO-18: the lines of category \(key) have no VAT breakdown")
        }
        require("BR-CO-14", taxTotal == breakdownTax, "the VAT total \(taxTotal) is not the sum of the breakdown \(breakdownTax)")
        require("BR-CO-15", taxInclusive == taxExclusive + taxTotal,
                "the amount with VAT \(taxInclusive) is not \(taxExclusive) + \(taxTotal)")
        require("BR-CO-16", payable == taxInclusive, "the amount due \(payable) is not the amount with VAT \(taxInclusive) (nothing prepaid)")
        problems += decimalProblems(root)
        return problems
    }

    /// BR-AE, BR-O and BR-S: VAT ids, rate, exemption reason and VAT amount of the category used.
    private static func categoryProblems(code: String, percent: String?, tax: Rational, taxable: Rational,
                                         reason: String?, seller: XMLTree?, buyer: XMLTree?) -> [String] {
        var problems: [String] = []
        let sellerVAT = seller?.value("PartyTaxScheme", "CompanyID")
        let buyerVAT = buyer?.value("PartyTaxScheme", "CompanyID")
        switch code {
        case "AE":
            if sellerVAT == nil || buyerVAT == nil { problems.append("BR-AE-02: reverse charge needs the seller's and the buyer's VAT ids") }
            if percent.flatMap(Rational.init(decimal:)) != .zero { problems.append("BR-AE-05: the reverse-charge rate must be 0") }
            if !tax.isZero { problems.append("BR-AE-09: a reverse-charge VAT amount must be 0, not \(tax)") }
            if reason != "VATEX-EU-AE" { problems.append("BR-AE-10: reverse charge needs the exemption reason code VATEX-EU-AE") }
        case "O":
            if sellerVAT != nil || buyerVAT != nil { problems.append("BR-O-02: an invoice outside the scope of VAT carries no VAT ids") }
            if percent != nil { problems.append("BR-O-05: an invoice outside the scope of VAT has no VAT rate") }
            if !tax.isZero { problems.append("BR-O-09: a VAT amount outside the scope of VAT must be 0, not \(tax)") }
            if reason != "VATEX-EU-O" { problems.append("BR-O-10: outside the scope of VAT needs the exemption reason code VATEX-EU-O") }
        case "S":
            if sellerVAT == nil { problems.append("BR-S-02: a standard-rated invoice needs the seller's VAT id") }
            guard let rate = percent.flatMap(Rational.init(decimal:)), rate > .zero else {
                problems.append("BR-S-05: a standard-rated category needs a rate above 0")
                break
            }
            // BR-CO-17 / BR-S-09: the VAT is the taxable amount times the rate, rounded to the cent.
            let exact = taxable * rate / Rational(100)
            let difference = exact - tax
            if (difference.isNegative ? -difference : difference) > Rational(1) / Rational(200) {
                problems.append("BR-CO-17: the VAT of category S \(percent ?? "") is \(tax), but \(taxable) x \(percent ?? "")% rounds to \(exact.decimalText(minimumFractionDigits: 2) ?? "\(exact)")")
            }
        default:
            problems.append("BR-CL-17: VAT category '\(code)' is not one Settle writes")
        }
        return problems
    }

    /// BR-DEC: every amount has at most two decimals.
    private static func decimalProblems(_ node: XMLTree) -> [String] {
        var problems: [String] = []
        if node.attributes["currencyID"] != nil, Rational.fractionDigits(ofDecimal: node.text.trimmingWhitespace()) > 2 {
            problems.append("BR-DEC: the amount \(node.name) \(node.text.trimmingWhitespace()) has more than two decimals")
        }
        for child in node.children { problems += decimalProblems(child) }
        return problems
    }

    private static func decimal(_ node: XMLTree?, _ name: String, _ problems: inout [String]) -> Rational {
        guard let text = node?.value(name), let value = Rational(decimal: text) else {
            problems.append("BR-CO: the amount \(name) is missing or not a decimal")
            return .zero
        }
        return value
    }
}
