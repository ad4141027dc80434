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
public enum AtomicFile {
    /// - Parameter durable: flush the file to disk before the rename (a payout file); a statement
    ///   that can be written again skips it.
    public static func write(_ text: String, to path: String, permissions: UInt32 = 0o600, durable: Bool = true) throws {
        // Split by hand: `URL` parsing showed in the profile of 60,000 statement files.
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder == "/" ? "" : folder)/.\(name).\(getpid()).tmp"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY, permissions)
        guard descriptor >= 0 else { throw AtomicFileError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var ok = false
        defer {
            close(descriptor)
            if !ok { unlink(temporary) }
        }
        var text = text
        try text.withUTF8 { bytes in
            var written = 0
            while written < bytes.count {
                let result = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
                guard result > 0 else { throw AtomicFileError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
                written += result
            }
        }
        guard fchmod(descriptor, permissions) == 0, !durable || fsync(descriptor) == 0 else {
            throw AtomicFileError("cannot flush \(temporary): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            throw AtomicFileError("cannot move the file into place at \(path): \(String(cString: strerror(errno)))")
        }
        ok = true
        if durable {
            // The rename itself reaches the disk only with its folder.
            let folderDescriptor = open(folder, O_RDONLY)
            if folderDescriptor >= 0 { fsync(folderDescriptor); close(folderDescriptor) }
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
