public import Foundation

/// Which PostgreSQL database Settle uses (docs/REFERENCE.md §6): `--database URL`, else `DATABASE_URL`, else the
/// libpq `PG*` variables, else the private cluster inside the project.
public enum DatabaseTarget: Sendable {
    /// A libpq connection URI or keyword string.
    case url(String)
    /// libpq reads `PGHOST`, `PGDATABASE`, ... itself.
    case environment
    /// The private cluster; the database is created on first use.
    case embedded(EmbeddedCluster, database: String)

    /// The libpq variables that, when set, mean the user named a database.
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    public static func resolve(option: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseTarget {
        if let option, !option.isEmpty { return .url(option) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .url(url) }
        if libpqVariables.contains(where: { environment[$0].map { !$0.isEmpty } ?? false }) { return .environment }
        return .embedded(EmbeddedCluster.forProject(environment: environment), database: "settle")
    }

    /// Opens a connection, creating and starting the private cluster and its database if needed.
    public func connect() throws -> PostgresConnection {
        switch self {
        case let .url(url):
            return try PostgresConnection(parameters: [("dbname", url)])
        case .environment:
            return try PostgresConnection(parameters: [])
        case let .embedded(cluster, database):
            try cluster.start()
            try cluster.createDatabaseIfMissing(database)
            return try PostgresConnection(parameters: cluster.connectionParameters(database: database))
        }
    }

    /// For messages: where the data lives, without any password.
    public var summary: String {
        switch self {
        case .url: "the database named by --database or DATABASE_URL"
        case .environment: "the database named by the PG* environment variables"
        case let .embedded(cluster, database): "database '\(database)' of the private cluster in \(cluster.directory.path)"
        }
    }
}

extension EmbeddedCluster {
    /// Creates `database` (owned by the cluster's role) unless it exists.
    ///
    /// - Parameter template: copy this database instead of the empty default.
    public func createDatabaseIfMissing(_ database: String, template: String? = nil) throws {
        let admin = try PostgresConnection(parameters: connectionParameters(database: "postgres"))
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]).rows.isEmpty == false
        guard !exists else { return }
        do {
            let create: SQL = "CREATE DATABASE \(Identifier(quoting: database))"
            try admin.query(template.map { "\(create) TEMPLATE \(Identifier(quoting: $0))" } ?? create)
        } catch let error as PostgresError where error.sqlState == "42P04" {
            // Created by another process meanwhile.
        }
    }

    /// Drops `database` if it exists.
    public func dropDatabase(_ database: String) throws {
        let admin = try PostgresConnection(parameters: connectionParameters(database: "postgres"))
        try admin.query("DROP DATABASE IF EXISTS \(Identifier(quoting: database)) WITH (FORCE)")
    }
}
