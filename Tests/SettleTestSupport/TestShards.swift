import Foundation
package import SettleStore
#if canImport(Glibc)
import Glibc
#endif

/// The shard servers of the sharded tests: two more private clusters beside the test cluster
/// (`<cluster>-shard-a`, `<cluster>-shard-b`; `-crash-a`, `-crash-b` for fault tests), socket only, no TCP port, run as the `postgres`
/// user when root, like it. Started by the first test that needs them and left running for the
/// next run, like the test cluster; a fault test that stops one starts it again (`restart`).
///
/// A sharded test database is three databases of one name: the coordinator's on the test
/// cluster and one on each shard cluster (`TestDatabase(.loaded, shards: 2)`).

package struct TestShards: Sendable {
    /// What `settle shards add` calls them: `a`, `b`.
    package static let names = ["a", "b"]

    /// The shards of every test that leaves them running.
    package static let shared = TestShards(tag: "shard")
    /// The shards that fault tests stop and start again: only tests of one `.serialized` suite use
    /// them, so no other test ever finds one of them down.
    package static let crashable = TestShards(tag: "crash")

    package let clusters: [EmbeddedCluster]

    private init(tag: String) {
        clusters = Self.names.map { name in
            EmbeddedCluster(directory: URL(fileURLWithPath: TestCluster.cluster.directory.path + "-\(tag)-" + name))
        }
    }

    /// Starts both clusters (creating them the first time) and drops what killed test processes left.
    package func start() throws {
        for cluster in clusters {
            try cluster.start()
            try Self.dropLeftovers(on: cluster)
        }
    }

    /// `settle shards add`'s URL for `database` on shard `index`.
    package func url(_ index: Int, database: String) -> String {
        clusters[index].connectionString(database: database)
    }

    /// Stops shard `index` at once, as a crash would (`pg_ctl stop -m immediate`).
    package func crash(_ index: Int) throws {
        try clusters[index].stop(immediately: true)
    }

    /// Starts shard `index` again after `crash`.
    package func restart(_ index: Int) throws {
        try clusters[index].start()
    }

    /// Drops the test databases of test processes that are gone, as `TestCluster` does.
    private static func dropLeftovers(on cluster: EmbeddedCluster) throws {
        let admin = try PostgresConnection(parameters: cluster.connectionParameters(database: "postgres"))
        let names = try admin.query("""
            SELECT datname FROM pg_database WHERE datname ~ '^settle_test_[0-9]+_[a-z0-9]+$'
            """).rows.compactMap { $0[0] }
        for name in names {
            guard let pid = Int32(name.split(separator: "_")[2]), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? cluster.dropDatabase(name)
            }
        }
    }
}
