import ArgumentParser
import SettleStore

struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "Withhold or release a provider's payouts.",
        subcommands: [Hold.self, Release.self]
    )

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withhold a provider's payouts until released.")

        @Argument(help: "Provider id.") var id: String
        @Option(help: "Why, for the record.") var reason: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let changed = try database.openStore().setHold(provider: id, onHold: true, reason: reason)
            print(changed ? "Provider \(id) is on hold: its payouts are withheld until released."
                          : "Provider \(id) was already on hold.")
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a held provider's payouts.")

        @Argument(help: "Provider id.") var id: String
        @Option(help: "Why, for the record.") var reason: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let changed = try database.openStore().setHold(provider: id, onHold: false, reason: reason)
            print(changed ? "Provider \(id) is released: its balance is paid with the next closed period."
                          : "Provider \(id) was not on hold.")
        }
    }
}
