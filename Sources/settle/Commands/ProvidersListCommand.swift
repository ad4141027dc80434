import ArgumentParser
import SettleExport
import SettleStore

extension ProvidersCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every provider with its hold: reason, since when and by whom.",
            discussion: "Example: settle providers list")

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
