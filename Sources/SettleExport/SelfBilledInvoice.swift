public import SettleCore

/// One self-billed invoice or credit note as values (docs/REFERENCE.md §10): the provider's
/// earnings lines of one closed period, under its self-billing agreement.
///
/// On a credit note every amount is negated: UBL credits positive amounts.
public struct SelfBilledInvoice: Sendable, Hashable {
    public let number: String
    public let issueDate: Day
    public let type: UBLDocumentType
    public let statement: Statement
    public let agreement: SelfBilling
    public let payer: Payer
    public let lines: [Line]
    /// The sum of the lines: the taxable amount of the one VAT category.
    public let taxable: Money
    /// VAT at the agreement's rate, rounded once with the contract's rounding; zero otherwise.
    public let vat: Money

    public struct Line: Sendable, Hashable {
        /// The rule (`api-share`, `limits.cap`), with its role and the period an adjustment corrects.
        public let name: String
        public let explanation: String
        /// As on the document: on a credit note, the statement line's amount negated.
        public let amount: Money
        public let first: Day
        public let last: Day
    }

    public var total: Money { taxable + vat }

    /// - Returns: `nil` when the period's earnings total zero (no document is issued).
    public static func make(statement: Statement, agreement: SelfBilling, rounding: RoundingMode, payer: Payer,
                            number: String, issueDate: Day) -> SelfBilledInvoice? {
        let earnings = statement.lines.filter { $0.isEarning && !$0.amount.isZero }
        let sum = Self.earnings(of: statement)
        guard !sum.isZero else { return nil }
        let credit = sum.isNegative
        let lines = earnings.map { line in
            Line(name: line.rule + (line.role.map { " (\($0))" } ?? "") + (line.adjusts.map { ", adjusts \($0)" } ?? ""),
                 explanation: line.explanation, amount: credit ? -line.amount : line.amount,
                 first: line.first, last: line.last)
        }
        let taxable = credit ? -sum : sum
        let vat = agreement.vat(on: taxable, rounding: rounding) ?? .zero(statement.currency)
        return SelfBilledInvoice(number: number, issueDate: issueDate, type: credit ? .creditNote : .invoice,
                                 statement: statement, agreement: agreement, payer: payer, lines: lines,
                                 taxable: taxable, vat: vat)
    }

    /// The earnings a period's invoice would cover, signed as on the statement (zero: no invoice).
    public static func earnings(of statement: Statement) -> Money {
        statement.lines.filter(\.isEarning).map(\.amount).sum(in: statement.currency)
    }

    /// The VAT category code of EN 16931 (UNTDID 5305): `AE`, `O` or `S`.
    public var category: String {
        switch agreement.vat {
        case .reverseCharge: "AE"
        case .outsideScope: "O"
        case .rate: "S"
        }
    }

    /// The UNTDID 1001 type code: 389 self-billed invoice, 261 self-billed credit note.
    public var typeCode: String { type == .invoice ? "389" : "261" }
}
