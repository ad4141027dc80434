import ArgumentParser
import SettleCore
import SettleExport
import SettleOperations
import SettleStore

struct StatementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statements",
        abstract: "Write each provider's statement for a period: ID.json, ID.csv and ID.html.",
        discussion: """
            The same period gives the same bytes. A draft (a period not closed) says so in every file. \
            The HTML layout is built in; --template replaces it with a restyled copy.

            Example: settle statements 2026-10 --out statements/2026-10
            """
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Option(help: "Folder to write the statements to (created if missing).")
    var out: String

    @Option(help: "A restyled HTML template of the statement page (default: the built-in one).")
    var template: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let layout = try template.map(StatementFiles.readTemplate) ?? StatementHTML.defaultTemplate()
        let store = try database.openStore()
        guard let status = try store.status(of: period) else {
            throw CommandError("\(period) has not been run; run it with `settle run \(period)` first.")
        }
        let bar = ProgressBar(title: "Writing \(period) statements", plainThreshold: 500)
        let written = try StatementFiles.write(store: store, period: period, status: status.statementStatus, out: out,
                                             template: layout) { done, total in bar.update(Int64(done), of: Int64(total)) }
        bar.finish()
        let draft = status == .closed ? "" : " (a draft: \(period) is not closed yet)"
        let count = written.statements
        print("Wrote \(count) statement\(count == 1 ? "" : "s") for \(period) to \(out)\(draft).")
        if !written.unexplained.isEmpty {
            Terminal.error("Warning: the lines of \(written.unexplained.joinedInWords) do not expand into their derivations: their stored statements differ from a recomputation of what the run read; run `settle verify \(period)`.")
        }
    }
}
