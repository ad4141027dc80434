public import SettleCore

/// `PROVIDER.html` (docs/REFERENCE.md §5): one self-contained page a provider can read and print, laid out by a
/// template a partner manager can restyle (built in: `Templates/statement.html`).
///
/// A draft says so on every printed page (`{{{draft_mark}}}`) and promises no payment.
public enum StatementHTML {
    /// The names a statement template may use (the README lists them): text, Settle's HTML
    /// fragments (kept for templates written before the sections), yes/no flags and the lists of
    /// lines and benefits.
    static let names: [String: TemplateName] = {
        let text = ["provider", "provider_name", "contract", "period", "period_name", "currency", "due_date", "earnings",
                    "charges", "period_net", "opening_balance", "payout", "payout_label", "closing_balance",
                    "payment_note", "reference", "status"]
        let html = ["lines", "chart", "benefits", "terms", "hold_badge", "draft_mark", "returned", "vat"]
        let flags = ["is_draft", "on_hold", "has_benefits"]
        let lists: [(String, TemplateName)] = [("statement_lines", .list(of: lineNames)), ("benefit_items", .list(of: [".": .text]))]
        return Dictionary(uniqueKeysWithValues: text.map { ($0, .text) } + html.map { ($0, .html) }
                          + flags.map { ($0, .flag) } + lists)
    }()

    /// The names of one of `statement_lines`.
    static let lineNames: [String: TemplateName] = Dictionary(uniqueKeysWithValues:
        ["rule", "role", "type", "version", "days", "explanation", "amount"].map { ($0, .text) }
        + [("derivation", .html)] + ["is_adjustment", "is_negative"].map { ($0, .flag) })

    /// The built-in layout.
    public static func defaultTemplate() -> HTMLTemplate {
        // The built-in template is tested to parse; a failure here is a build defect.
        try! template(BuiltIn.statementTemplate, source: "the built-in statement template")
    }

    /// A restyled layout, its names checked.
    ///
    /// - Throws: `HTMLTemplateError` naming the file, line and the unknown or misused name.
    public static func template(_ text: String, source: String) throws(HTMLTemplateError) -> HTMLTemplate {
        try HTMLTemplate(text, source: source, names: names)
    }

    /// - Parameters:
    ///   - contracts: the contract versions the statement's lines name (for the tiers of the
    ///     compute-hour chart).
    ///   - derivations: each line's derivation (`derivations[i]` explains line i), which the line
    ///     expands into; without them the lines show their explanations only.
    public static func render(_ statement: Statement, status: StatementStatus, contracts: [Contract],
                              derivations: [Derivation]? = nil, template: HTMLTemplate) -> String {
        let reference = PaymentReference.of(statement)
        /// A value only when the template uses it: the lines are laid out once, not twice.
        func ifUsed(_ name: String, _ make: () -> Any) -> Any { template.uses(name) ? make() : "" }
        return template.render([
            "provider": statement.provider.id, "provider_name": statement.provider.name,
            "contract": statement.contract, "period": statement.period.description,
            "period_name": monthName(statement.period), "currency": statement.currency.code,
            "due_date": statement.dueDate.description, "earnings": statement.earnings.grouped,
            "charges": statement.charges.grouped, "period_net": statement.periodNet.grouped,
            "opening_balance": statement.openingBalance.grouped, "payout": statement.payout.grouped,
            "closing_balance": statement.closingBalance.grouped,
            "payment_note": paymentNote(statement, status: status, reference: reference),
            "reference": reference ?? PaymentReference.of(provider: statement.provider.id, period: statement.period),
            "status": status.rawValue,
            "payout_label": status == .draft ? "Payout if closed as it stands (not paid)" : "Paid out",
            "is_draft": status == .draft, "on_hold": statement.onHold, "has_benefits": !statement.benefits.isEmpty,
            "statement_lines": ifUsed("statement_lines") {
                statement.lines.indices.map { lineValues(statement.lines[$0], derivations?[$0], currency: statement.currency) }
            },
            "benefit_items": statement.benefits,
            "lines": ifUsed("lines") { linesFragment(statement, derivations: derivations) },
            "chart": ifUsed("chart") { chartFragment(statement, contracts: contracts) },
            "benefits": ifUsed("benefits") { benefitsFragment(statement.benefits) },
            "terms": ifUsed("terms") { termsFragment(statement, contracts: contracts) },
            "returned": returnedFragment(statement),
            "vat": vatFragment(statement),
            "hold_badge": statement.onHold ? #"<span class="hold">Payouts on hold</span>"# : "",
            "draft_mark": status == .draft ? draftMark(statement.period) : "",
        ])
    }

    /// One of `statement_lines`; a line without a role has none, so `{{#role}}` skips it.
    static func lineValues(_ line: StatementLine, _ derivation: Derivation?, currency: Currency) -> [String: Any] {
        var values: [String: Any] = [
            "rule": line.rule, "type": typeText(line), "version": String(line.version), "days": daysText(line),
            "explanation": line.explanation, "amount": line.amount.grouped,
            "derivation": derivation.map { derivationFragment($0, line: line, currency: currency) } ?? "",
            "is_adjustment": line.adjusts != nil, "is_negative": line.amount.isNegative,
        ]
        if let role = line.role { values["role"] = role }
        return values
    }

    /// `revenue_share`, or for a prior-period adjustment `adjustment (revenue_share, corrects 2026-08)`.
    static func typeText(_ line: StatementLine) -> String {
        line.adjusts.map { "adjustment (\(line.type.rawValue), corrects \($0))" } ?? line.type.rawValue
    }

    /// `2026-09-01 to 2026-09-15`, or one day.
    static func daysText(_ line: StatementLine) -> String {
        line.first == line.last ? "\(line.first)" : "\(line.first) to \(line.last)"
    }

    static func paymentNote(_ statement: Statement, status: StatementStatus, reference: String?) -> String {
        if status == .draft {
            "This is a draft: \(statement.period) is not closed, the amounts may still change, and nothing is paid on a draft."
        } else if let reference {
            "\(statement.payout.grouped) \(statement.currency) will be paid by \(statement.dueDate) with the reference \(reference)."
        } else if statement.onHold {
            "Payouts to you are on hold; the balance is carried forward until the hold is released."
        } else if statement.closingBalance.isNegative {
            "The negative balance is carried forward and recovered from later earnings."
        } else {
            "Nothing is paid this period; the balance is carried forward."
        }
    }

    static func monthName(_ period: Period) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        return "\(names[period.month - 1]) \(period.year)"
    }
}
