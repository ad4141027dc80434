import ArgumentParser

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Manage Settle's private PostgreSQL cluster (used when no database is configured).",
        subcommands: [Start.self, Stop.self, Connection.self]
    )
}
