package import Foundation
package import SettleStore
#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL every store test runs on: the project's own private cluster, always.
///
/// That is `EmbeddedCluster.forProject` at the package root (or under `SETTLE_HOME` when it is
/// set), the same cluster `settle` uses with no database configured. `DATABASE_URL` and the `PG*`
/// variables are deliberately ignored: the tests create and drop a database per test, which is no
/// business of somebody's real server. The cluster is started by the first test that needs it
/// (`start()` is idempotent and safe across processes) and left running for the next run.
///
/// Per test process there are two template databases, built once: `migrated` (the schema) and
/// `loaded` (the schema and the sample programme of `contracts/`). Each test copies one into a
/// database of its own, so tests run in parallel without seeing each other.
package enum TestCluster {
    /// The package root, three levels up from this file.
    package static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    package static let contracts = packageRoot.appendingPathComponent("contracts")
    package static let cluster = EmbeddedCluster.forProject(currentDirectory: packageRoot.path)

    /// What a fresh test database holds.
    package enum Content: Sendable {
        /// Nothing: not even the schema.
        case empty
        /// The schema.
        case migrated
        /// The schema and the sample programme (7 contract versions, 5 providers, the payer).
        case loaded
    }

    /// A Swift `static let` is initialised exactly once, under a lock, on first use: that is the
    /// guard that keeps parallel tests from starting the cluster or building a template twice.
    private static let started: Result<Void, any Error> = Result {
        try cluster.start()
        try dropLeftovers()
        atexit { TestCluster.dropTemplates() }
    }

    private static let migratedTemplate: Result<String, any Error> = Result {
        try start()
        return try makeTemplate("migrated") { try Store($0).migrate() }
    }

    private static let loadedTemplate: Result<String, any Error> = Result {
        try start()
        return try makeTemplate("loaded") { connection in
            let store = Store(connection)
            try store.migrate()
            _ = try Programme.load(into: store)
        }
    }

    package static func start() throws { try started.get() }

    /// The template to copy for `content`; `nil` for an empty database.
    package static func template(for content: Content) throws -> String? {
        switch content {
        case .empty: nil
        case .migrated: try migratedTemplate.get()
        case .loaded: try loadedTemplate.get()
        }
    }

    /// A new database name: `settle_test_<pid>_<random>` (a-z, 0-9 and `_` only).
    package static func newDatabaseName() -> String {
        "settle_test_\(getpid())_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// The `application_name` of the tests' own sessions, so that a test can tell them from the
    /// sessions of the `settle` processes it starts.
    package static let applicationName = "settle-tests"

    package static func connect(_ database: String) throws -> PostgresConnection {
        try PostgresConnection(parameters: cluster.connectionParameters(database: database)
            + [("application_name", applicationName)])
    }

    /// `--database` for the `settle` binary: the cluster's libpq parameters as a keyword string,
    /// each value single-quoted with `\` and `'` escaped as libpq reads them.
    package static func connectionString(_ database: String) -> String {
        cluster.connectionParameters(database: database).map { key, value in
            key + "='" + value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "'", with: "\\'") + "'"
        }.joined(separator: " ")
    }

    /// Builds a template under a name of its own process; the connection that fills it is closed
    /// before anyone copies it (PostgreSQL refuses to copy a database someone is connected to).
    private static func makeTemplate(_ suffix: String, fill: (PostgresConnection) throws -> Void) throws -> String {
        let name = "settle_tpl_\(getpid())_\(suffix)"
        try cluster.dropDatabase(name)
        try cluster.createDatabaseIfMissing(name)
        try fill(try connect(name))
        return name
    }

    /// Drops this process's templates; run at exit.
    private static func dropTemplates() {
        for suffix in ["migrated", "loaded"] {
            try? cluster.dropDatabase("settle_tpl_\(getpid())_\(suffix)")
        }
    }

    /// Drops the test databases and templates of test processes that are gone (killed, crashed).
    private static func dropLeftovers() throws {
        let admin = try connect("postgres")
        let names = try admin.query("""
            SELECT datname FROM pg_database WHERE datname ~ '^settle_(test|tpl)_[0-9]+_[a-z0-9]+$'
            """).rows.compactMap { $0[0] }
        for name in names {
            guard let pid = Int32(name.split(separator: "_")[2]), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? cluster.dropDatabase(name)
            }
        }
    }
}
