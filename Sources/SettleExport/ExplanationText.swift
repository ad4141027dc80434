public import SettleCore

/// `settle explain` as text (docs/REFERENCE.md §7): every line's derivation, then the balance walk
/// and the unsettled data. Every figure is exact; the rounding happens once, on the last line of
/// each derivation.
public enum ExplanationText {
    public static func render(_ explanation: Explanation) -> String {
        let statement = explanation.statement
        let currency = statement.currency
        var out = "\(statement.provider.id) (\(statement.provider.name)), \(statement.period), \(explanation.status.rawValue) statement in \(currency.code)\n"
        for (index, (line, derivation)) in zip(statement.lines, explanation.explained.derivations).enumerated() {
            out += "\n" + self.line(index + 1, line, derivation, version: explanation.version(of: line), currency: currency)
        }
        out += "\n" + balance(explanation)
        out += "\nUnsettled data" + (explanation.unsettled.isEmpty ? ": none.\n"
            : " (counts for nothing):\n" + explanation.unsettled.map { "  " + UnsettledText.sentence($0) }.joined(separator: "\n") + "\n")
        return out
    }

    static func line(_ number: Int, _ line: StatementLine, _ derivation: Derivation, version: ExplainedVersion?,
                     currency: Currency) -> String {
        let role = line.role.map { " (role \($0))" } ?? ""
        var out = "\(number). \(line.rule)\(role), \(line.type.rawValue): \(line.amount.grouped) \(currency.code)\n"
        let source = version.map { version in
            let place = version.ruleLines[line.rule].map { "\(version.sourceFile) line \($0)" } ?? version.sourceFile
            return "\(place), SHA-256 \(version.contentHash.prefix(12))"
        } ?? "not stored"
        out += "   contract \(line.contract) version \(line.version) (\(source))\n"
        let window = "\(derivation.first) to \(derivation.last), \(derivation.dayCount)/\(derivation.period.dayCount) of the month"
        out += (line.adjusts == nil ? "   window " : "   window (in \(derivation.period)) ") + window + "\n"
        out += detail(derivation, currency: currency).map { "   " + $0 + "\n" }.joined()
        let exact = Explain.money(derivation.exact, currency)
        out += "   exact \(exact) (\(derivation.exact)), rounded \(derivation.rounding.rawValue) to \(line.amount.grouped) \(currency.code)\n"
        return out
    }

    static func detail(_ derivation: Derivation, currency: Currency) -> [String] {
        switch derivation.detail {
        case let .revenue(rule, _, rate, parts):
            var rows = ["rule: " + ContractTerms.words(for: rule, currency: currency)]
            let isQuantity = parts.contains { $0.currency == nil }
            if case .perUnit = rule.kind {
                rows.append("quantities:" + (parts.isEmpty ? " no rows" : ""))
            } else {
                rows.append("basis:" + (parts.isEmpty ? " no rows" : ""))
            }
            rows += aligned(parts.map { part in
                let sum = part.currency.map { Explain.money(part.sum, $0) } ?? Explain.number(part.sum)
                return isQuantity ? [part.stream, part.rows.counted("row"), sum]
                    : [part.stream, part.rows.counted("row"), sum, "x", Explain.number(part.rate), "=",
                       Explain.money(part.converted, currency)]
            }, right: [1, 2, 4, 6]).map { "  " + $0 }
            let total = parts.map(\.converted).sum()
            switch rule.kind {
            case .perUnit: rows.append("\(Explain.number(total)) x \(Explain.money(rate, currency))")
            case .discount(_, _, .net): rows.append("-(\(Explain.money(total, currency)) x (1 - \(Explain.number(rate))))")
            default: rows.append("\(Explain.money(total, currency)) x \(Explain.percent(rate))")
            }
            return rows
        case let .volumeBonus(rule, bonus):
            var rows = ["rule: " + ContractTerms.words(for: rule, currency: currency)]
            rows.append("hours: " + (bonus.hours.isEmpty ? "none" : bonus.hours.map(hours).joined(separator: ", ")))
            if !bonus.excluded.isEmpty { rows.append("not counted (gpu_types): " + bonus.excluded.map(hours).joined(separator: ", ")) }
            rows.append("tiers (thresholds x \(derivation.dayCount)/\(derivation.period.dayCount)):")
            rows += aligned(bonus.tiers.map { tier in
                let value = bonus.mode == .threshold ? Explain.money(tier.tier.value, currency)
                    : Explain.money(tier.tier.value, currency) + "/h"
                return ["from \(Explain.number(tier.scaledFrom)) h", value, tier.reached ? "reached" : "not reached",
                        bonus.mode == .threshold ? "" : "\(Explain.number(tier.hours)) h paid", "=",
                        Explain.money(tier.amount, currency)]
            }, right: [1, 3, 5]).map { "  " + $0 }
            return rows
        case let .fixed(_, amount):
            return ["fixed \(Explain.money(amount, currency)) x \(derivation.dayCount)/\(derivation.period.dayCount)"]
        case let .limit(limit):
            var rows = ["\(limit.rule == "limits.floor" ? "floor" : "cap") \(Explain.money(limit.limit, currency)) x \(Explain.number(limit.fraction)) = \(Explain.money(limit.scaledLimit, currency))"]
            rows += limit.windows.map { "version \($0.version), \($0.first) to \($0.last): earnings \($0.earnings.grouped) \(currency.code)" }
            rows.append("against earnings of \(limit.earnings.grouped) \(currency.code)")
            return rows
        case let .adjustment(origin?):
            var rows = ["corrects \(origin.corrects): settled \(origin.settled.grouped) \(currency.code), now \(origin.now.grouped) \(currency.code)"]
            if !origin.alreadyAdjusted.isZero { rows.append("already adjusted \(origin.alreadyAdjusted.grouped) \(currency.code)") }
            rows.append("caused by \(origin.cause)")
            return rows
        case .adjustment(nil):
            return ["carried over from an earlier draft"]
        case let .vat(vat):
            return ["self-billing agreement \(vat.agreement): VAT \(Explain.percent(vat.rate)) is owed to the provider",
                    "invoiced earnings \(vat.invoiced.grouped) \(currency.code) (earnings lines, limits and adjustments included)",
                    "\(Explain.money(vat.invoiced.value, currency)) x \(Explain.percent(vat.rate))"]
        }
    }

    static func hours(_ part: VolumeBonusDerivation.GPUHours) -> String {
        "\(part.gpuType ?? "no GPU type") \(Explain.number(part.hours)) h (\(part.rows.counted("row")))"
    }

    static func balance(_ explanation: Explanation) -> String {
        let s = explanation.statement
        let code = s.currency.code
        func money(_ value: Money) -> String { "\(value.grouped) \(code)" }
        let from = explanation.openingBalanceFrom.map { " (closing balance of \($0))" } ?? " (first period)"
        let minimum = explanation.minimumPayoutApplies
            ? Explain.money(explanation.minimumPayout, s.currency)
            : "does not apply: the provider's last contract ends in \(s.period)"
        var rows = [
            ["opening balance", money(s.openingBalance) + from],
        ]
        rows += s.returned.map { returned in
            ["returned payout", money(returned.amount) + " (payout of \(returned.period), \(returned.endToEndId), "
                + "\(returned.reasonText))"]
        }
        rows += [
            ["earnings", money(s.earnings)],
            ["charges", money(s.charges)],
        ]
        if !s.vat.isZero { rows.append(["VAT", money(s.vat) + " (self-billing, paid with the payout)"]) }
        rows += [
            ["period net", money(s.periodNet)],
            ["available", money(s.available)],
            ["minimum payout", minimum],
        ]
        if s.onHold { rows.append(["on hold", explanation.holdReason ?? "yes"]) }
        rows += [["payout", money(s.payout)], ["closing balance", money(s.closingBalance)], ["due date", s.dueDate.description]]
        return "Balance:\n" + aligned(rows, right: []).map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    /// Columns padded to their widest cell; `right` columns aligned right.
    static func aligned(_ rows: [[String]], right: Set<Int>) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return right.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
