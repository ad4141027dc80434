import ArgumentParser
import SettleStore

extension ClusterCommand {
    struct Connection: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "connection",
            abstract: "Print the libpq connection string of a database of the private cluster (for psql or --database).",
            discussion: "Example: psql \"$(settle cluster connection settle_demo)\""
        )

        @Argument(help: "Database name.") var database = "settle"

        func run() throws {
            let cluster = EmbeddedCluster.forProject()
            try cluster.start()
            print(cluster.connectionString(database: database))
        }
    }
}
