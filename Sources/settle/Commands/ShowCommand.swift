import ArgumentParser
import Foundation
import SettleCore
import SettleExport
import SettleStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Review a computed period: totals per provider, or one provider's lines.",
        discussion: "Example: settle show 2026-10 --provider acme-cloud"
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Option(help: "Show this provider's lines with their explanations.")
    var provider: String?

    @Flag(help: "List the period's facts that count for nothing, per provider and reason.")
    var unsettled = false

    @Flag(help: "Print the stored statements (or, with --unsettled, the unsettled data) as JSON.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore()
        guard let status = try store.status(of: period) else {
            throw CommandError("\(period) has not been run; run it with `settle run \(period)` first.")
        }
        if unsettled { return try showUnsettled(store: store, status: status.statementStatus) }
        var statements = try store.statements(of: period)
        if let provider {
            statements = statements.filter { $0.statement.provider.id == provider }
            guard !statements.isEmpty else { throw CommandError("\(period) has no statement for provider '\(provider)'.") }
        }
        if json {
            // The statement JSON's own shape (docs/REFERENCE.md §5): an array, or one object with --provider.
            let shown = statements.map(\.statement)
            let status = status.statementStatus
            print(provider == nil ? StatementJSON.render(shown, status: status) : StatementJSON.render(shown[0], status: status),
                  terminator: "")
            return
        }
        print("\(period) (\(status.statementStatus.rawValue))")
        if provider == nil {
            print(StatementTable.summary(statements.map(\.statement)))
        } else {
            for statement in statements.map(\.statement) { print(StatementTable.lines(statement)) }
        }
    }
}

extension ShowCommand {
    /// `--unsettled`: one row per provider, reason, subject and currency.
    func showUnsettled(store: Store, status: StatementStatus) throws {
        let items = try store.unsettled(of: period).filter { provider == nil || $0.provider == provider }
        if json {
            print(UnsettledText.json(items), terminator: "")
            return
        }
        print("\(period) (\(status.rawValue)): " + UnsettledText.summary(period, items).replacingOccurrences(
            of: " See `settle show \(period) --unsettled`.", with: ""))
        guard !items.isEmpty else { return }
        print(StatementTable.table([UnsettledText.header] + UnsettledText.rows(items, grouped: true), rightAligned: [4, 5, 6, 7]))
    }
}

/// Plain-text tables for the terminal.
enum StatementTable {
    static func summary(_ statements: [Statement]) -> String {
        let header = ["provider", "cur", "earnings", "charges", "net", "opening", "payout", "closing", "hold"]
        let rows = statements.map { s in
            [s.provider.id, s.currency.code, s.earnings.grouped, s.charges.grouped, s.periodNet.grouped,
             s.openingBalance.grouped, s.payout.grouped, s.closingBalance.grouped, s.onHold ? "on hold" : ""]
        }
        return table([header] + rows, rightAligned: Set(2...7))
    }

    static func lines(_ s: Statement) -> String {
        var text = "\(s.provider.name) (\(s.provider.id)), contract \(s.contract), \(s.currency.code)\n"
        text += table([["rule", "type", "v", "role", "amount", "explanation"]] + s.lines.map { line in
            [line.rule, line.type.rawValue, String(line.version), line.role ?? "", line.amount.grouped, line.explanation]
        }, rightAligned: [4])
        text += "\nearnings \(s.earnings.grouped), charges \(s.charges.grouped), net \(s.periodNet.grouped); "
            + "opening \(s.openingBalance.grouped), payout \(s.payout.grouped), closing \(s.closingBalance.grouped)"
            + (s.onHold ? " (on hold)" : "") + "; due \(s.dueDate)"
        return text
    }

    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        TextTable.render(rows, rightAligned: rightAligned)
    }
}
