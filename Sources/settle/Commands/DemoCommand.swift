import ArgumentParser
import SettleContracts
import SettleOperations
import SettleStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The whole month end on sample data: statements, summaries and payout files under reports/out/.",
        discussion: """
            Uses a database of its own (settle_demo, recreated each time) in the private cluster, never \
            the one --database or DATABASE_URL names. Three months of generated data for the programme \
            in contracts/: refunds, a provider on hold, late rows for a closed month.

            Example: settle demo --out reports/out
            """
    )

    @Option(help: "Where the outputs go.") var out = "reports/out"
    @Option(help: "The contracts of the programme.") var contracts = "contracts"

    func run() throws {
        let cluster = EmbeddedCluster.forProject()
        try cluster.start()
        try cluster.dropDatabase("settle_demo")
        try cluster.createDatabaseIfMissing("settle_demo")
        let store = Store(try DatabaseTarget.embedded(cluster, database: "settle_demo").connect())
        try store.migrate()
        do {
            try Demo(out: out, contracts: contracts).run(on: store, today: try Today.resolve()) { print($0) }
        } catch let errors as ContractErrors {
            ContractsCheckCommand.report(errors)
            throw ExitCode.failure
        }
        print("")
        print("Look at \(out)/2026-09/statements/acme-cloud.html (a statement with an amendment and a prior-period adjustment),")
        print("\(out)/2026-10/report.html (the finance summary) and \(out)/2026-10/payouts.xml (the bank file).")
        print("The demo database: psql \"\(cluster.connectionString(database: "settle_demo"))\"")
    }
}
