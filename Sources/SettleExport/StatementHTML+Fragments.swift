import SettleCore

/// The HTML that Settle builds itself and a template places with `{{{name}}}`: the compute-hour
/// chart and the draft mark, and the lines and benefits as templates wrote them before sections
/// (`{{#statement_lines}}`, `{{#benefit_items}}`) let a template lay them out itself.
extension StatementHTML {
    /// The rows of the lines table, as the built-in template lays them out; with derivations, each
    /// explanation expands into its line's derivation. Written into one string as it goes: the
    /// lines are most of a page.
    static func linesFragment(_ statement: Statement, derivations: [Derivation]?) -> String {
        var html = ""
        for (index, line) in statement.lines.enumerated() {
            if index > 0 { html += "\n" }
            html += line.adjusts == nil ? "    <tr><td>" : #"    <tr class="adjustment"><td>"#
            html += HTMLText.escape(line.rule + (line.role.map { " · \($0)" } ?? ""))
            html += "</td><td>"
            html += HTMLText.escape(typeText(line))
            html += "</td><td>\(line.version)</td><td class=\"days\">"
            html += daysText(line)
            html += "</td><td>"
            appendExplanationCell(line, derivations?[index], currency: statement.currency, to: &html)
            html += line.amount.isNegative ? #"</td><td class="amount negative">"# : #"</td><td class="amount">"#
            html += line.amount.grouped
            html += "</td></tr>"
        }
        return html
    }

    /// The explanation, expanding (`<details>`, no script) into the derivation when there is one.
    private static func appendExplanationCell(_ line: StatementLine, _ derivation: Derivation?, currency: Currency,
                                              to html: inout String) {
        guard let derivation else { return html += HTMLText.escape(line.explanation) }
        html += "<details><summary>"
        html += HTMLText.escape(line.explanation)
        html += "</summary>"
        appendDerivation(derivation, line: line, currency: currency, to: &html)
        html += "</details>"
    }

    /// One chart per volume bonus line (not its adjustments), with the tiers scaled to its window,
    /// all on one scale so that the windows of an amended month compare at a glance.
    static func chartFragment(_ statement: Statement, contracts: [Contract]) -> String {
        let bars = statement.lines.compactMap { line -> (StatementLine, VolumeBonus, Rational, Rational)? in
            guard line.type == .volumeBonus, line.adjusts == nil, let hours = line.basis,
                  let contract = contracts.first(where: { $0.id == line.contract && $0.version == line.version }),
                  let rule = contract.rules.first(where: { $0.id == line.rule }),
                  case let .volumeBonus(bonus) = rule.kind else { return nil }
            let days = line.last.ordinal - line.first.ordinal + 1
            return (line, bonus, hours, Rational(days, statement.period.dayCount))
        }
        let top = bars.map { _, bonus, hours, fraction in VolumeChart.top(hours: hours, tiers: bonus.tiers, fraction: fraction) }
            .max() ?? .zero
        let charts = bars.map { line, bonus, hours, fraction in
            let days = line.last.ordinal - line.first.ordinal + 1
            let scaled = days == statement.period.dayCount ? "" : ", tiers scaled to \(days)/\(statement.period.dayCount) of the month"
            let caption = "\(line.rule), version \(line.version), \(line.first) to \(line.last) (\(bonus.mode.rawValue)\(scaled))"
            return VolumeChart.svg(hours: hours, tiers: bonus.tiers, mode: bonus.mode, fraction: fraction,
                                   currency: statement.currency, caption: caption, top: top)
        }
        return charts.isEmpty ? "<p>No volume bonus in this period.</p>" : charts.joined(separator: "\n")
    }

    /// The terms a provider checks its payout against, per contract version the statement's lines
    /// come from: payee and account, cap, floor and payment terms (minimum payout, due days).
    static func termsFragment(_ statement: Statement, contracts: [Contract]) -> String {
        var seen: Set<String> = []
        let versions = statement.lines.compactMap { line -> Contract? in
            guard seen.insert("\(line.contract) v\(line.version)").inserted else { return nil }
            return contracts.first { $0.id == line.contract && $0.version == line.version }
        }
        guard !versions.isEmpty else { return "<p>No contract version in this period.</p>" }
        return versions.map { contract in
            let terms = ContractTerms.terms(of: contract)
            let rows = ["payee", "payment", "cap", "floor"].compactMap { name in terms.first { $0.name == name } }
                .map { "  <tr><th>\(HTMLText.escape($0.name))</th><td>\(HTMLText.escape($0.words))</td></tr>" }
            return "<table class=\"terms\">\n  <caption>\(HTMLText.escape(contract.id)), version \(contract.version) "
                + "(from \(contract.effective))</caption>\n" + rows.joined(separator: "\n") + "\n</table>"
        }.joined(separator: "\n")
    }

    /// Rows of the balance walk, one per payout that came back (docs/REFERENCE.md §9), named.
    static func returnedFragment(_ statement: Statement) -> String {
        statement.returned.map { returned in
            let what = "Returned payout of \(returned.period) (\(returned.endToEndId): \(returned.reasonText))"
            return "\n  <tr><td>\(HTMLText.escape(what))</td><td class=\"amount\">\(returned.amount.grouped)</td></tr>"
        }.joined()
    }

    /// The walk's VAT row under a self-billing agreement with a rate; nothing without VAT.
    static func vatFragment(_ statement: Statement) -> String {
        guard let line = statement.lines.first(where: { $0.type == .vat }), let rate = line.rate else { return "" }
        let what = "VAT \(Explain.percent(rate)) on the self-billed invoice, paid with the payout"
        return "\n  <tr><td>\(HTMLText.escape(what))</td><td class=\"amount\">\(statement.vat.grouped)</td></tr>"
    }

    static func benefitsFragment(_ benefits: [String]) -> String {
        benefits.isEmpty ? "<p>None in this contract.</p>"
            : "<ul>\n" + benefits.map { "  <li>\(HTMLText.escape($0))</li>" }.joined(separator: "\n") + "\n</ul>"
    }

    /// A banner at the top and a mark fixed on the page, which Chromium prints on every page.
    static func draftMark(_ period: Period) -> String {
        #"<div class="draft-mark" aria-hidden="true">DRAFT</div>"#
            + #"<p class="draft-banner"><strong>DRAFT</strong> · \#(period) is not closed: these amounts may change and nothing is paid on a draft.</p>"#
    }
}
