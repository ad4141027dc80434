import ArgumentParser
import SettleContracts
import SettleCore
import SettleStore

struct ContractsLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Validate contract files and store their versions (and payer.yaml).",
        discussion: """
            Every check of `contracts check` applies, plus the checks against what is already stored. \
            Loading a stored version again with the same content changes nothing; the same id and version \
            with other content is refused. All files are stored, or none.
            """
    )

    @Argument(help: "Contract files or folders of them.")
    var paths: [String]

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let summary = try Self.load(paths, into: try database.openStore())
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
    }

    /// Checks the files (alone and against what is stored) and stores them, all or nothing.
    static func load(_ paths: [String], into store: Store) throws -> ContractLoadSummary {
        try load(ContractsCheckCommand.catalog(paths), into: store)
    }

    /// Checks parsed files against what is stored and stores them, all or nothing.
    static func load(_ catalog: ContractCatalog, into store: Store) throws -> ContractLoadSummary {
        let files = catalog.contracts.map {
            ContractVersionFile(contract: $0.contract, sourceFile: $0.file, sourceText: $0.text)
        }
        do {
            return try store.load(contracts: files, payer: catalog.payer.map { ($0.payer, $0.file) }) { stored in
                let storedSources = stored.map {
                    SourcedContract(stored: $0.contract, origin: "the database (loaded from \($0.sourceFile))")
                }
                let diagnostics = ContractRules.check(catalog.contracts, stored: storedSources)
                if !diagnostics.isEmpty { throw ContractErrors(diagnostics) }
            }
        } catch let errors as ContractErrors {
            ContractsCheckCommand.report(errors)
            throw ExitCode.failure
        }
    }
}
