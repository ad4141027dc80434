import ArgumentParser
import Foundation
import SettleStore

extension ClusterCommand {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and start the private cluster if needed.",
            discussion: "Example: settle cluster start"
        )

        func run() throws {
            let cluster = EmbeddedCluster.forProject()
            try cluster.start()
            try cluster.createDatabaseIfMissing("settle")
            print("The private PostgreSQL runs in \(cluster.directory.path); connect with: psql '\(cluster.connectionString(database: "settle"))'")
        }
    }
}
