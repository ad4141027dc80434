import Foundation
@testable import SettleStore
import SettleTestSupport
import Testing

/// The sharded layout of docs/SCALE.md as PostgreSQL sees it: where the rows are, and what the
/// run's aggregate sends to the shards.
@Suite("shards: the layout and the pushed-down aggregate")
struct ShardedLayoutTests {
    @Test("a month's partition is hashed by provider over one foreign table per shard; the shards keep the keys")
    func layout() throws {
        let db = try TestDatabase(.loaded, shards: 2)
        defer { db.drop() }
        try ProgrammeData.importRevenue(db, "rev-aug.csv", ProgrammeData.augustRevenue)
        #expect(try db.rows("""
            SELECT c.relname, c.relkind::text, pg_get_expr(c.relpartbound, c.oid), s.srvname
            FROM pg_partition_tree('revenue') t JOIN pg_class c ON c.oid = t.relid
            LEFT JOIN pg_foreign_table f ON f.ftrelid = c.oid LEFT JOIN pg_foreign_server s ON s.oid = f.ftserver
            ORDER BY t.level, c.relname
            """) == [
                ["revenue", "p", nil, nil],
                ["revenue_p2026_08", "p", "FOR VALUES FROM ('2026-08-01') TO ('2026-09-01')", nil],
                ["revenue_p2026_08_s0", "f", "FOR VALUES WITH (modulus 2, remainder 0)", "settle_shard_a"],
                ["revenue_p2026_08_s1", "f", "FOR VALUES WITH (modulus 2, remainder 1)", "settle_shard_b"],
            ])
        // Each shard holds whole providers, and its own table keeps the primary key.
        var providers: [Set<String>] = []
        for shard in db.shards {
            let connection = try PostgresConnection(parameters: shard.connectionParameters(database: db.name))
            providers.append(Set(try connection.query("SELECT DISTINCT provider_id FROM revenue_p2026_08").rows.map { try $0.text(0) }))
            #expect(try connection.query("""
                SELECT count(*) FROM pg_index WHERE indrelid = 'revenue_p2026_08'::regclass AND indisprimary
                """).scalar == "1")
        }
        #expect(providers.count == 2 && providers[0].isDisjoint(with: providers[1]) && !providers[0].isEmpty && !providers[1].isEmpty)
        #expect(providers[0].union(providers[1]) == Set(try db.rows("SELECT DISTINCT provider_id FROM revenue").map { $0[0] ?? "" }))
    }

    @Test("EXPLAIN VERBOSE of the run's aggregate: each shard groups its own rollups, asynchronously")
    func pushedDown() throws {
        let db = try TestDatabase(.loaded, shards: 2)
        defer { db.drop() }
        try ProgrammeData.importRevenue(db, "rev-aug.csv", ProgrammeData.augustRevenue)
        try db.connection.query("CREATE TEMP TABLE run_windows AS SELECT provider_id, date '2026-08-01' AS first, date '2026-08-31' AS last FROM providers")
        try db.connection.query("SET enable_partitionwise_aggregate = on")
        // $4, the providers summed: all of them, on both shards (fewer could prune a shard away).
        let providers = try db.connection.query("SELECT array_agg(provider_id ORDER BY provider_id)::text FROM providers").scalar!
        let plan = try db.connection.query(SQL(unchecked: "EXPLAIN (VERBOSE, COSTS OFF) " + WindowSumsSQL.shardedRevenueSum.description),
                                           ["2026-08-01", "2026-09-01", "1000", providers])
            .rows.map { try $0.text(0) }.joined(separator: "\n")
        for position in 0..<2 {
            #expect(plan.contains("Relations: Aggregate on (public.revenue_rollup_p2026_08_s\(position) revenue_rollup"), "\(plan)")
        }
        #expect(plan.components(separatedBy: "Async Foreign Scan").count == 3, "\(plan)")
        #expect(plan.components(separatedBy: """
            Remote SQL: SELECT provider_id, date, stream, currency, role, sum(quantity), sum(amount), sum(rows) \
            FROM public.revenue_rollup_p2026_08 WHERE ((date >= '2026-08-01')) AND ((date < '2026-09-01')) AND ((import_id <= 1000::bigint)) \
            AND ((provider_id = ANY ('\(providers)'::text[]))) GROUP BY 1, 2, 3, 4, 5
            """).count == 3, "\(plan)")
    }
}
