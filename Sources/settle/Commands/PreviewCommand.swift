import ArgumentParser
import SettleContracts
import SettleCore
import SettleExport
import SettleMonthEnd
import SettleOperations

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "What contract files not loaded yet would change: statements as they stand beside the proposed ones.",
        discussion: """
            Checks the files as `contracts load` would, then compares, for every period from --from \
            (default: the first the files reach) to --to (default: the latest period with a run, else \
            the current month) and every provider they concern, each statement line as it stands \
            (closed, draft or none) with the line the files would give. For a version in force in a \
            closed period it lists the prior-period adjustments that `contracts load --retroactive` \
            and the next run would book. Writes nothing and logs nothing.

            Example: settle preview contracts/acme-cloud-v3.yaml --from 2026-09
            """
    )

    @Argument(help: "Contract files (or folders of them) not loaded yet.")
    var paths: [String]

    @Option(help: ArgumentHelp("The first period to compare, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var from: Period?

    @Option(help: ArgumentHelp("The last period to compare, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var to: Period?

    @Flag(help: "Print {periods, adjustments, totals} as JSON, statements in the statement JSON's shape.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to); give --from no later than --to.") }
    }

    func run() throws {
        let catalog = try ContractsCheckCommand.catalog(paths, refused: "nothing was previewed")
        let outcome: ContractPreview.Outcome
        do {
            outcome = try ContractPreview.preview(catalog, store: try database.openStore(), from: from, to: to,
                                                  today: try Today.resolve())
        } catch let errors as ContractErrors {
            ContractsCheckCommand.report(errors, refused: "nothing was previewed")
            throw ExitCode.failure
        }
        if json {
            print(ChangePreviewJSON.render(outcome.preview), terminator: "")
            return
        }
        for name in outcome.unchanged { print("\(name) is loaded already with the same content: unchanged, not previewed.") }
        for reach in outcome.retroactive {
            print("\(reach.contract.id) version \(reach.contract.version) is in force in the closed "
                  + "\(reach.closedPeriods.map(\.description).joinedInWords): loading it needs --retroactive.")
        }
        print(ChangePreviewText.render(outcome.preview))
    }
}
