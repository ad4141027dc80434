import ArgumentParser
import SettleContracts
import SettleCore

struct ContractsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate contract files; loads nothing.",
        discussion: """
            A folder stands for the .yaml and .yml files in it. Every problem of every file is reported.

            Example: settle contracts check contracts/
            """
    )

    @Argument(help: "Contract files or folders of them.")
    var paths: [String]

    func run() throws {
        let catalog = try Self.catalog(paths)
        let versions = catalog.contracts.count
        let contracts = Set(catalog.contracts.map(\.contract.id)).count
        let providers = Set(catalog.contracts.map(\.contract.provider.id)).count
        let payer = catalog.payer.map { ", payer \($0.payer.name)" } ?? ""
        print("OK: \(contracts) contracts (\(versions) versions) for \(providers) providers\(payer).")
    }

    /// The checked files, or every problem printed to stderr and a failure exit.
    ///
    /// - Parameter refused: what the last line says became of the command ("nothing was loaded").
    static func catalog(_ paths: [String], refused: String = "nothing was loaded") throws -> ContractCatalog {
        switch ContractFiles.load(paths: paths) {
        case let .success(catalog):
            return catalog
        case let .failure(errors):
            report(errors, refused: refused)
            throw ExitCode.failure
        }
    }

    static func report(_ errors: ContractErrors, refused: String = "nothing was loaded") {
        for diagnostic in errors.diagnostics {
            Terminal.error(diagnostic.description)
        }
        let files = Set(errors.diagnostics.map(\.file)).count
        Terminal.error("\(count(errors.diagnostics.count, "error")) in \(count(files, "file")); \(refused).")
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
