import SettleCore

/// The derivation a statement line expands into (docs/REFERENCE.md §5 and §7), in a `<details>`
/// element: no script. Figures are shown at the currency's precision, each with its exact value
/// beside it where rounding it for reading changed it.
extension StatementHTML {
    static func derivationFragment(_ derivation: Derivation, line: StatementLine, currency: Currency) -> String {
        var parts: [String] = []
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
            parts.append(table(["Stream", "Currency", "Rows", "Sum", "Rate", isQuantity ? "Quantity" : "In \(currency.code)"], rows,
                               numeric: [2, 3, 4, 5]))
            let formula: String
            switch rule.kind {
            case .perUnit: formula = "\(Explain.number(total)) × \(Explain.money(rate, currency))"
            case .discount(_, _, .net): formula = "−(\(Explain.money(total, currency)) × (1 − \(Explain.percent(rate))))"
            default: formula = "\(Explain.money(total, currency)) × \(Explain.percent(rate))"
            }
            parts.append(paragraph(formula))
        case let .volumeBonus(_, bonus):
            let hours = bonus.hours.map { "\($0.gpuType ?? "no GPU type"): \(Explain.number($0.hours)) h (\($0.rows.counted("row")))" }
            parts.append(paragraph("Hours counted: " + (hours.isEmpty ? "none" : hours.joined(separator: "; "))))
            if !bonus.excluded.isEmpty {
                parts.append(paragraph("Not counted (other GPU types): "
                    + bonus.excluded.map { "\($0.gpuType ?? "no GPU type"): \(Explain.number($0.hours)) h" }.joined(separator: "; ")))
            }
            parts.append(table(["Tier from (scaled)", bonus.mode == .threshold ? "Amount" : "Rate", "Reached", "Hours paid", "Amount"],
                               bonus.tiers.map { tier in
                                   [HTMLText.escape("\(Explain.number(tier.scaledFrom)) h"),
                                    HTMLText.escape(Explain.money(tier.tier.value, currency) + (bonus.mode == .threshold ? "" : "/h")),
                                    tier.reached ? "yes" : "no", bonus.mode == .threshold ? "" : HTMLText.escape(Explain.number(tier.hours)),
                                    readable(tier.amount, currency)]
                               }, numeric: [3, 4]))
        case let .fixed(_, amount):
            parts.append(paragraph("\(Explain.money(amount, currency)) × \(derivation.dayCount)/\(derivation.period.dayCount) of the month"))
        case let .limit(limit):
            parts.append(table(["Version", "Days", "Earnings"], limit.windows.map { window in
                [String(window.version), "\(window.first) to \(window.last)", HTMLText.escape(window.earnings.grouped)]
            }, numeric: [2]))
            parts.append(paragraph("\(limit.rule == "limits.floor" ? "Floor" : "Cap") \(Explain.money(limit.limit, currency)) × "
                + "\(Explain.number(limit.fraction)) = \(Explain.money(limit.scaledLimit, currency)), against earnings of "
                + "\(limit.earnings.grouped) \(currency.code)"))
        case let .adjustment(origin?):
            parts.append(paragraph("Corrects \(origin.corrects): settled \(origin.settled.grouped) \(currency.code), now "
                + "\(origin.now.grouped) \(currency.code)"
                + (origin.alreadyAdjusted.isZero ? "" : ", \(origin.alreadyAdjusted.grouped) \(currency.code) already adjusted")
                + "; caused by \(origin.cause)."))
        case .adjustment(nil):
            break
        case let .vat(vat):
            parts.append(paragraph("VAT \(Explain.percent(vat.rate)) under self-billing agreement \(vat.agreement), on the "
                + "invoiced earnings of \(vat.invoiced.grouped) \(currency.code) (limits and adjustments included); "
                + "owed to the provider with its payout."))
        }
        parts.append(paragraph("Exact \(Explain.money(derivation.exact, currency)), rounded \(derivation.rounding.words) to "
            + "\(line.amount.grouped) \(currency.code)."))
        return parts.joined(separator: "\n")
    }

    /// `1,234.57` (the currency's digits), with `≈` and the exact value in a title when it has more.
    static func readable(_ value: Rational, _ currency: Currency) -> String {
        readable(value, digits: currency.minorUnitDigits)
    }

    static func readable(_ value: Rational, digits: Int) -> String {
        let rounded = Rational.format(units: value.rounded(scale: digits, .halfEven), scale: digits, grouped: true)
        guard value.decimalText(minimumFractionDigits: digits, grouped: true) != rounded else { return rounded }
        let exact = value.decimalText(grouped: true) ?? value.description
        return #"<span class="exact" title="exact: \#(HTMLText.escape(exact))">≈ \#(rounded)</span>"#
    }

    private static func paragraph(_ text: String) -> String { "<p>\(HTMLText.escape(text))</p>" }

    private static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        func cells(_ row: [String], tag: String) -> String {
            row.enumerated().map { index, cell in
                "<\(tag)\(numeric.contains(index) ? #" class="amount""# : "")>\(cell)</\(tag)>"
            }.joined()
        }
        return "<table class=\"derivation\"><tr>\(cells(header.map(HTMLText.escape), tag: "th"))</tr>"
            + rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined() + "</table>"
    }
}
