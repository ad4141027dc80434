import Foundation

/// Where the command line writes: results to stdout, problems to stderr.
enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
