import ArgumentParser
import SettleStore

extension ShardsCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that settle and the coordinator's server reach each shard at the coordinator's schema version.",
            discussion: """
                Exits 1 when a shard is not ready.

                Example: settle shards check
                """)

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let health = try database.openStore().checkShards()
            guard !health.isEmpty else {
                print("No shards: this database keeps every row itself.")
                return
            }
            func text(_ reach: ShardHealth.Reach) -> String {
                switch reach {
                case let .version(version): "schema \(version)"
                case .failed: "unreachable"
                }
            }
            let rows = health.map { [$0.shard.name, String($0.shard.position), text($0.fromSettle), text($0.fromCoordinator),
                                     $0.problem == nil ? "ready" : "NOT READY"] }
            print(StatementTable.table([["shard", "position", "from settle", "from coordinator", "state"]] + rows,
                                       rightAligned: [1]))
            let problems = health.compactMap(\.problem)
            guard problems.isEmpty else {
                let count = problems.count == 1 ? "1 of \(health.count) shards is" : "\(problems.count) of \(health.count) shards are"
                Terminal.error("Error: \(count) not ready: \(problems.joined(separator: "; ")).")
                throw ExitCode.failure
            }
        }
    }
}
