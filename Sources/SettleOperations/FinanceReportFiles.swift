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
        // Each page's lines are added up as it is read: only the entries are kept (issue 19).
        let report = try store.transaction(.readOnlySnapshot) {
            var sums = FinanceReport.Sums(rules: try store.ruleKinds())
            try store.decodedStatements(of: period, as: FinanceReport.StoredEntry.self) { sums.add($0) }
            return FinanceReport(period: period, status: status, sums: sums, unsettled: try store.unsettled(of: period))
        }
        try OutputPath.folder(out)
        AtomicFile.removeLeftovers(in: out)
        let folder = URL(fileURLWithPath: out)
        // One text at a time: the page alone is 12 MB at 20,000 providers.
        let texts: [KeyPath<FinanceReport, String>] = [\.html, \.providersCSV, \.totalsCSV, \.unsettledCSV]
        for (name, text) in zip(names, texts) {
            try AtomicFile.write(report[keyPath: text], to: folder.appendingPathComponent(name).path, permissions: 0o644, durable: false)
        }
    }
}
