public import Foundation
import SettleCore
#if canImport(Glibc)
import Glibc
#endif

/// Settle's private PostgreSQL cluster: created and started on first use, reused afterwards.
///
/// It listens on a Unix socket in its own folder and on no TCP port. `initdb` and `postgres`
/// refuse to run as root, so when Settle runs as root the cluster belongs to the `postgres` user.
public struct EmbeddedCluster: Sendable {
    /// Holds `data/` (the cluster), `socket/` and `postgres.log`.
    public let directory: URL
    /// The role created by `initdb`, the owner of every database of the cluster.
    public static let role = "settle"

    public init(directory: URL) {
        self.directory = directory.standardizedFileURL
    }

    /// `SETTLE_HOME/postgres` when set, else `.settle/postgres` in the current folder. When Settle
    /// runs as root and the `postgres` user cannot reach that folder (a checkout under a private
    /// home folder), a folder under `/tmp` named after the project stands in for it.
    public static func forProject(environment: [String: String] = ProcessInfo.processInfo.environment,
                                  currentDirectory: String = FileManager.default.currentDirectoryPath)
        -> EmbeddedCluster {
        let home = environment["SETTLE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: currentDirectory).appendingPathComponent(".settle")
        let preferred = home.appendingPathComponent("postgres")
        guard getuid() == 0, !ServerUser.canReach(home.deletingLastPathComponent().path) else {
            return EmbeddedCluster(directory: preferred)
        }
        let tag = String(UInt32(truncatingIfNeeded: stableHash(preferred.path)), radix: 16)
        return EmbeddedCluster(directory: URL(fileURLWithPath: "/tmp/settle-postgres-\(tag)"))
    }

    var dataDirectory: URL { directory.appendingPathComponent("data") }
    var socketDirectory: URL { directory.appendingPathComponent("socket") }
    var logFile: URL { directory.appendingPathComponent("postgres.log") }

    /// libpq parameters for `database` on this cluster.
    public func connectionParameters(database: String) -> [(String, String)] {
        [("host", socketDirectory.path), ("dbname", database), ("user", Self.role)]
    }

    /// The same parameters as a libpq keyword string, for psql and `--database`.
    public func connectionString(database: String) -> String {
        connectionParameters(database: database).map { key, value in
            "\(key)='" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }.joined(separator: " ")
    }

    /// Creates the cluster if it does not exist and starts it if it is not running. Safe to call
    /// from several processes at once.
    public func start() throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ClusterError("cannot create \(directory.path): \(error.localizedDescription)")
        }
        try withLock {
            let server = try ServerUser.current(owning: directory)
            if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
                try initialize(as: server)
            }
            if try server.run(Self.binary("pg_ctl"), ["status", "-D", dataDirectory.path], allowFailure: true) != 0 {
                try server.run(Self.binary("pg_ctl"), ["start", "-D", dataDirectory.path, "-l", logFile.path,
                                                       "-w", "-t", "120", "-s"])
            } else if try serverPredatesItsProgram() {
                // A package upgrade replaced the server's program and libraries under it: the
                // running server can no longer load them ("could not load library plpgsql.so").
                try server.run(Self.binary("pg_ctl"), ["restart", "-D", dataDirectory.path, "-l", logFile.path,
                                                       "-m", "fast", "-w", "-t", "120", "-s"])
            }
        }
    }

    /// Whether the running server started before its program was last installed: the start time
    /// is the third line of `postmaster.pid` (seconds since the epoch).
    func serverPredatesItsProgram() throws -> Bool {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid").path
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return false }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 2, let started = TimeInterval(lines[2].trimmingCharacters(in: .whitespaces)),
              let installed = try FileManager.default.attributesOfItem(atPath: Self.binary("postgres"))[.modificationDate] as? Date
        else { return false }
        return installed.timeIntervalSince1970 > started
    }

    /// Stops the cluster if it runs.
    ///
    /// - Parameter immediately: as a crash would (`-m immediate`: no checkpoint, sessions cut off),
    ///   for tests of a server that fails mid-way; otherwise `-m fast`.
    public func stop(immediately: Bool = false) throws {
        try withLock {
            guard FileManager.default.fileExists(atPath: dataDirectory.path) else { return }
            let server = try ServerUser.current(owning: directory)
            try server.run(Self.binary("pg_ctl"), ["stop", "-D", dataDirectory.path, "-m", immediately ? "immediate" : "fast", "-s"],
                           allowFailure: true)
        }
    }

    private func initialize(as server: ServerUser) throws {
        try? FileManager.default.removeItem(at: dataDirectory)
        try server.run(Self.binary("initdb"), ["-D", dataDirectory.path, "-U", Self.role, "--auth=trust",
                                               "--encoding=UTF8", "--no-locale", "--no-instructions"])
        try FileManager.default.createDirectoryIfMissing(socketDirectory)
        try server.own(socketDirectory)
        // Socket only, in our own folder; settings for month-end bulk work.
        let settings = """

            # Settle's private cluster
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory.path.replacingOccurrences(of: "'", with: "''"))'
            unix_socket_permissions = 0700
            max_wal_size = '4GB'
            shared_buffers = '256MB'
            work_mem = '64MB'
            maintenance_work_mem = '256MB'

            """
        let config = dataDirectory.appendingPathComponent("postgresql.conf")
        do {
            let handle = try FileHandle(forWritingTo: config)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(settings.utf8))
        } catch {
            throw ClusterError("cannot configure \(config.path): \(error.localizedDescription)")
        }
    }

    /// Serialises cluster creation and start between processes.
    private func withLock(_ body: () throws -> Void) throws {
        let path = directory.appendingPathComponent("cluster.lock").path
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw ClusterError("cannot open the lock file \(path)") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw ClusterError("cannot lock \(path)") }
        defer { flock(descriptor, LOCK_UN) }
        try body()
    }

    /// A PostgreSQL server program: from `pg_config --bindir` when it exists, else the newest
    /// Debian install under /usr/lib/postgresql.
    package static func binary(_ name: String) throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let path = "\(root)/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ClusterError("PostgreSQL's \(name) was not found under \(root); install the Debian package "
                           + "'postgresql' (scripts/demo.sh and scripts/test.sh do)")
    }
}

/// Why the private cluster could not be created or started.
public struct ClusterError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension FileManager {
    func createDirectoryIfMissing(_ url: URL) throws {
        do {
            try createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ClusterError("cannot create \(url.path): \(error.localizedDescription)")
        }
    }
}
