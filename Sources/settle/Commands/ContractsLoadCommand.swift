import ArgumentParser
import SettleContracts
import SettleCore
import SettleMonthEnd
import SettleOperations
import SettleStore

struct ContractsLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Validate contract files and store their versions (and payer.yaml).",
        discussion: """
            Every check of `contracts check` applies, plus the checks against what is already stored. \
            Loading a stored version again with the same content changes nothing; the same id and version \
            with other content is refused. All files are stored, or none. A version in force on a day \
            of a closed period is refused unless --retroactive: the closed statements stay as they are, \
            and the next run books the difference as prior-period adjustments.

            Example: settle contracts load contracts/acme-cloud-v3.yaml --retroactive
            """
    )

    @Argument(help: "Contract files or folders of them.")
    var paths: [String]

    @Flag(help: "Load versions that take effect in closed periods; the next run books the difference as adjustments.")
    var retroactive = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let bar = ProgressBar(title: "Loading contracts", plainThreshold: 500)
        // Reading the files is the first half of the bar; checking and storing them the second.
        let catalog: ContractCatalog
        switch ContractFiles.load(paths: paths, progress: { done, total in bar.update(Int64(done), of: Int64(2 * total)) }) {
        case let .success(read):
            catalog = read
        case let .failure(errors):
            bar.finish()
            ContractsCheckCommand.report(errors)
            throw ExitCode.failure
        }
        bar.update(1, of: 2, size: Int64(catalog.contracts.count), label: "checking and storing \(catalog.contracts.count.grouped) versions")
        let outcome: ContractLoading.Outcome
        do {
            defer { bar.finish() }
            outcome = try ContractLoading.load(catalog, into: try database.openStore(), retroactive: retroactive)
        } catch let errors as ContractErrors {
            ContractsCheckCommand.report(errors)
            throw ExitCode.failure
        }
        let summary = outcome.summary
        var parts = ["\(summary.added.count) new contract version\(summary.added.count == 1 ? "" : "s")"]
        if !summary.added.isEmpty {
            // Name a handful; a programme of thousands would make one unreadable line.
            let named = summary.added.prefix(10).joined(separator: ", ")
            parts[0] += " (" + named + (summary.added.count > 10 ? " and \(summary.added.count - 10) more" : "") + ")"
        }
        parts.append("\(summary.unchanged.count) already stored")
        switch summary.payer {
        case .none: break
        case .added: parts.append("payer stored")
        case .unchanged: parts.append("payer unchanged")
        case .replaced: parts.append("payer replaced")
        }
        print("Loaded: " + parts.joined(separator: ", ") + ".")
        for hold in summary.held {
            print("On hold: \(hold.provider) (\(hold.reason)); its payouts wait until `settle providers release \(hold.provider)` "
                  + "after the new bank details are confirmed.")
        }
        for reach in outcome.retroactive {
            let name = "\(reach.contract.id) version \(reach.contract.version)"
            if reach.noLaterStatement {
                Terminal.error("Warning: \(name) leaves \(reach.contract.provider.id) with no contract in force after "
                               + "\(reach.closedPeriods.last.map(\.description) ?? ""), so no later statement can book the difference for "
                               + "\(reach.closedPeriods.map(\.description).joinedInWords); settle it outside Settle.")
            } else {
                print("Retroactive: \(name) is in force in the closed \(reach.closedPeriods.map(\.description).joinedInWords); "
                      + "the next run books the difference as prior-period adjustments.")
            }
        }
    }
}
