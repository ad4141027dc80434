import ArgumentParser
import SettleStore

extension ProvidersCommand {
    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withhold a provider's payouts until released.",
            discussion: """
                Holding a held provider again replaces the reason.

                Example: settle providers hold nordlys-gpu --reason "bank details under review"
                """
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
}
