import Foundation

/// Where the command line writes: results to stdout, problems to stderr.
enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes without a newline (progress redraws).
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// A refusal of a command at run time, printed as one sentence (`ValidationError` is for bad
/// usage and also prints the usage line).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
