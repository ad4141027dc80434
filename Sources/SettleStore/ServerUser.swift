import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The operating-system user that runs the private cluster's programs: the current user, or
/// `postgres` when Settle runs as root (PostgreSQL refuses to run as root).
struct ServerUser {
    /// `nil` when the current user runs the server itself.
    let name: String?

    static func current(owning directory: URL) throws -> ServerUser {
        guard getuid() == 0 else { return ServerUser(name: nil) }
        guard getpwnam("postgres") != nil else {
            throw ClusterError("running as root, the private PostgreSQL needs the 'postgres' user; install the "
                               + "Debian package 'postgresql'")
        }
        let user = ServerUser(name: "postgres")
        try user.own(directory)
        return user
    }

    /// Whether the `postgres` user can traverse every folder down to `path`.
    static func canReach(_ path: String) -> Bool {
        guard getpwnam("postgres") != nil else { return false }
        return (try? ServerUser(name: "postgres").run("/usr/bin/test", ["-x", path], allowFailure: true)) == 0
    }

    /// Hands `url` (recursively) to the server user, unless it has it already: a running
    /// server's folder is left alone, since it removes and recycles WAL files while `chown -R`
    /// walks it (which then fails on a file that has just gone).
    func own(_ url: URL) throws {
        guard let name, let user = getpwnam(name) else { return }
        var status = stat()
        if stat(url.path, &status) == 0, status.st_uid == user.pointee.pw_uid { return }
        try ServerUser(name: nil).run("/bin/chown", ["-R", "\(name):\(name)", url.path])
    }

    /// Runs a program as this user and waits for it; its output is returned in the error on failure.
    ///
    /// Uses `posix_spawn` and `waitpid` with output to a temporary file rather than `Process` and a
    /// pipe: `pg_ctl start` leaves a daemon behind, which must not keep us waiting.
    @discardableResult
    func run(_ program: String, _ arguments: [String], allowFailure: Bool = false) throws -> Int32 {
        let argv = (name.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [program] + arguments
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("settle-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw ClusterError("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        if exitCode != 0 && !allowFailure {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            let tool = URL(fileURLWithPath: program).lastPathComponent
            throw ClusterError("\(tool) failed (exit \(exitCode)): " + output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return exitCode
    }
}
