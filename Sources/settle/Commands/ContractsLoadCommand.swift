import ArgumentParser
import SettleContracts
import SettleCore
import SettleMonthEnd
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
        let outcome = try Self.load(paths, into: try database.openStore(), retroactive: retroactive)
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
                               + "\(reach.closedPeriods.max()!), so no later statement can book the difference for "
                               + "\(reach.closedPeriods.map(\.description).joinedInWords); settle it outside Settle.")
            } else {
                print("Retroactive: \(name) is in force in the closed \(reach.closedPeriods.map(\.description).joinedInWords); "
                      + "the next run books the difference as prior-period adjustments.")
            }
        }
    }

    /// Checks the files (alone and against what is stored) and stores them, all or nothing.
    static func load(_ paths: [String], into store: Store, retroactive: Bool = false) throws
        -> LoadOutcome {
        try load(ContractsCheckCommand.catalog(paths), into: store, retroactive: retroactive)
    }

    /// Checks parsed files against what is stored and stores them, all or nothing.
    static func load(_ catalog: ContractCatalog, into store: Store, retroactive: Bool = false) throws
        -> LoadOutcome {
        let files = catalog.contracts.map {
            ContractVersionFile(contract: $0.contract, sourceFile: $0.file, sourceText: $0.text)
        }
        var reaches: [RetroactiveVersions.Reach] = []
        do {
            let summary = try store.load(contracts: files, payer: catalog.payer.map { ($0.payer, $0.file) }) { stored in
                let storedSources = stored.map {
                    SourcedContract(stored: $0.contract, origin: "the database (loaded from \($0.sourceFile))")
                }
                let diagnostics = ContractRules.check(catalog.contracts, stored: storedSources)
                if !diagnostics.isEmpty { throw ContractErrors(diagnostics) }
                reaches = try Self.closedPeriodsReached(catalog, stored: stored, store: store)
                if !retroactive, !reaches.isEmpty { throw Self.refusal(reaches, catalog) }
            }
            return LoadOutcome(summary: summary, retroactive: reaches)
        } catch let errors as ContractErrors {
            ContractsCheckCommand.report(errors)
            throw ExitCode.failure
        }
    }

    /// The new versions (not stored yet) that are in force in a closed period.
    private static func closedPeriodsReached(_ catalog: ContractCatalog, stored: [StoredContract], store: Store) throws
        -> [RetroactiveVersions.Reach] {
        let storedKeys = Set(stored.map { "\($0.contract.id) v\($0.contract.version)" })
        let new = catalog.contracts.map(\.contract).filter { !storedKeys.contains("\($0.id) v\($0.version)") }
        let closed = try store.periodStatuses().filter { $0.1 == .closed }.map(\.0)
        return RetroactiveVersions.reach(of: new, stored: stored.map(\.contract), closed: closed)
    }

    private static func refusal(_ reaches: [RetroactiveVersions.Reach], _ catalog: ContractCatalog) -> CommandError {
        let sentences = reaches.map { reach in
            let file = catalog.contracts.first { $0.contract.id == reach.contract.id && $0.contract.version == reach.contract.version }?.file ?? ""
            return "\(file): \(reach.contract.id) version \(reach.contract.version) takes effect on \(reach.contract.effective) "
                + "and is in force in the closed \(reach.closedPeriods.map(\.description).joinedInWords), whose statements never change"
        }
        return CommandError(sentences.joined(separator: "\n") + "\nNothing was loaded. To load "
            + (reaches.count == 1 ? "it" : "them") + " anyway, pass --retroactive: the next run books the difference "
            + "as prior-period adjustments.")
    }
}

/// What `contracts load` did, and which of the new versions reach closed periods.
struct LoadOutcome {
    let summary: ContractLoadSummary
    let retroactive: [RetroactiveVersions.Reach]
}
