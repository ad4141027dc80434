public import SettleCore

/// `settle preview --json` (docs/REFERENCE.md §8): `{periods, adjustments, totals}`, each statement
/// in the statement JSON's own shape (`StatementJSON`, docs/REFERENCE.md §5), amounts as decimal
/// strings. A proposed statement says `"status": "draft"`: it promises nothing.
public enum ChangePreviewJSON {
    public static func render(_ preview: ContractChangePreview) -> String {
        JSONText.object([
            ("periods", JSONText.array(preview.periods.map(period), indent: 1)),
            ("adjustments", JSONText.array(preview.adjustments.map(adjustment), indent: 1)),
            ("totals", JSONText.array(preview.totals.map { difference($0, withCurrency: true, indent: 2) }, indent: 1)),
        ], indent: 0) + "\n"
    }

    private static func period(_ period: ContractChangePreview.PeriodComparison) -> String {
        JSONText.object([
            ("period", JSONText.string(period.period.description)),
            ("providers", JSONText.array(period.statements.map(comparison), indent: 3)),
        ], indent: 2)
    }

    private static func comparison(_ comparison: StatementComparison) -> String {
        JSONText.object([
            ("provider", JSONText.string(comparison.provider)),
            ("currency", JSONText.string(comparison.currency.code)),
            ("current", comparison.current.map { StatementJSON.object($0, status: comparison.currentStatus ?? .draft, indent: 5) }
                ?? "null"),
            ("proposed", comparison.proposed.map { StatementJSON.object($0, status: .draft, indent: 5) } ?? "null"),
            ("difference", difference(comparison.difference, withCurrency: false, indent: 5)),
        ], indent: 4)
    }

    private static func adjustment(_ adjustment: ContractChangePreview.Adjustment) -> String {
        let line = adjustment.line
        return JSONText.object([
            ("provider", JSONText.string(adjustment.provider)),
            ("adjusts", JSONText.optional(line.adjusts?.description)),
            ("rule", JSONText.string(line.rule)),
            ("type", JSONText.string(line.type.rawValue)),
            ("version", String(line.version)),
            ("role", JSONText.optional(line.role)),
            ("amount", JSONText.string(line.amount.description)),
        ], indent: 2)
    }

    private static func difference(_ difference: NetDifference, withCurrency: Bool, indent: Int) -> String {
        JSONText.object((withCurrency ? [("currency", JSONText.string(difference.currency.code))] : []) + [
            ("earnings", JSONText.string(difference.earnings.description)),
            ("charges", JSONText.string(difference.charges.description)),
            ("period_net", JSONText.string(difference.periodNet.description)),
        ], indent: indent)
    }
}
