import SettleCore

/// The derivation a statement line expands into (docs/REFERENCE.md §5 and §7), in a `<details>`
/// element: no script. Figures are shown at the currency's precision, each with its exact value
/// beside it where rounding it for reading changed it.
extension StatementHTML {
    static func derivationFragment(_ derivation: Derivation, line: StatementLine, currency: Currency) -> String {
        var html = ""
        appendDerivation(derivation, line: line, currency: currency, to: &html)
        return html
    }

    /// `derivationFragment` appended to `html`: its paragraphs and tables, one a line, written
    /// into the page as they are made. A string per part, row and cell, joined, was a fifth of
    /// writing 20,000 statements (issue 19).
    static func appendDerivation(_ derivation: Derivation, line: StatementLine, currency: Currency, to html: inout String) {
        var parts = Parts(html: html)
        html = ""
        defer { html = parts.html }
        switch derivation.detail {
        case let .revenue(rule, _, rate, basis):
            let isQuantity: Bool
            if case .perUnit = rule.kind { isQuantity = true } else { isQuantity = false }
            var rows = basis.map { part in
                [HTMLText.escape(part.stream), part.currency?.code ?? "", part.rows.grouped,
                 part.currency.map { readable(part.sum, $0) } ?? readable(part.sum, digits: 0),
                 isQuantity ? "" : HTMLText.escape(Explain.number(part.rate)),
                 isQuantity ? readable(part.converted, digits: 0) : readable(part.converted, currency)]
            }
            let total = basis.map(\.converted).sum()
            rows.append(["Basis", "", basis.map(\.rows).reduce(0, +).grouped, "", "",
                         isQuantity ? readable(total, digits: 0) : readable(total, currency)])
            parts.table(["Stream", "Currency", "Rows", "Sum", "Rate", isQuantity ? "Quantity" : "In \(currency.code)"], rows,
                        amountsFrom: 2)
            let formula: String
            switch rule.kind {
            case .perUnit: formula = "\(Explain.number(total)) × \(Explain.money(rate, currency))"
            case .discount(_, _, .net): formula = "−(\(Explain.money(total, currency)) × (1 − \(Explain.percent(rate))))"
            default: formula = "\(Explain.money(total, currency)) × \(Explain.percent(rate))"
            }
            parts.paragraph(formula)
        case let .volumeBonus(_, bonus):
            let hours = bonus.hours.map { "\($0.gpuType ?? "no GPU type"): \(Explain.number($0.hours)) h (\($0.rows.counted("row")))" }
            parts.paragraph("Hours counted: " + (hours.isEmpty ? "none" : hours.joined(separator: "; ")))
            if !bonus.excluded.isEmpty {
                parts.paragraph("Not counted (other GPU types): "
                    + bonus.excluded.map { "\($0.gpuType ?? "no GPU type"): \(Explain.number($0.hours)) h" }.joined(separator: "; "))
            }
            parts.table(["Tier from (scaled)", bonus.mode == .threshold ? "Amount" : "Rate", "Reached", "Hours paid", "Amount"],
                        bonus.tiers.map { tier in
                            [HTMLText.escape("\(Explain.number(tier.scaledFrom)) h"),
                             HTMLText.escape(Explain.money(tier.tier.value, currency) + (bonus.mode == .threshold ? "" : "/h")),
                             tier.reached ? "yes" : "no", bonus.mode == .threshold ? "" : HTMLText.escape(Explain.number(tier.hours)),
                             readable(tier.amount, currency)]
                        }, amountsFrom: 3)
        case let .fixed(_, amount):
            parts.paragraph("\(Explain.money(amount, currency)) × \(derivation.dayCount)/\(derivation.period.dayCount) of the month")
        case let .limit(limit):
            parts.table(["Version", "Days", "Earnings"], limit.windows.map { window in
                [String(window.version), "\(window.first) to \(window.last)", HTMLText.escape(window.earnings.grouped)]
            }, amountsFrom: 2)
            parts.paragraph("\(limit.rule == "limits.floor" ? "Floor" : "Cap") \(Explain.money(limit.limit, currency)) × "
                + "\(Explain.number(limit.fraction)) = \(Explain.money(limit.scaledLimit, currency)), against earnings of "
                + "\(limit.earnings.grouped) \(currency.code)")
        case let .adjustment(origin?):
            parts.paragraph("Corrects \(origin.corrects): settled \(origin.settled.grouped) \(currency.code), now "
                + "\(origin.now.grouped) \(currency.code)"
                + (origin.alreadyAdjusted.isZero ? "" : ", \(origin.alreadyAdjusted.grouped) \(currency.code) already adjusted")
                + "; caused by \(origin.cause).")
        case .adjustment(nil):
            break
        case let .vat(vat):
            parts.paragraph("VAT \(Explain.percent(vat.rate)) under self-billing agreement \(vat.agreement), on the "
                + "invoiced earnings of \(vat.invoiced.grouped) \(currency.code) (limits and adjustments included); "
                + "owed to the provider with its payout.")
        }
        parts.paragraph("Exact \(Explain.money(derivation.exact, currency)), rounded \(derivation.rounding.words) to "
            + "\(line.amount.grouped) \(currency.code).")
    }

    /// `1,234.57` (the currency's digits), with `≈` and the exact value in a title when it has more.
    static func readable(_ value: Rational, _ currency: Currency) -> String {
        readable(value, digits: currency.minorUnitDigits)
    }

    static func readable(_ value: Rational, digits: Int) -> String {
        // The exact text has at least `digits` decimals: with exactly that many, rounding leaves it as it is.
        let exact = value.decimalText(minimumFractionDigits: digits, grouped: true)
        if let exact, fractionDigits(exact) == digits { return exact }
        let rounded = value.roundedText(scale: digits, .halfEven, grouped: true)
        return #"<span class="exact" title="exact: \#(HTMLText.escape(exact ?? value.description))">≈ \#(rounded)</span>"#
    }

    /// The digits after the point of decimal text: 2 in `1,234.50`.
    private static func fractionDigits(_ text: String) -> Int {
        guard let point = text.utf8.lastIndex(of: UInt8(ascii: ".")) else { return 0 }
        return text.utf8.distance(from: point, to: text.utf8.endIndex) - 1
    }

    /// A derivation's paragraphs and tables, one a line, appended to the page.
    private struct Parts {
        var html: String
        private var isFirst = true

        init(html: String) { self.html = html }

        mutating func paragraph(_ text: String) {
            startPart()
            html += "<p>"
            html += HTMLText.escape(text)
            html += "</p>"
        }

        /// The cells of `rows` are HTML already; the columns from `amountsFrom` on are amounts.
        mutating func table(_ header: [String], _ rows: [[String]], amountsFrom: Int) {
            startPart()
            html += #"<table class="derivation"><tr>"#
            cells(header.map(HTMLText.escape), tag: "th", amountsFrom: amountsFrom)
            html += "</tr>"
            for row in rows {
                html += "<tr>"
                cells(row, tag: "td", amountsFrom: amountsFrom)
                html += "</tr>"
            }
            html += "</table>"
        }

        private mutating func cells(_ row: [String], tag: String, amountsFrom: Int) {
            for (index, cell) in row.enumerated() {
                html += "<"
                html += tag
                if index >= amountsFrom { html += #" class="amount""# }
                html += ">"
                html += cell
                html += "</"
                html += tag
                html += ">"
            }
        }

        private mutating func startPart() {
            if isFirst { isFirst = false } else { html += "\n" }
        }
    }
}
