import ArgumentParser
import SettleStore

extension ShardsCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a shard server to a migrated coordinator database that holds nothing yet.",
            discussion: """
                The shard's database must exist and be empty (it is migrated to the coordinator's \
                schema); its URL must work from settle and from the coordinator's server. Each month's \
                revenue, compute hours and their rollups are then hashed by provider over the shards, \
                in the order they were added. Every other command is given the coordinator only.

                Example: settle shards add east postgresql://settle@db-east.internal/settle
                """
        )

        @Argument(help: ArgumentHelp("The shard's name: a lower-case letter, then letters, digits or '_'.", valueName: "name"))
        var name: String

        @Argument(help: ArgumentHelp("The shard database's libpq URI or keyword string.", valueName: "url"))
        var url: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let shard = try database.openStore().addShard(name: name, url: url)
            print("Added shard \(shard.name) at position \(shard.position) (\(shard.displayURL)); settle and the coordinator's server both reach it.")
        }
    }
}
