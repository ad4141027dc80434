public import SettleCore

/// `PROVIDER.html` (SPEC §5): one self-contained page a provider can read and print, laid out by a
/// template a partner manager can restyle (built in: `Templates/statement.html`).
///
/// A draft says so on every printed page (`{{{draft_mark}}}`) and promises no payment.
public enum StatementHTML {
    /// The placeholders a statement template may use, as `{{name}}` and `{{{name}}}`.
    static let textNames: Set<String> = [
        "provider", "provider_name", "contract", "period", "period_name", "currency", "due_date", "earnings",
        "charges", "period_net", "opening_balance", "payout", "payout_label", "closing_balance", "payment_note",
        "reference", "status",
    ]
    static let htmlNames: Set<String> = ["lines", "chart", "benefits", "hold_badge", "draft_mark"]

    /// The built-in layout.
    public static func defaultTemplate() -> HTMLTemplate {
        // The built-in template is tested to parse; a failure here is a build defect.
        try! template(BuiltIn.statementTemplate, source: "the built-in statement template")
    }

    /// A restyled layout, its placeholders checked.
    ///
    /// - Throws: `HTMLTemplateError` naming the file, line and the unknown placeholder.
    public static func template(_ text: String, source: String) throws(HTMLTemplateError) -> HTMLTemplate {
        try HTMLTemplate(text, source: source, textNames: textNames, htmlNames: htmlNames)
    }

    /// - Parameter contracts: the contract versions the statement's lines name (for the tiers of
    ///   the compute-hour chart).
    public static func render(_ statement: Statement, status: StatementStatus, contracts: [Contract],
                              template: HTMLTemplate) -> String {
        let currency = statement.currency
        let lines = statement.lines.map { line -> String in
            let type = line.adjusts.map { "adjustment (\(line.type.rawValue), corrects \($0))" } ?? line.type.rawValue
            let role = line.role.map { " · \($0)" } ?? ""
            let negative = line.amount.isNegative ? " negative" : ""
            let days = line.first == line.last ? "\(line.first)" : "\(line.first) to \(line.last)"
            return "    <tr\(line.adjusts == nil ? "" : #" class="adjustment""#)><td>\(HTMLText.escape(line.rule + role))</td>"
                + "<td>\(HTMLText.escape(type))</td><td>\(line.version)</td><td class=\"days\">\(days)</td>"
                + "<td>\(HTMLText.escape(line.explanation))</td>"
                + #"<td class="amount\#(negative)">\#(line.amount.grouped)</td></tr>"#
        }.joined(separator: "\n")
        let charts = statement.lines.compactMap { line -> String? in
            guard line.type == .volumeBonus, line.adjusts == nil, let hours = line.basis,
                  let contract = contracts.first(where: { $0.id == line.contract && $0.version == line.version }),
                  let rule = contract.rules.first(where: { $0.id == line.rule }),
                  case let .volumeBonus(bonus) = rule.kind else { return nil }
            let days = line.last.ordinal - line.first.ordinal + 1
            let fraction = Rational(days, statement.period.dayCount)
            let scaled = days == statement.period.dayCount ? "" : ", tiers scaled to \(days)/\(statement.period.dayCount) of the month"
            let caption = "\(line.rule), version \(line.version), \(line.first) to \(line.last) (\(bonus.mode.rawValue)\(scaled))"
            return VolumeChart.svg(hours: hours, tiers: bonus.tiers, mode: bonus.mode, fraction: fraction,
                                   currency: currency, caption: caption)
        }
        let benefits = statement.benefits.isEmpty ? "<p>None in this contract.</p>"
            : "<ul>\n" + statement.benefits.map { "  <li>\(HTMLText.escape($0))</li>" }.joined(separator: "\n") + "\n</ul>"
        let reference = PaymentReference.of(statement)
        let note: String
        if status == .draft {
            note = "This is a draft: \(statement.period) is not closed, the amounts may still change, and nothing is paid on a draft."
        } else if let reference {
            note = "\(statement.payout.grouped) \(currency) will be paid by \(statement.dueDate) with the reference \(reference)."
        } else if statement.onHold {
            note = "Payouts to you are on hold; the balance is carried forward until the hold is released."
        } else if statement.closingBalance.isNegative {
            note = "The negative balance is carried forward and recovered from later earnings."
        } else {
            note = "Nothing is paid this period; the balance is carried forward."
        }
        let text: [String: String] = [
            "provider": statement.provider.id, "provider_name": statement.provider.name,
            "contract": statement.contract, "period": statement.period.description,
            "period_name": monthName(statement.period), "currency": currency.code,
            "due_date": statement.dueDate.description, "earnings": statement.earnings.grouped,
            "charges": statement.charges.grouped, "period_net": statement.periodNet.grouped,
            "opening_balance": statement.openingBalance.grouped, "payout": statement.payout.grouped,
            "closing_balance": statement.closingBalance.grouped, "payment_note": note,
            "reference": reference ?? PaymentReference.of(provider: statement.provider.id, period: statement.period),
            "status": status.rawValue,
            "payout_label": status == .draft ? "Payout if closed as it stands (not paid)" : "Paid out",
        ]
        let html: [String: String] = [
            "lines": lines,
            "chart": charts.isEmpty ? "<p>No volume bonus in this period.</p>" : charts.joined(separator: "\n"),
            "benefits": benefits,
            "hold_badge": statement.onHold ? #"<span class="hold">Payouts on hold</span>"# : "",
            "draft_mark": status == .draft ? draftMark(statement.period) : "",
        ]
        return template.render(text: text, html: html)
    }

    /// A banner at the top and a mark fixed on the page, which Chromium prints on every page.
    static func draftMark(_ period: Period) -> String {
        #"<div class="draft-mark" aria-hidden="true">DRAFT</div>"#
            + #"<p class="draft-banner"><strong>DRAFT</strong> · \#(period) is not closed: these amounts may change and nothing is paid on a draft.</p>"#
    }

    static func monthName(_ period: Period) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        return "\(names[period.month - 1]) \(period.year)"
    }
}
