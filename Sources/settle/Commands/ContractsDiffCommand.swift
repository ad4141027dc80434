import ArgumentParser
import SettleContracts
import SettleCore
import SettleOperations

struct ContractsDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What a contract version changes, term by term: two stored versions, or files against the stored versions they amend.",
        discussion: """
            With a contract id: its last two stored versions, or --from and --to. With contract files \
            (paths ending in .yaml or .yml, or folders): each file against the latest stored version \
            below its own; a new contract lists all its terms. Loads nothing.

            Example: settle contracts diff acme-cloud-2026 --from 1 --to 2
            Example: settle contracts diff contracts/acme-cloud-v3.yaml
            """
    )

    @Argument(help: "A contract id, or contract files and folders.") var subjects: [String]
    @Option(help: "The version to compare from (default: the one before --to).") var from: Int?
    @Option(help: "The version to compare to (default: the latest).") var to: Int?
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if isFiles && (from != nil || to != nil) { throw ValidationError("--from and --to go with a contract id, not with files.") }
        if !isFiles && subjects.count != 1 { throw ValidationError("Give one contract id, or contract files.") }
    }

    private var isFiles: Bool {
        subjects.contains { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.contains("/") }
    }

    func run() throws {
        let store = try database.openStore()
        if !isFiles {
            let diff = try ContractInsight.diff(store: store, contract: subjects[0], from: from, to: to)
            print("\(diff.new.id): version \(diff.old.version) (from \(diff.old.effective)) → version \(diff.new.version) (from \(diff.new.effective))")
            Self.printChanges(diff.changes)
            return
        }
        let catalog = try ContractsCheckCommand.catalog(subjects)
        for file in try ContractInsight.diff(files: catalog, store: store) {
            let against = file.old.map { "stored version \($0.version) (from \($0.effective))" } ?? "nothing stored: a new contract"
            print("\(file.file): \(file.new.id) version \(file.new.version) (from \(file.new.effective)) against \(against)")
            Self.printChanges(file.changes)
        }
    }

    static func printChanges(_ changes: [String]) {
        if changes.isEmpty { print("  no term changes") }
        for change in changes { print("  " + change) }
    }
}
