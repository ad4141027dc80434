import ArgumentParser
import Foundation
import SettleCore
import SettleExport
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
        let layout = try template.map(Self.readTemplate) ?? StatementHTML.defaultTemplate()
        let store = try database.openStore()
        guard let status = try store.status(of: period) else {
            throw CommandError("\(period) has not been run; run it with `settle run \(period)` first.")
        }
        let count = try Self.write(store: store, period: period, status: status.statementStatus, out: out, template: layout)
        let draft = status == .closed ? "" : " (a draft: \(period) is not closed yet)"
        print("Wrote \(count) statement\(count == 1 ? "" : "s") for \(period) to \(out)\(draft).")
    }

    /// Renders every statement of the period, then writes each file atomically; returns how many.
    static func readTemplate(_ path: String) throws -> HTMLTemplate {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("Cannot read the statement template \(path); check the path given to --template.")
        }
        do {
            return try StatementHTML.template(text, source: path)
        } catch {
            throw CommandError("The statement template is not usable: \(error)")
        }
    }

    static func write(store: Store, period: Period, status: StatementStatus, out: String, template: HTMLTemplate) throws -> Int {
        let statements = try store.statements(of: period).map(\.statement)
        let contracts = Dictionary(grouping: try store.storedContracts().map(\.contract), by: \.provider.id)
        try OutputPath.folder(out)
        AtomicFile.removeLeftovers(in: out)
        let folder = URL(fileURLWithPath: out)
        let bar = ProgressBar(title: "Writing \(period) statements", plainThreshold: 500)
        defer { bar.finish() }
        // In batches: rendered on every core, then written, so memory stays flat and progress moves.
        for start in stride(from: 0, to: statements.count, by: 100) {
            let batch = Array(statements[start..<min(start + 100, statements.count)])
            let rendered = batch.concurrentMap { statement in
                let id = statement.provider.id
                return [("\(id).json", StatementJSON.render(statement, status: status)),
                        ("\(id).csv", StatementCSV.render(statement, status: status)),
                        ("\(id).html", StatementHTML.render(statement, status: status, contracts: contracts[id] ?? [],
                                                            template: template))]
            }
            for (name, text) in rendered.joined() {
                try AtomicFile.write(text, to: folder.appendingPathComponent(name).path, permissions: 0o644, durable: false)
            }
            bar.update(Int64(start + batch.count), of: Int64(statements.count))
        }
        return statements.count
    }
}
