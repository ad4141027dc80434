import Foundation
#if canImport(Glibc)
import Glibc
/// `write(2)`, named so that it is not taken for a method of the same name.
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes a file so that it is never seen half-written: a temporary file beside it
/// (`.NAME.PID.tmp`), created with the final permissions, flushed to disk, then renamed over the
/// target. What a killed writer left behind is removed by the next command that writes there
/// (`removeLeftovers(in:)`).
///
/// A file that need not be durable (a statement) is written on Linux as an unnamed file in its
/// folder (`O_TMPFILE`) and linked into place: one directory entry made instead of a temporary
/// one made, looked up and renamed, and nothing left behind by a killed writer. An existing
/// target is still replaced by a rename.
public enum AtomicFile {
    /// - Parameter durable: flush the file to disk before the rename (a payout file); a statement
    ///   that can be written again skips it.
    public static func write(_ text: String, to path: String, permissions: UInt32 = 0o600, durable: Bool = true) throws {
        // Split by hand: `URL` parsing showed in the profile of 60,000 statement files.
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder == "/" ? "" : folder)/.\(name).\(getpid()).tmp"
        if !durable, try writeUnnamed(text, in: folder, to: path, temporary: temporary, permissions: permissions) { return }
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY, permissions)
        guard descriptor >= 0 else { throw AtomicFileError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var ok = false
        defer {
            close(descriptor)
            if !ok { unlink(temporary) }
        }
        try fill(descriptor, with: text, named: temporary, permissions: permissions)
        guard !durable || fsync(descriptor) == 0 else {
            throw AtomicFileError("cannot flush \(temporary): \(String(cString: strerror(errno)))")
        }
        try move(temporary, to: path)
        ok = true
        if durable {
            // The rename itself reaches the disk only with its folder.
            let folderDescriptor = open(folder, O_RDONLY)
            if folderDescriptor >= 0 { fsync(folderDescriptor); close(folderDescriptor) }
        }
    }

    /// Writes `text` as an unnamed file in `folder` and links it at `path` (through `temporary`
    /// and a rename when `path` exists).
    ///
    /// - Returns: false when the system cannot make unnamed files there (the caller writes a
    ///   named temporary file instead).
    private static func writeUnnamed(_ text: String, in folder: String, to path: String, temporary: String,
                                     permissions: UInt32) throws -> Bool {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        // `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`) is a macro Swift does not import; this is its
        // value on these architectures.
        let descriptor = open(folder, 0o20000000 | O_DIRECTORY | O_WRONLY, permissions)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        try fill(descriptor, with: text, named: path, permissions: permissions)
        // Linking the descriptor itself (`AT_EMPTY_PATH`) needs a privilege; its /proc name does not.
        let unnamed = "/proc/self/fd/\(descriptor)"
        if linkat(AT_FDCWD, unnamed, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 { return true }
        guard errno == EEXIST else { return false }
        guard linkat(AT_FDCWD, unnamed, AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 else {
            throw AtomicFileError("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        do { try move(temporary, to: path) } catch { unlink(temporary); throw error }
        return true
        #else
        return false
        #endif
    }

    /// Writes all of `text` to `descriptor` and gives it `permissions` (whatever the umask).
    private static func fill(_ descriptor: Int32, with text: String, named: String, permissions: UInt32) throws {
        var text = text
        try text.withUTF8 { bytes in
            var written = 0
            while written < bytes.count {
                let result = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
                guard result > 0 else { throw AtomicFileError("cannot write \(named): \(String(cString: strerror(errno)))") }
                written += result
            }
        }
        guard fchmod(descriptor, permissions) == 0 else {
            throw AtomicFileError("cannot set the permissions of \(named): \(String(cString: strerror(errno)))")
        }
    }

    private static func move(_ temporary: String, to path: String) throws {
        guard rename(temporary, path) == 0 else {
            throw AtomicFileError("cannot move the file into place at \(path): \(String(cString: strerror(errno)))")
        }
    }
}

extension AtomicFile {
    /// Removes the temporary files (`.NAME.PID.tmp`) in `folder` whose writing process is gone: a
    /// writer killed between creating and renaming one.
    public static func removeLeftovers(in folder: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(".") && entry.hasSuffix(".tmp") {
            let parts = entry.dropLast(4).split(separator: ".")
            // Called before this process makes any of its own, so even its own pid (a reused one,
            // as pid 1 in a container) marks a file left by a writer that is gone.
            guard let pid = parts.last.flatMap({ Int32($0) }) else { continue }
            if pid == getpid() { unlink(folder + "/" + entry); continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry) }
        }
    }
}

public struct AtomicFileError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
