import ArgumentParser
import Foundation
import SettleCore
import SettleExport
import SettleStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the finance summary of a period: report.html, report-providers.csv, report-totals.csv, report-unsettled.csv.",
        discussion: "Example: settle report 2026-10 --out reports/2026-10"
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Option(help: "Folder to write the summary to (created if missing).")
    var out: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore()
        guard let status = try store.status(of: period) else {
            throw CommandError("\(period) has not been run; run it with `settle run \(period)` first.")
        }
        try Self.write(store: store, period: period, status: status.statementStatus, out: out)
        print("Wrote the finance summary of \(period) to \(out) (report.html, report-providers.csv, report-totals.csv, report-unsettled.csv).")
    }

    static func write(store: Store, period: Period, status: StatementStatus, out: String) throws {
        let report = FinanceReport(period: period, status: status, statements: try store.statements(of: period).map(\.statement),
                                   contracts: try store.storedContracts().map(\.contract), unsettled: try store.unsettled(of: period))
        try OutputPath.folder(out)
        AtomicFile.removeLeftovers(in: out)
        let folder = URL(fileURLWithPath: out)
        for (name, text) in [("report.html", report.html), ("report-providers.csv", report.providersCSV),
                             ("report-totals.csv", report.totalsCSV), ("report-unsettled.csv", report.unsettledCSV)] {
            try AtomicFile.write(text, to: folder.appendingPathComponent(name).path, permissions: 0o644, durable: false)
        }
    }
}
