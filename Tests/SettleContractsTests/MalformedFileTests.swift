import Foundation
import SettleContracts
import Testing

/// Each file under `Fixtures/malformed/` holds one family of mistakes; its sibling `.expected` file
/// is the exact text a partner manager reads, with the file named `malformed/NAME.yaml`.
@Suite("Malformed contract files: exact diagnostics")
struct MalformedFileTests {
    static let folder = Paths.fixtures.appendingPathComponent("malformed")
    static let names = Paths.names(in: folder, ending: ".yaml")

    @Test("every malformed file prints exactly its expected diagnostics", arguments: names)
    func diagnostics(name: String) throws {
        let source = try text(Self.folder.appendingPathComponent("\(name).yaml"))
        let expected = try text(Self.folder.appendingPathComponent("\(name).expected"))
        let output = printed(ContractFiles.parse(source, file: "malformed/\(name).yaml"))
        #expect(output == expected)
    }

    @Test("the corpus is complete: at least 30 files, each with its expected output")
    func corpus() {
        #expect(Self.names.count >= 30)
        #expect(Paths.names(in: Self.folder, ending: ".expected") == Self.names)
    }

    @Test("diagnostics come in line order, whatever order the parser finds them in")
    func lineOrder() throws {
        let source = try text(Self.folder.appendingPathComponent("several-errors.yaml"))
        let errors = try #require(ContractFiles.parse(source, file: "f.yaml").failure)
        let positions = errors.diagnostics.map { [$0.line, $0.column] }
        #expect(positions.count == 5)
        #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test("loading a folder with one bad file loads nothing and names only the bad file")
    func oneBadFileSpoilsTheLoad() throws {
        let bad = Self.folder.appendingPathComponent("rate-without-percent.yaml").path
        let result = ContractFiles.load(paths: [Paths.contracts.path, bad])
        #expect(printed(result) == """
            \(bad):21:11: 'rate' must be a percentage with '%', not '10'; did you mean 10%?

            """)
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(error) = self { error } else { nil }
    }
}
