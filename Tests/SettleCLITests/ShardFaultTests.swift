import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

/// A shard server that stops (`pg_ctl stop -m immediate`) under a command (docs/REFERENCE.md §12):
/// the state stays consistent and a retry finishes the work. On `TestShards.crashable`, one test
/// at a time, so that no other test finds a shard down.
@Suite("shards: a shard server fails", .serialized)
struct ShardFaultTests {
    @Test("shards check with a shard stopped: exit 1, the table and one sentence; ready again once it is back")
    func checkStoppedShard() throws {
        let db = try TestDatabase(.migrated, shards: 2, on: .crashable)
        defer { db.drop() }
        try TestShards.crashable.crash(1)
        defer { try? TestShards.crashable.restart(1) }
        let outcome = try db.settle("shards", "check")
        try TestShards.crashable.restart(1)
        let socket = TestShards.crashable.clusters[1].directory.path + "/socket/.s.PGSQL.5432"
        #expect(outcome == .init(status: 1, stdout: """
            shard  position  from settle  from coordinator  state
            a             0  schema \(Migrations.latest)    schema \(Migrations.latest)         ready
            b             1  unreachable  unreachable       NOT READY

            """, stderr: """
            Error: 1 of 2 shards is not ready: b cannot be reached from settle (connection to server on socket "\(socket)" failed: No such file or directory).

            """))
        #expect(try db.settle("shards", "check").status == 0)
    }
}
