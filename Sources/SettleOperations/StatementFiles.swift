import Foundation
public import SettleCore
public import SettleExport
public import SettleStore
import SettleMonthEnd

/// `settle statements`: each provider's statement of a period as ID.json, ID.csv and ID.html.
public enum StatementFiles {
    /// A restyled statement template read from `path`, its names checked.
    public static func readTemplate(_ path: String) throws -> HTMLTemplate {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let why = FileManager.default.isReadableFile(atPath: path) ? " (it is not UTF-8 text)" : ""
            throw OperationError("Cannot read the statement template \(path)\(why); check the path given to --template.")
        }
        do {
            return try StatementHTML.template(text, source: path)
        } catch {
            throw OperationError("The statement template is not usable: \(error)")
        }
    }

    /// What `write` wrote.
    public struct Written: Sendable {
        public let statements: Int
        /// Providers whose stored statement differs from a recomputation of what its run read:
        /// their HTML lines do not expand into derivations (`settle verify` says why).
        public let unexplained: [String]
    }

    /// Renders every statement of the period, each HTML line expanding into its derivation
    /// (docs/REFERENCE.md §7), then writes each file atomically.
    ///
    /// - Parameter progress: told the statements written so far and the total, after each batch.
    public static func write(store: Store, period: Period, status: StatementStatus, out: String, template: HTMLTemplate,
                             progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> Written {
        let statements = try store.statements(of: period).map(\.statement)
        let derivations = try MonthEnd(store: store).derivations(of: period)
        let contracts = Dictionary(grouping: try store.storedContracts().map(\.contract), by: \.provider.id)
        try OutputPath.folder(out)
        AtomicFile.removeLeftovers(in: out)
        let folder = URL(fileURLWithPath: out)
        // In batches: rendered on every core, then written, so memory stays flat and progress moves.
        for start in stride(from: 0, to: statements.count, by: 100) {
            let batch = Array(statements[start..<min(start + 100, statements.count)])
            let rendered = batch.concurrentMap { statement in
                let id = statement.provider.id
                return [("\(id).json", StatementJSON.render(statement, status: status)),
                        ("\(id).csv", StatementCSV.render(statement, status: status)),
                        ("\(id).html", StatementHTML.render(statement, status: status, contracts: contracts[id] ?? [],
                                                            derivations: derivations.byProvider[id], template: template))]
            }
            for (name, text) in rendered.joined() {
                try AtomicFile.write(text, to: folder.appendingPathComponent(name).path, permissions: 0o644, durable: false)
            }
            progress(start + batch.count, statements.count)
        }
        return Written(statements: statements.count, unexplained: derivations.unexplained)
    }
}
