import ArgumentParser
import Foundation
import SettleStore

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Manage Settle's private PostgreSQL cluster (used when no database is configured).",
        subcommands: [Start.self, Stop.self, Connection.self]
    )

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create and start the private cluster if needed.")

        func run() throws {
            let cluster = EmbeddedCluster.forProject()
            try cluster.start()
            try cluster.createDatabaseIfMissing("settle")
            print("The private PostgreSQL runs in \(cluster.directory.path); connect with: psql '\(cluster.connectionString(database: "settle"))'")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the private cluster (its data stays).")

        func run() throws {
            let cluster = EmbeddedCluster.forProject()
            try cluster.stop()
            print("The private PostgreSQL in \(cluster.directory.path) is stopped.")
        }
    }

    struct Connection: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "connection",
            abstract: "Print the libpq connection string of a database of the private cluster (for psql or --database)."
        )

        @Argument(help: "Database name.") var database = "settle"

        func run() throws {
            let cluster = EmbeddedCluster.forProject()
            try cluster.start()
            print(cluster.connectionString(database: database))
        }
    }
}
