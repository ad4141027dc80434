import ArgumentParser

struct ShardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shards",
        abstract: "Add, list and check the shard servers of a sharded database (docs/SCALE.md).",
        subcommands: [Add.self, List.self, Check.self]
    )
}
