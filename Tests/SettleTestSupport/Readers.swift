import Foundation
import SettleStore

/// The header and one good row of a small revenue file, for files with one bad row.
package let revenueHeader: String = "ref,date,provider,stream,quantity,amount,currency\n"
package let goodRow: String = "r1,2026-01-05,acme-cloud,api_usage,10,12.50,EUR\n"

extension TestDatabase {
    /// What the contract tables hold, to show that a refused load changed nothing.
    package func contractSnapshot() throws -> [[String?]] {
        try rows("""
            SELECT 'version', contract_id || ' v' || version, content_hash, loaded_at::text FROM contract_versions
            UNION ALL SELECT 'provider', provider_id, name, country FROM providers
            UNION ALL SELECT 'payer', source_file, content_hash, loaded_at::text FROM payer
            ORDER BY 1, 2
            """)
    }

    /// Every recorded hold and release: (provider, on hold, reason).
    package func holdEvents() throws -> [[String?]] {
        try rows("SELECT provider_id, on_hold::text, reason FROM provider_hold_events ORDER BY event_id")
    }

    /// Waits until the server has noticed a killed `settle` and ended its session (rolled back):
    /// every session on this database but the test's own.
    package func waitForOtherSessionsToEnd(within seconds: Double = 60) throws {
        struct StillOpen: Error, CustomStringConvertible {
            let description = "a killed settle's session is still open after 60 seconds"
        }
        let deadline = Date().addingTimeInterval(seconds)
        while try int("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name <> $2",
                      [name, TestCluster.applicationName]) > 0 {
            guard Date() < deadline else { throw StillOpen() }
            usleep(20_000)
        }
    }

    /// The monthly partitions of the rollup tables (created by the import that first needs them).
    package func partitions() throws -> [[String?]] {
        try rows("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent IN ('revenue_rollup'::regclass, 'hours_rollup'::regclass) ORDER BY 1
            """)
    }
}
