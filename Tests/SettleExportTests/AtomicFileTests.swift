import Foundation
import SettleExport
import Testing

/// A statement file (not durable) is linked into place unnamed; a payout file (durable) goes
/// through a named temporary file. Either way: the final bytes and permissions, an existing file
/// replaced, and no temporary file left behind.
@Suite("Atomic file")
struct AtomicFileTests {
    @Test("writes, then replaces, with the given permissions and nothing left over", arguments: [false, true])
    func writesAndReplaces(durable: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("p-1.json").path
        try AtomicFile.write("first\n", to: path, permissions: 0o644, durable: durable)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        try AtomicFile.write("second, longer\n", to: path, permissions: 0o644, durable: durable)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second, longer\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["p-1.json"])
    }
}
