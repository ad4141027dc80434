import ArgumentParser
import Foundation
import SettleCore
import SettleExport
import SettleStore

struct StatementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statements",
        abstract: "Write each provider's statement for a period: ID.json, ID.csv and ID.html.",
        discussion: "The same period gives the same bytes. The HTML layout comes from a template you can restyle."
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Option(help: "Folder to write the statements to (created if missing).")
    var out: String

    @Option(help: "HTML template of the statement page.")
    var template = "reports/statement.html"

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        guard let templateText = try? String(contentsOfFile: template, encoding: .utf8) else {
            throw CommandError("Cannot read the statement template \(template); pass --template FILE.")
        }
        let store = try database.openStore()
        guard let status = try store.status(of: period) else {
            throw CommandError("\(period) has not been run; run it with `settle run \(period)` first.")
        }
        let count = try Self.write(store: store, period: period, out: out, template: HTMLTemplate(templateText))
        let draft = status == .closed ? "" : " (a draft: \(period) is not closed yet)"
        print("Wrote \(count) statement\(count == 1 ? "" : "s") for \(period) to \(out)\(draft).")
    }

    /// Renders every statement of the period, then writes each file atomically; returns how many.
    static func write(store: Store, period: Period, out: String, template: HTMLTemplate) throws -> Int {
        let statements = try store.statements(of: period).map(\.statement)
        let contracts = Dictionary(grouping: try store.storedContracts().map(\.contract), by: \.provider.id)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let folder = URL(fileURLWithPath: out)
        let bar = ProgressBar(title: "Writing \(period) statements", plainThreshold: 500)
        defer { bar.finish() }
        // In batches: rendered on every core, then written, so memory stays flat and progress moves.
        for start in stride(from: 0, to: statements.count, by: 100) {
            let batch = Array(statements[start..<min(start + 100, statements.count)])
            let rendered = try batch.concurrentMap { statement in
                let id = statement.provider.id
                return [("\(id).json", StatementJSON.render(statement)), ("\(id).csv", StatementCSV.render(statement)),
                        ("\(id).html", StatementHTML.render(statement, contracts: contracts[id] ?? [], template: template))]
            }
            for (name, text) in rendered.joined() {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
            }
            bar.update(Int64(start + batch.count), of: Int64(statements.count))
        }
        return statements.count
    }
}
