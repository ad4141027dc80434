public import SettleCore

/// `settle explain --json` (docs/REFERENCE.md §7): one object
/// `{provider, period, status, currency, lines, balance, unsettled}`. Each line carries the
/// statement line's fields, `exact` (a decimal string, or `"numerator/denominator"` when it has no
/// finite decimal), `rounding`, where its rule is written, its window, and its derivation: `basis`
/// parts for rules over revenue, `hours` and `tiers` for a volume bonus, `limit` for a floor or cap,
/// `adjustment` for a prior-period adjustment. Amounts are strings, never JSON numbers.
public enum ExplanationJSON {
    public static func render(_ explanation: Explanation) -> String {
        let statement = explanation.statement
        let lines = zip(statement.lines, explanation.explained.derivations).map { line, derivation in
            self.line(line, derivation, version: explanation.version(of: line))
        }
        return JSONText.object([
            ("provider", JSONText.string(statement.provider.id)),
            ("period", JSONText.string(statement.period.description)),
            ("status", JSONText.string(explanation.status.rawValue)),
            ("currency", JSONText.string(statement.currency.code)),
            ("lines", JSONText.array(lines, indent: 1)),
            ("balance", balance(explanation)),
            ("unsettled", JSONText.array(UnsettledText.objects(explanation.unsettled.map { (statement.provider.id, $0) }, indent: 2),
                                         indent: 1)),
        ], indent: 0) + "\n"
    }

    static func line(_ line: StatementLine, _ derivation: Derivation, version: ExplainedVersion?) -> String {
        var members: [(String, String)] = [
            ("rule", JSONText.string(line.rule)),
            ("type", JSONText.string(line.type.rawValue)),
            ("contract", JSONText.string(line.contract)),
            ("version", String(line.version)),
            ("role", JSONText.optional(line.role)),
            ("first", JSONText.string(line.first.description)),
            ("last", JSONText.string(line.last.description)),
            ("days", String(derivation.dayCount)),
            ("days_in_month", String(derivation.period.dayCount)),
            ("amount", JSONText.string(line.amount.description)),
            ("exact", JSONText.string(derivation.exact.description)),
            ("rounding", JSONText.string(derivation.rounding.rawValue)),
            ("explanation", JSONText.string(line.explanation)),
            ("file", JSONText.optional(version?.sourceFile)),
            ("file_line", version?.ruleLines[line.rule].map(String.init) ?? "null"),
            ("content_hash", JSONText.optional(version?.contentHash)),
            ("adjusts", JSONText.optional(line.adjusts?.description)),
        ]
        switch derivation.detail {
        case let .revenue(_, _, rate, parts):
            members += [("rate", string(rate)), ("basis_total", string(parts.map(\.converted).sum())),
                        ("basis", JSONText.array(parts.map(basisPart), indent: 3))]
        case let .volumeBonus(_, bonus):
            members += [("mode", JSONText.string(bonus.mode.rawValue)), ("hours_total", string(bonus.totalHours)),
                        ("hours", JSONText.array(bonus.hours.map(gpuHours), indent: 3)),
                        ("hours_excluded", JSONText.array(bonus.excluded.map(gpuHours), indent: 3)),
                        ("tiers", JSONText.array(bonus.tiers.map { tier($0, mode: bonus.mode) }, indent: 3))]
        case let .fixed(_, amount):
            members += [("fixed_amount", string(amount))]
        case let .limit(limit):
            members += [("limit", JSONText.object([
                ("limit", string(limit.limit)),
                ("fraction", string(limit.fraction)),
                ("scaled_limit", string(limit.scaledLimit)),
                ("earnings", JSONText.string(limit.earnings.description)),
                ("windows", JSONText.array(limit.windows.map { window in
                    JSONText.object([("version", String(window.version)), ("first", JSONText.string(window.first.description)),
                                     ("last", JSONText.string(window.last.description)),
                                     ("earnings", JSONText.string(window.earnings.description))], indent: 5)
                }, indent: 4)),
            ], indent: 3))]
        case let .adjustment(origin):
            members += [("adjustment", origin.map { origin in
                JSONText.object([
                    ("adjusts", JSONText.string(origin.corrects.description)),
                    ("settled", JSONText.string(origin.settled.description)),
                    ("already_adjusted", JSONText.string(origin.alreadyAdjusted.description)),
                    ("now", JSONText.string(origin.now.description)),
                    ("cause", JSONText.string(origin.cause)),
                ], indent: 3)
            } ?? "null")]
        case let .vat(vat):
            members += [("rate", string(vat.rate)), ("vat", JSONText.object([
                ("agreement", JSONText.string(vat.agreement)),
                ("invoiced_earnings", JSONText.string(vat.invoiced.description)),
            ], indent: 3))]
        }
        return JSONText.object(members, indent: 2)
    }

    static func basisPart(_ part: BasisPart) -> String {
        JSONText.object([
            ("stream", JSONText.string(part.stream)),
            ("currency", JSONText.optional(part.currency?.code)),
            ("rows", String(part.rows)),
            ("sum", string(part.sum)),
            ("rate", string(part.rate)),
            ("converted", string(part.converted)),
        ], indent: 4)
    }

    static func gpuHours(_ part: VolumeBonusDerivation.GPUHours) -> String {
        JSONText.object([("gpu_type", JSONText.optional(part.gpuType)), ("rows", String(part.rows)),
                         ("hours", string(part.hours))], indent: 4)
    }

    static func tier(_ tier: VolumeBonusDerivation.TierPart, mode: VolumeBonus.Mode) -> String {
        JSONText.object([
            ("from", string(tier.tier.from)),
            ("scaled_from", string(tier.scaledFrom)),
            (mode == .threshold ? "tier_amount" : "per_hour", string(tier.tier.value)),
            ("reached", tier.reached ? "true" : "false"),
            ("hours", string(tier.hours)),
            ("amount", string(tier.amount)),
        ], indent: 4)
    }

    static func balance(_ explanation: Explanation) -> String {
        let statement = explanation.statement
        return JSONText.object([
            ("opening_balance", JSONText.string(statement.openingBalance.description)),
            ("opening_balance_from", JSONText.optional(explanation.openingBalanceFrom?.description)),
            ("earnings", JSONText.string(statement.earnings.description)),
            ("charges", JSONText.string(statement.charges.description)),
            ("vat", JSONText.string(statement.vat.description)),
            ("period_net", JSONText.string(statement.periodNet.description)),
            ("returned", StatementJSON.returned(statement, indent: 2)),
            ("available", JSONText.string(statement.available.description)),
            ("minimum_payout", JSONText.string(explanation.minimumPayout.decimalText(minimumFractionDigits: statement.currency.minorUnitDigits) ?? explanation.minimumPayout.description)),
            ("minimum_payout_applies", explanation.minimumPayoutApplies ? "true" : "false"),
            ("on_hold", statement.onHold ? "true" : "false"),
            ("hold_reason", JSONText.optional(explanation.holdReason)),
            ("payout", JSONText.string(statement.payout.description)),
            ("closing_balance", JSONText.string(statement.closingBalance.description)),
            ("due_date", JSONText.string(statement.dueDate.description)),
        ], indent: 1)
    }

    /// An exact value: decimal text, or `n/d` when it has no finite decimal.
    static func string(_ value: Rational) -> String { JSONText.string(value.description) }
}
