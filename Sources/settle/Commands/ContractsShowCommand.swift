import ArgumentParser
import SettleCore
import SettleOperations
import SettleStore

struct ContractsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "The terms of a contract version in force on a day, in plain words.",
        discussion: "Example: settle contracts show acme-cloud-2026 --on 2026-10-01"
    )

    @Argument(help: "Contract id.") var id: String

    @Option(help: ArgumentHelp("The day, YYYY-MM-DD (default: today).", valueName: "date"), transform: parseDay)
    var on: Day?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let day = try on ?? Today.resolve()
        let stored = try ContractInsight.version(store: try database.openStore(), contract: id, on: day)
        let contract = stored.contract
        print("\(contract.id) version \(contract.version), in force on \(day): \(contract.provider.name) (provider \(contract.provider.id))")
        let terms = ContractTerms.terms(of: contract)
        let width = terms.map(\.name.count).max() ?? 0
        for term in terms {
            print("  " + term.name + String(repeating: " ", count: width - term.name.count) + "  " + term.words)
        }
        print("Loaded from \(stored.sourceFile); content SHA-256 \(stored.contentHash.prefix(12)).")
    }
}

/// Reads a `YYYY-MM-DD` option.
func parseDay(_ text: String) throws -> Day {
    guard let day = Day(text) else { throw ValidationError("'\(text)' is not a day; write it YYYY-MM-DD, such as 2026-10-01.") }
    return day
}
