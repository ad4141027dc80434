import Foundation
import SettleContracts
import SettleCore

/// Where the test data lives, found from this file's own path (no SwiftPM resources).
enum Paths {
    /// `Tests/SettleContractsTests`.
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The package root, three levels up from this file.
    static let package = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = tests.appendingPathComponent("Fixtures")
    /// The real programme.
    static let contracts = package.appendingPathComponent("contracts")

    /// The names of the files in `folder` ending in `suffix`, without it, sorted.
    static func names(in folder: URL, ending suffix: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return all.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }
}

/// Reads a UTF-8 text file.
func text(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

/// What a partner manager would see: every diagnostic, one per line, each ending in a newline;
/// `OK` when there is nothing to report.
func printed<T>(_ result: Result<T, ContractErrors>) -> String {
    switch result {
    case .success: "OK\n"
    case let .failure(errors): errors.description + "\n"
    }
}

/// Parses one contract file's text, naming it `file` in diagnostics.
func contract(_ text: String, file: String = "test.yaml") throws -> Contract {
    guard case let .contract(sourced) = try ContractFiles.parse(text, file: file).get() else {
        throw Unexpected("\(file) holds a payer, not a contract")
    }
    return sourced.contract
}

struct Unexpected: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
