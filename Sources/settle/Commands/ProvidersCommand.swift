import ArgumentParser
import SettleStore

struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "Withhold or release a provider's payouts, or list every provider with its hold.",
        subcommands: [Hold.self, Release.self, List.self]
    )

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withhold a provider's payouts until released.",
            discussion: "Holding a held provider again replaces the reason. Example: settle providers hold nordlys-gpu --reason \"bank details under review\""
        )

        @Argument(help: "Provider id.") var id: String
        @Option(help: "Why, for the record (required).") var reason: String
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !reason.allSatisfy(\.isWhitespace) else { throw ValidationError("--reason must say why the provider is held.") }
        }

        func run() throws {
            switch try database.openStore().setHold(provider: id, onHold: true, reason: reason) {
            case .changed: print("Provider \(id) is on hold: its payouts are withheld until released.")
            case .reasonReplaced(let old):
                print("Provider \(id) was already on hold; the reason is now \"\(reason)\" (it was \"\(old ?? "none given")\").")
            case .unchanged: print("Provider \(id) was already on hold for that reason.")
            }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a held provider's payouts.")

        @Argument(help: "Provider id.") var id: String
        @Option(help: "Why, for the record.") var reason: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let change = try database.openStore().setHold(provider: id, onHold: false, reason: reason)
            print(change == .changed ? "Provider \(id) is released: its balance is paid with the next closed period."
                                     : "Provider \(id) was not on hold.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every provider with its hold: reason, since when and by whom.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let providers = try database.openStore().providers()
            let rows = providers.map { provider in
                [provider.id, provider.name, provider.onHold ? "on hold" : "", provider.onHold ? provider.holdReason ?? "" : "",
                 provider.onHold ? provider.holdChanged ?? "" : "", provider.onHold ? provider.holdChangedBy ?? "" : ""]
            }
            print(StatementTable.table([["provider", "name", "hold", "reason", "since", "by"]] + rows, rightAligned: []))
        }
    }
}
