import Foundation
import SettleStore

extension TestDatabase {
    struct DumpFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// `pg_dump --data-only` of the whole database: every row of every table (partitions, the
    /// audit log included) and every sequence's value (`setval`). The random
    /// `\restrict` key newer pg_dump versions print is left out, so that two dumps of the same
    /// data are the same text.
    package func dataDump() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try EmbeddedCluster.binary("pg_dump"))
        process.arguments = ["--data-only", "--no-owner", "--dbname", connectionString]
        process.environment = SettleBinary.environment()
        let output = folder.appendingPathComponent("dump-\(UInt32.random(in: 0...UInt32.max)).sql")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DumpFailed(description: "pg_dump exited with \(process.terminationStatus)") }
        let text = try String(contentsOf: output, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
            .joined(separator: "\n")
    }
}
