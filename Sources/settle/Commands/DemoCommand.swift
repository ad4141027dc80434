import ArgumentParser
import Foundation
import SettleContracts
import SettleCore
import SettleExport
import SettleMonthEnd
import SettleSampleData
import SettleStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The whole month end on sample data: statements, summaries and payout files under reports/out/.",
        discussion: """
            Uses a database of its own (settle_demo, recreated each time) in the private cluster, never \
            the one --database or DATABASE_URL names. Three months of generated data for the programme \
            in contracts/: refunds, a provider on hold, late rows for a closed month.
            """
    )

    @Option(help: "Where the outputs go.") var out = "reports/out"
    @Option(help: "The contracts of the programme.") var contracts = "contracts"

    static let periods = ["2026-08", "2026-09", "2026-10"].map { Period($0)! }

    func run() throws {
        let cluster = EmbeddedCluster.forProject()
        try cluster.start()
        try cluster.dropDatabase("settle_demo")
        try cluster.createDatabaseIfMissing("settle_demo")
        let store = Store(try DatabaseTarget.embedded(cluster, database: "settle_demo").connect())
        try store.migrate()
        let catalog = try ContractsCheckCommand.catalog([contracts])
        let loaded = try ContractsLoadCommand.load(catalog, into: store).summary
        say("Loaded \(loaded.added.count) contract versions and the payer into a fresh demo database.")

        let data = "\(out)/data"
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let sample = SampleData(providers: SampleData.ProviderProfile.of(catalog.contracts.map(\.contract)), seed: 2026)
        for period in Self.periods {
            try sample.writeFXRates(periods: [period], to: "\(data)/fx-rates-\(period).csv")
            try sample.writeRevenue(rows: 20_000, period: period, to: "\(data)/revenue-\(period).csv")
            try sample.writeComputeHours(rows: 2_000, period: period, to: "\(data)/compute-hours-\(period).csv")
            for (dataset, name) in [(Dataset.fxRates, "fx-rates"), (.revenue, "revenue"), (.computeHours, "compute-hours")] {
                _ = try store.importFile("\(data)/\(name)-\(period).csv", as: dataset)
            }
        }
        say("Imported three months of generated data (60,000 revenue rows, 6,000 compute-hour rows, FX rates).")
        try store.setHold(provider: "nordlys-gpu", onHold: true, reason: "bank details under review")
        say("Put nordlys-gpu on hold.")

        let monthEnd = MonthEnd(store: store)
        // The sample months ended long ago, whatever SETTLE_TODAY says.
        let today = max(try Today.resolve(), Self.periods.last!.next.firstDay)
        let template = StatementHTML.defaultTemplate()
        let validator = try XMLSchemaValidator.pain001()
        for period in Self.periods {
            if period == Self.periods[1] {
                let late = "\(data)/late-2026-08.csv"
                try """
                    ref,date,provider,stream,quantity,amount,currency
                    LATE-2026-08-1,2026-08-28,acme-cloud,api_usage,120000,4800.00,EUR
                    LATE-2026-08-2,2026-08-30,helios-render,licensing,1,-2500.00,EUR

                    """.write(toFile: late, atomically: true, encoding: .utf8)
                _ = try store.importFile(late, as: .revenue)
                say("Imported late rows for the closed August (a usage top-up and a refund).")
            }
            if period == Self.periods[2] {
                try store.setHold(provider: "nordlys-gpu", onHold: false, reason: "bank details confirmed")
                say("Released nordlys-gpu.")
            }
            let summary = try monthEnd.run(period)
            try monthEnd.close(period, today: today)
            let folder = "\(out)/\(period)"
            _ = try StatementsCommand.write(store: store, period: period, status: .closed, out: "\(folder)/statements",
                                            template: template)
            try ReportCommand.write(store: store, period: period, status: .closed, out: folder)
            let payout = try PayoutsCommand.write(store: store, period: period, out: "\(folder)/payouts.xml",
                                                  reissue: false, today: today, validator: validator)
            let paid = payout.map(\.record).map { "payout file \($0.messageID) with \($0.transactions) transfers" } ?? "no payout due"
            say("\(period): \(summary.statements) statements, closed; \(paid).")
            say("  " + UnsettledText.summary(period, summary.unsettled))
        }
        say("")
        say("Look at \(out)/2026-09/statements/acme-cloud.html (a statement with an amendment and a prior-period adjustment),")
        say("\(out)/2026-10/report.html (the finance summary) and \(out)/2026-10/payouts.xml (the bank file).")
        say("The demo database: psql \"\(cluster.connectionString(database: "settle_demo"))\"")
    }

    private func say(_ line: String) { print(line) }
}
