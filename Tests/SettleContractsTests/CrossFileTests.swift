import Foundation
import SettleContracts
import SettleCore
import Testing

/// Each folder under `Fixtures/crossfile/` is loaded whole; its sibling `NAME.expected` holds the
/// exact output, with paths written relative to `Fixtures/`.
@Suite("Rules that span files: exact diagnostics")
struct CrossFileTests {
    static let folder = Paths.fixtures.appendingPathComponent("crossfile")
    static let failing = Paths.names(in: folder, ending: ".expected")

    /// Loads `paths` and prints the result with the fixture root cut from every path.
    static func load(_ paths: [String]) -> String {
        printed(ContractFiles.load(paths: paths))
            .replacingOccurrences(of: Paths.fixtures.path + "/", with: "")
    }

    @Test("every cross-file case prints exactly its expected diagnostics", arguments: failing)
    func diagnostics(name: String) throws {
        let expected = try text(Self.folder.appendingPathComponent("\(name).expected"))
        #expect(Self.load([Self.folder.appendingPathComponent(name).path]) == expected)
    }

    @Test("the same version in two files with the same content is loaded once")
    func identicalCopies() throws {
        let folder = Self.folder.appendingPathComponent("same-version-twice-identical").path
        let catalog = try ContractFiles.load(paths: [folder]).get()
        #expect(catalog.contracts.map(\.contract.version) == [1])
        #expect(catalog.contracts.first?.file == folder + "/a.yaml")
        #expect(catalog.payer?.payer.name == "Lumen Compute Platform GmbH")
    }

    @Test("paths that name nothing, or a folder without contracts, are reported by path", arguments: [
        ("crossfile/nowhere", "crossfile/nowhere: no such file or folder\n"),
        ("crossfile", "crossfile: holds no .yaml contract files\n"),
    ])
    func badPaths(path: String, expected: String) {
        #expect(Self.load([Paths.fixtures.appendingPathComponent(path).path]) == expected)
    }
}
