import ArgumentParser
import SettleStore

extension ProvidersCommand {
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release a held provider's payouts.",
            discussion: "Example: settle providers release nordlys-gpu --reason \"bank details confirmed\""
        )

        @Argument(help: "Provider id.") var id: String
        @Option(help: "Why, for the record.") var reason: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let change = try database.openStore().setHold(provider: id, onHold: false, reason: reason)
            print(change == .changed ? "Provider \(id) is released: its balance is paid with the next closed period."
                                     : "Provider \(id) was not on hold.")
        }
    }
}
