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
    /// (docs/REFERENCE.md §7), then writes each file atomically. Statements come in batches
    /// (`MonthEnd.derivationBatch` providers); a batch is rendered and written on every core while
    /// the next one is read, so at most two are held and memory stays flat however many providers
    /// there are.
    ///
    /// - Parameter progress: told the statements written so far and the total, as each batch is written.
    public static func write(store: Store, period: Period, status: StatementStatus, out: String, template: HTMLTemplate,
                             progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> Written {
        // The folder is made once the first batch is read: a period that cannot be read (a shard
        // down) leaves nothing behind.
        var folderReady = false
        func makeFolder() throws {
            guard !folderReady else { return }
            try OutputPath.folder(out)
            AtomicFile.removeLeftovers(in: out)
            folderReady = true
        }
        var (done, statements) = (0, 0)
        let writing = BackgroundJob<Int>()
        // Whatever ends the reading, the batch being written is finished before this returns.
        defer { _ = try? writing.wait() }
        let unexplained = try MonthEnd(store: store).derivedStatements(of: period) { batch, total in
            statements = total
            try makeFolder()
            let written = try writing.wait() ?? 0
            done += written
            if written > 0 { progress(done, total) }
            writing.start {
                _ = try batch.concurrentMap { try write($0, status: status, out: out, template: template) }
                return batch.count
            }
        }
        try makeFolder()
        let written = try writing.wait() ?? 0
        done += written
        if written > 0 { progress(done, statements) }
        return Written(statements: done, unexplained: unexplained)
    }

    /// One provider's ID.json, ID.csv and ID.html, each rendered just before it is written.
    private static func write(_ derived: DerivedStatement, status: StatementStatus, out: String, template: HTMLTemplate) throws {
        let statement = derived.statement
        let path = "\(out)/\(statement.provider.id)"
        try AtomicFile.write(StatementJSON.render(statement, status: status), to: path + ".json", permissions: 0o644, durable: false)
        try AtomicFile.write(StatementCSV.render(statement, status: status), to: path + ".csv", permissions: 0o644, durable: false)
        try AtomicFile.write(StatementHTML.render(statement, status: status, contracts: derived.contracts,
                                                  derivations: derived.derivations, template: template),
                             to: path + ".html", permissions: 0o644, durable: false)
    }
}
