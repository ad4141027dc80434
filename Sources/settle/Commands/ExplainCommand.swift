import ArgumentParser
import Foundation
import SettleContracts
import SettleCore
import SettleExport
import SettleMonthEnd
import SettleStore

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how each amount of a provider's statement came about, line by line.",
        discussion: """
            A closed period explains what was settled: the statement is recomputed from exactly what its run read.
            With --rule and --rows, writes the rows behind that rule's lines as CSV.

            Examples:
              settle explain 2026-10 acme-cloud
              settle explain 2026-10 acme-cloud --rule api-share --json
              settle explain 2026-10 acme-cloud --rule api-share --rows > api-share-rows.csv
            """
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Argument(help: "Provider id.")
    var provider: String

    @Option(help: "Only this rule's lines.")
    var rule: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "With --rule: write the rows behind its lines as CSV on standard output.")
    var rows = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if rows && rule == nil { throw ValidationError("--rows needs --rule: name the rule whose rows to write.") }
        if rows && json { throw ValidationError("--rows writes CSV; leave out --json.") }
    }

    func run() throws {
        let monthEnd = MonthEnd(store: try database.openStore())
        if rows, let rule { return try writeRows(monthEnd, rule: rule) }
        var explanation = try monthEnd.explain(period, provider: provider, ruleLines: RuleLocations.lines(in:))
        if let rule {
            guard let only = explanation.only(rule: rule) else {
                throw CommandError("\(provider)'s statement for \(period) has no line of rule '\(rule)'; its rules are \(explanation.statement.lines.map(\.rule).uniqued.joinedInWords).")
            }
            explanation = only
        }
        print(json ? ExplanationJSON.render(explanation) : ExplanationText.render(explanation), terminator: "")
    }

    /// The rows stream from PostgreSQL to standard output through a 64 KiB buffer: constant memory
    /// for any number of rows.
    private func writeRows(_ monthEnd: MonthEnd, rule: String) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        func flush() {
            FileHandle.standardOutput.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }
        try monthEnd.copyRows(of: rule, period: period, provider: provider, header: { columns in
            buffer += Array((columns.joined(separator: ",") + "\n").utf8)
        }, to: { bytes in
            buffer += bytes
            if buffer.count >= 1 << 16 { flush() }
        })
        flush()
    }
}
