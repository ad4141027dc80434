import ArgumentParser
import Foundation
import SettleStore

extension ClusterCommand {
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the private cluster (its data stays).",
            discussion: "Example: settle cluster stop"
        )

        func run() throws {
            let cluster = EmbeddedCluster.forProject()
            try cluster.stop()
            print("The private PostgreSQL in \(cluster.directory.path) is stopped.")
        }
    }
}
