import Foundation
import SettleContracts
import Testing

/// The programme with one typo introduced, loaded from a temporary copy.
@Suite("A typo in the real programme")
struct TypoTests {
    @Test("'rat:' for 'rate:' fails the whole load, naming file:line:column and the key meant")
    func misspeltRate() throws {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("settle-contracts-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: folder) }
        try manager.copyItem(at: Paths.contracts, to: folder)
        let file = folder.appendingPathComponent("acme-cloud-v1.yaml")
        let original = try text(file)
        let typo = original.replacingOccurrences(of: "    rate: 10%\n", with: "    rat: 10%\n")
        #expect(typo != original)
        try typo.write(to: file, atomically: true, encoding: .utf8)

        #expect(printed(ContractFiles.load(paths: [folder.path])) == """
            \(file.path):26:5: unknown key 'rat' in rule 'api-share' (a revenue_share rule); did you mean 'rate'?

            """)
        #expect(printed(ContractFiles.load(paths: [Paths.contracts.path])) == "OK\n")
    }

    @Test("a rate written as a fraction without '%' is hinted as the percentage meant",
          arguments: [("0.12", "12"), ("0.075", "7.5"), ("10", "10"), ("1", "1"), ("100", "100")])
    func rateWithoutPercent(written: String, meant: String) throws {
        let source = try text(Paths.contracts.appendingPathComponent("acme-cloud-v1.yaml"))
            .replacingOccurrences(of: "    rate: 10%\n", with: "    rate: \(written)\n")
        let errors = try #require(ContractFiles.parse(source, file: "acme.yaml").failure)
        #expect(errors.diagnostics.map(\.description) == [
            "acme.yaml:26:11: 'rate' must be a percentage with '%', not '\(written)'; did you mean \(meant)%?",
        ])
    }
}
