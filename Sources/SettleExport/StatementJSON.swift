public import SettleCore

/// `PROVIDER.json` (docs/REFERENCE.md §5): the statement as a provider's systems read it.
///
/// Keys come in the order of docs/REFERENCE.md §5; amounts are strings with exactly the currency's minor-unit
/// digits (never JSON numbers); `basis` and `rate` are exact decimal strings or null. `status` says
/// whether the statement is a draft; each line carries its window's days (`first`, `last`) and
/// `adjusts`, the period a prior-period adjustment corrects, else null.
public enum StatementJSON {
    public static func render(_ statement: Statement, status: StatementStatus) -> String {
        object(statement, status: status, indent: 0) + "\n"
    }

    /// Several statements as one JSON array (`settle show --json`), each the same object as a file.
    public static func render(_ statements: [Statement], status: StatementStatus) -> String {
        JSONText.array(statements.map { object($0, status: status, indent: 1) }, indent: 0) + "\n"
    }

    static func object(_ statement: Statement, status: StatementStatus, indent: Int) -> String {
        let lines = statement.lines.map { line in
            JSONText.object([
                ("rule", JSONText.string(line.rule)),
                ("type", JSONText.string(line.type.rawValue)),
                ("version", String(line.version)),
                ("role", JSONText.optional(line.role)),
                ("basis", JSONText.optional(line.basis.map(exact))),
                ("rate", JSONText.optional(line.rate.map(exact))),
                ("amount", JSONText.string(line.amount.description)),
                ("explanation", JSONText.string(line.explanation)),
                ("first", JSONText.string(line.first.description)),
                ("last", JSONText.string(line.last.description)),
                ("adjusts", JSONText.optional(line.adjusts?.description)),
            ], indent: indent + 2)
        }
        return JSONText.object([
            ("provider", JSONText.string(statement.provider.id)),
            ("contract", JSONText.string(statement.contract)),
            ("period", JSONText.string(statement.period.description)),
            ("status", JSONText.string(status.rawValue)),
            ("currency", JSONText.string(statement.currency.code)),
            ("lines", JSONText.array(lines, indent: indent + 1)),
            ("earnings", JSONText.string(statement.earnings.description)),
            ("charges", JSONText.string(statement.charges.description)),
            ("period_net", JSONText.string(statement.periodNet.description)),
            ("opening_balance", JSONText.string(statement.openingBalance.description)),
            ("returned", returned(statement, indent: indent + 1)),
            ("payout", JSONText.string(statement.payout.description)),
            ("closing_balance", JSONText.string(statement.closingBalance.description)),
            ("due_date", JSONText.string(statement.dueDate.description)),
            ("on_hold", statement.onHold ? "true" : "false"),
            ("benefits", JSONText.array(statement.benefits.map(JSONText.string), indent: indent + 1)),
            ("payment_reference", JSONText.optional(PaymentReference.of(statement))),
        ], indent: indent)
    }

    /// The payouts owed again (docs/REFERENCE.md §9): `[{period, end_to_end_id, amount, reason_code, reason}]`.
    static func returned(_ statement: Statement, indent: Int) -> String {
        JSONText.array(statement.returned.map { returned in
            JSONText.object([
                ("period", JSONText.string(returned.period.description)),
                ("end_to_end_id", JSONText.string(returned.endToEndId)),
                ("amount", JSONText.string(returned.amount.description)),
                ("reason_code", JSONText.string(returned.reasonCode)),
                ("reason", JSONText.string(returned.reason)),
            ], indent: indent + 1)
        }, indent: indent)
    }

    /// Exact decimal text; a value without one (never produced by the engine) as `n/d`.
    static func exact(_ value: Rational) -> String { value.description }
}
