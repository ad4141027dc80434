import Foundation
public import SettleCore
import SettleExport
public import SettleStore

/// `settle report`: the finance summary of a period.
public enum FinanceReportFiles {
    public static let names = ["report.html", "report-providers.csv", "report-totals.csv", "report-unsettled.csv"]

    /// Writes the four files of the summary into the folder `out`, each atomically.
    public static func write(store: Store, period: Period, status: StatementStatus, out: String) throws {
        // One snapshot: the statements are read in pages, and a run may commit meanwhile.
        let report = try store.transaction(.readOnlySnapshot) {
            FinanceReport(period: period, status: status, statements: try store.decodedStatements(of: period, as: FinanceReport.Entry.self),
                          unsettled: try store.unsettled(of: period), rules: try store.ruleKinds())
        }
        try OutputPath.folder(out)
        AtomicFile.removeLeftovers(in: out)
        let folder = URL(fileURLWithPath: out)
        for (name, text) in zip(names, [report.html, report.providersCSV, report.totalsCSV, report.unsettledCSV]) {
            try AtomicFile.write(text, to: folder.appendingPathComponent(name).path, permissions: 0o644, durable: false)
        }
    }
}
