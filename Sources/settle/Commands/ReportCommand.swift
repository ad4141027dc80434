import ArgumentParser
import SettleCore
import SettleOperations
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
        try FinanceReportFiles.write(store: store, period: period, status: status.statementStatus, out: out)
        print("Wrote the finance summary of \(period) to \(out) (\(FinanceReportFiles.names.joined(separator: ", "))).")
    }
}
