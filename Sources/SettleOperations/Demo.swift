import Foundation
import SettleContracts
public import SettleCore
import SettleExport
import SettleMonthEnd
import SettleSampleData
public import SettleStore

/// The whole month end on sample data, as a finance team would run it: three months of generated
/// rows for the programme in `contracts`, a provider on hold, late rows for a closed month; each
/// month run, closed, and written out (statements, finance summary, payout file, self-billed
/// invoices, journal).
public struct Demo {
    public static let periods: [Period] = [Period(year: 2026, month: 8), Period(year: 2026, month: 9),
                                           Period(year: 2026, month: 10)].compactMap { $0 }
    /// Where the outputs go.
    public let out: String
    /// The contract files of the programme.
    public let contracts: String

    public init(out: String, contracts: String) {
        self.out = out
        self.contracts = contracts
    }

    /// Runs the demo on `store` (a fresh database), telling each step to `say`.
    ///
    /// - Parameter today: the day it is; the sample months are closed as ended whatever it says.
    /// - Throws: `ContractErrors` when the contract files do not check.
    public func run(on store: Store, today: Day, say: (String) -> Void) throws {
        let catalog = try ContractFiles.load(paths: [contracts]).get()
        let loaded = try ContractLoading.load(catalog, into: store).summary
        say("Loaded \(loaded.added.count) contract versions and the payer into a fresh demo database.")
        // An amendment as a partner manager reads it (`settle contracts diff`).
        let ids = catalog.contracts.map(\.contract.id)
        if let amended = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            let diff = try ContractInsight.diff(store: store, contract: amended, from: nil, to: nil)
            say("\(amended) version \(diff.new.version) changes \(diff.changes.count) terms, such as: "
                + (diff.changes.first { $0.hasPrefix("rule ") } ?? diff.changes.first ?? "none")
                + " (`settle contracts diff \(amended)`).")
        }

        let data = "\(out)/data"
        // The demo's own folder, recreated each time.
        if FileManager.default.fileExists(atPath: out) { try FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let sample = SampleData(providers: SampleData.ProviderProfile.of(catalog.contracts.map(\.contract)), seed: 2026)
        for period in Self.periods {
            try sample.writeFXRates(periods: [period], to: "\(data)/fx-rates-\(period).csv")
            try sample.writeRevenue(rows: 20_000, period: period, to: "\(data)/revenue-\(period).csv")
            try sample.writeComputeHours(rows: 2_000, period: period, to: "\(data)/compute-hours-\(period).csv")
            for dataset in [Dataset.fxRates, .revenue, .computeHours] {
                _ = try store.importFile("\(data)/\(dataset.rawValue)-\(period).csv", as: dataset)
            }
        }
        say("Imported three months of generated data (60,000 revenue rows, 6,000 compute-hour rows, FX rates).")
        try store.setHold(provider: "nordlys-gpu", onHold: true, reason: "bank details under review")
        say("Put nordlys-gpu on hold.")

        let monthEnd = MonthEnd(store: store)
        let today = max(today, Self.periods[Self.periods.count - 1].next.firstDay)
        let template = StatementHTML.defaultTemplate()
        let validator = try XMLSchemaValidator.pain001()
        var rejected: String?
        for (index, period) in Self.periods.enumerated() {
            if index == 1 {
                let late = "\(data)/late-\(Self.periods[0]).csv"
                try """
                    ref,date,provider,stream,quantity,amount,currency
                    LATE-2026-08-1,2026-08-28,acme-cloud,api_usage,120000,4800.00,EUR
                    LATE-2026-08-2,2026-08-30,helios-render,licensing,1,-2500.00,EUR

                    """.write(toFile: late, atomically: true, encoding: .utf8)
                _ = try store.importFile(late, as: .revenue)
                say("Imported late rows for the closed August (a usage top-up and a refund).")
            }
            if index == 2 {
                try store.setHold(provider: "nordlys-gpu", onHold: false, reason: "bank details confirmed")
                say("Released nordlys-gpu.")
            }
            let summary = try monthEnd.run(period)
            try monthEnd.close(period, today: today)
            let folder = "\(out)/\(period)"
            _ = try StatementFiles.write(store: store, period: period, status: .closed, out: "\(folder)/statements",
                                         template: template)
            try FinanceReportFiles.write(store: store, period: period, status: .closed, out: folder)
            let payout = try PayoutFiles.write(store: store, period: period, out: "\(folder)/payouts.xml",
                                               reissue: false, today: today, validator: validator)
            let paid = payout.map(\.record).map { "payout file \($0.messageID) with \($0.transactions) transfers" } ?? "no payout due"
            say("\(period): \(summary.statements) statements, closed; \(paid).")
            let invoices = try InvoiceFiles.write(store: store, period: period, out: "\(folder)/invoices", today: today)
            let journal = try JournalFile.write(store: store, period: period, out: "\(folder)/journal.csv")
            let documents = invoices.invoices.map { "\($0.invoice.documentType == "CreditNote" ? "credit note" : "invoice") \($0.invoice.number)" }
            say("  " + (documents.isEmpty ? "no self-billed invoice" : "self-billed " + documents.joinedInWords)
                + "; journal of \(journal.entries) entries, \(journal.lines) lines (`settle invoices`, `settle journal`).")
            say("  " + UnsettledText.summary(period, summary.unsettled))
            if let provider = rejected, let statement = try store.statements(of: period, providers: [provider]).first?.statement {
                let back = statement.returned.map { "\($0.amount.grouped) \($0.amount.currency) (payout of \($0.period), \($0.reasonText))" }
                say("  \(provider)'s statement brings back \(back.joinedInWords); held, its balance of "
                    + "\(statement.closingBalance.grouped) \(statement.currency) waits for corrected bank details and a release.")
                rejected = nil
            }
            if index == 1 {
                try explain(period, provider: "acme-cloud", monthEnd: monthEnd, folder: folder, say: say)
                rejected = try rejectFirstPayout(in: period, store: store, say: say)
            }
        }
        if let amended = catalog.contracts.last(where: { $0.contract.id == "acme-cloud-2026" }) {
            try previewAmendment(of: amended, store: store, today: today, say: say)
        }
    }

    /// How acme-cloud's September came about, line by line (`settle explain`, docs/REFERENCE.md §7):
    /// an amendment mid-month and an adjustment for the late August rows.
    private func explain(_ period: Period, provider: String, monthEnd: MonthEnd, folder: String, say: (String) -> Void) throws {
        let explanation = try monthEnd.explain(period, provider: provider, ruleLines: RuleLocations.lines(in:))
        let file = "\(folder)/explain-\(provider).txt"
        try ExplanationText.render(explanation).write(toFile: file, atomically: true, encoding: .utf8)
        let first = explanation.statement.lines[0]
        say("  Explained \(provider)'s \(explanation.statement.lines.count) lines, such as \(first.rule) v\(first.version): "
            + "\(first.explanation) = \(first.amount.grouped) \(first.amount.currency) (`settle explain \(period) \(provider)`; \(file)).")
    }
}
