import ArgumentParser
import SettleStore

extension ShardsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The shard servers, in the order they were added (passwords shown as ***).",
            discussion: "Example: settle shards list")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let shards = try database.openStore().shards()
            guard !shards.isEmpty else {
                print("No shards: this database keeps every row itself.")
                return
            }
            let rows = shards.map { [$0.name, String($0.position), $0.displayURL, $0.addedAt, $0.addedBy] }
            print(StatementTable.table([["shard", "position", "url", "added", "by"]] + rows, rightAligned: [1]))
        }
    }
}
