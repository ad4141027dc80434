import Foundation
import SettleContracts
import SettleCore
import Testing

/// Contract files that are not UTF-8, and numbers past what can be stored, are named with
/// file:line:column like every other mistake.
@Suite("Contract files: encodings and ranges")
struct EncodingAndRangeTests {
    func load(_ bytes: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("settle-\(UUID().uuidString).yaml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return printed(ContractFiles.load(paths: [file.path])).replacingOccurrences(of: file.path, with: "f.yaml")
    }

    @Test("a Latin-1 byte is named at its line and column")
    func latin1() throws {
        let bytes = Array("contract: a-2026\nversion: 1\nprovider: {id: a, name: M".utf8) + [0xFC] + Array("ller, country: DE}\n".utf8)
        #expect(try load(bytes) == "f.yaml:3:26: is not UTF-8 text: the byte 0xFC here is not UTF-8; save the file as UTF-8\n")
    }

    @Test("a UTF-16 file is named as such")
    func utf16() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("contract: a\n".utf8).flatMap { byte -> [UInt8] in [byte, 0] }
        #expect(try load(bytes) == "f.yaml:1:1: is UTF-16 text; save it as UTF-8 (most editors offer it under Save As, Encoding)\n")
    }

    @Test("a version past what the database holds, and payment terms of absurd length, are refused by check", arguments: [
        ("version: 1", "version: 2147483648", "'version' must be a whole number from 1 to 2147483647, not '2147483648'"),
        ("net_days: 30", "net_days: 99999999999", "'net_days' must be a whole number from 0 to 3650, not '99999999999'"),
    ])
    func ranges(original: String, changed: String, message: String) throws {
        let source = try text(Paths.contracts.appendingPathComponent("acme-cloud-v1.yaml"))
        let edited = source.replacingOccurrences(of: original, with: changed)
        #expect(edited != source)
        let errors = try #require(ContractFiles.parse(edited, file: "acme.yaml").failure)
        #expect(errors.diagnostics.map(\.message) == [message])
    }

    /// Found by the fuzzer: a value with a line break made a diagnostic of two lines.
    @Test("a value with a line break in it is shown escaped: every diagnostic is one line")
    func lineBreakInAValue() throws {
        let source = try text(Paths.contracts.appendingPathComponent("acme-cloud-v1.yaml"))
        let edited = source.replacingOccurrences(of: "iban: DE89370400440532013000", with: "iban: \"DE89 3704\\n0044\"")
        #expect(edited != source)
        let errors = try #require(ContractFiles.parse(edited, file: "acme.yaml").failure)
        #expect(errors.diagnostics.map(\.message) == ["'iban' must be written without spaces: 'DE893704\\n0044'"])
    }

    @Test("a device, and a file of megabytes, are refused without being read")
    func notAContractFile() throws {
        #expect(printed(ContractFiles.load(paths: ["/dev/zero"]))
                == "/dev/zero: is not a regular file; give a contract file or a folder of them\n")
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("settle-big-\(UUID().uuidString).yaml")
        try Data(repeating: UInt8(ascii: "#"), count: 2 << 20).write(to: big)
        defer { try? FileManager.default.removeItem(at: big) }
        #expect(printed(ContractFiles.load(paths: [big.path])) == "\(big.path): is larger than 1 MiB; a contract file is a page of YAML\n")
    }

    @Test("payer.yaml may ask for four eyes; anything but true or false is named")
    func fourEyes() throws {
        let payer = try text(Paths.contracts.appendingPathComponent("payer.yaml"))
        guard case let .success(.payer(on)) = ContractFiles.parse(payer + "controls: {four_eyes: true}\n", file: "payer.yaml") else {
            Issue.record("payer.yaml with controls does not parse")
            return
        }
        #expect(on.payer.requiresFourEyes)
        guard case let .success(.payer(off)) = ContractFiles.parse(payer, file: "payer.yaml") else { return }
        #expect(!off.payer.requiresFourEyes && off.payer.fourEyes == nil)
        let errors = try #require(ContractFiles.parse(payer + "controls: {four_eyes: yes}\n", file: "payer.yaml").failure)
        #expect(errors.diagnostics.map(\.message) == ["'controls.four_eyes' must be true or false, not 'yes'"])
    }
}
