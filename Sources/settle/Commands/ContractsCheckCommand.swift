import ArgumentParser
import SettleContracts
import SettleCore

struct ContractsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate contract files; loads nothing.",
        discussion: "A folder stands for the .yaml files in it. Every problem of every file is reported."
    )

    @Argument(help: "Contract files or folders of them.")
    var paths: [String]

    func run() throws {
        switch ContractFiles.load(paths: paths) {
        case let .success(catalog):
            let versions = catalog.contracts.count
            let contracts = Set(catalog.contracts.map(\.contract.id)).count
            let providers = Set(catalog.contracts.map(\.contract.provider.id)).count
            let payer = catalog.payer.map { ", payer \($0.payer.name)" } ?? ""
            print("OK: \(contracts) contracts (\(versions) versions) for \(providers) providers\(payer).")
        case let .failure(errors):
            for diagnostic in errors.diagnostics {
                Terminal.error(diagnostic.description)
            }
            let files = Set(errors.diagnostics.map(\.file)).count
            Terminal.error("\(count(errors.diagnostics.count, "error")) in \(count(files, "file")); nothing was loaded.")
            throw ExitCode.failure
        }
    }

    private func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
