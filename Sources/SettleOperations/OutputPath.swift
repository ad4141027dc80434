import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where `--out` points, checked before anything is made: one sentence a user can act on instead
/// of Foundation's error dump.
public enum OutputPath {
    /// Makes `path` a folder to write into (creating it and its parents), or says why it cannot be.
    public static func folder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw OperationError("Cannot write into \(path): it is a file, not a folder; give --out a folder.")
            }
        } else if let failure = makeFolders(path) {
            throw OperationError("Cannot create the folder \(path): \(failure); give --out a folder you can write to.")
        }
        guard access(path, W_OK) == 0 else {
            throw OperationError("Cannot write into \(path): \(String(cString: strerror(errno))); give --out a folder you can write to.")
        }
    }

    /// Checks that the file `path` can be written: its folder exists and takes new files.
    public static func file(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw OperationError("Cannot write \(path): it is a folder; give --out a file name such as payouts.xml.")
        }
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw OperationError("Cannot write \(path): the folder \(folder) does not exist; create it or give another --out.")
        }
        guard access(folder, W_OK) == 0 else {
            throw OperationError("Cannot write \(path): the folder \(folder) is not writable (\(String(cString: strerror(errno)))).")
        }
    }

    /// `mkdir -p`: nil when done, else the operating system's reason (`Not a directory`).
    private static func makeFolders(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
        }
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue ? nil : "Not a directory"
    }
}
