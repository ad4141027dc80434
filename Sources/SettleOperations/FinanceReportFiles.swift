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
        // The rules' kinds (a second of the server's time at 20,000 providers) are read beside
        // them, in the same snapshot, on a connection of their own. Pages of 1,000: two are
        // decoded while one is read, and the rules are held meanwhile (256 MB at most).
        let report = try store.transaction(.readOnlySnapshot) {
            let streams = try store.readAside { FinanceReport.Streams(rules: try $0.ruleKinds()) }
            var sums = FinanceReport.Sums()
            try store.decodedStatements(of: period, as: FinanceReport.StoredEntry.self, page: 1_000) { sums.add($0) }
            let unsettled = try store.unsettled(of: period)
            return FinanceReport(period: period, status: status, sums: sums, streams: try streams.wait()!, unsettled: unsettled)
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
