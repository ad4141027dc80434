import Foundation
import SettleContracts
import SettleCore
import SettleSampleData
@testable import SettleStore
import SettleTestSupport
import Testing

/// A seeded fuzzer over the two readers of hostile input: the contract parser and the CSV reader
/// (with every value check). The sample contracts and a sample of CSV files are mutated (bytes
/// flipped, inserted, deleted, repeated, spliced) and read; nothing may crash or hang, and every
/// refusal must be one line that names the file. CI runs a fixed number of iterations;
/// `scripts/fuzz.sh` runs as many as asked, from any seed (`SETTLE_FUZZ_ITERATIONS`,
/// `SETTLE_FUZZ_SEED`).
@Suite("Fuzzing the readers of hostile input")
struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["SETTLE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2_000
    static let seed = environment["SETTLE_FUZZ_SEED"].flatMap(UInt64.init) ?? 2026

    @Test("mutated contract files: a document or one-line errors naming the file, never a crash")
    func contracts() throws {
        let folder = TestCluster.contracts
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
        var mutator = Mutator(seed: Self.seed, corpus: seeds)
        for iteration in 0..<Self.iterations {
            let bytes = mutator.mutated()
            if let text = String(validating: bytes, as: UTF8.self) {
                if case let .failure(errors) = ContractFiles.parse(text, file: "fuzz.yaml") { check(errors, file: "fuzz.yaml", iteration) }
            } else {
                // Bytes that are not UTF-8 go the way of a file on disk.
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("settle-fuzz-\(Self.seed)-\(ProcessInfo.processInfo.processIdentifier).yaml")
                try Data(bytes).write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                let loaded = ContractFiles.load(paths: [file.path])
                if case let .failure(errors) = loaded { check(errors, file: file.path, iteration) }
            }
        }
    }

    /// The direct import's byte checks take a row exactly when the dataset's checks do (its
    /// provider known), and write the same COPY text.
    func directPathAgrees(_ fields: CSVReader.Fields, _ values: Result<[String?], ImportError.Problem>, _ layout: CSVLayout,
                          _ iteration: Int) {
        let providerIndex = layout.columns.firstIndex { $0.sqlName.name == "provider_id" }!
        let known: Set<String> = if case let .success(checked) = values, let provider = checked[providerIndex] { [provider] } else { [] }
        var encoder = DirectRowEncoder(layout: layout, providers: known, importID: "7")
        var rollups = RollupAccumulator(dataset: layout.dataset)
        var bytes: [UInt8] = []
        let row = encoder.encode(fields, into: &bytes, rollups: &rollups)
        switch values {
        case let .success(checked):
            #expect(row != nil && bytes == CopyText.row(checked + ["7"]), "iteration \(iteration): \(checked)")
        case .failure:
            #expect(row == nil, "iteration \(iteration): the direct path took a row the checks refuse")
        }
    }

    func check(_ errors: ContractErrors, file: String, _ iteration: Int) {
        for diagnostic in errors.diagnostics {
            let line = diagnostic.description
            #expect(!line.contains("\n") && line.hasPrefix(file), "iteration \(iteration), seed \(Self.seed): \(line)")
        }
    }

    @Test("mutated CSV files: checked values or one-line problems with a line number, never a crash or a hang")
    func csv() throws {
        let seeds = [Sample.revenue, Sample.computeHours, Sample.fxRates].map { Array($0.utf8) }
        var mutator = Mutator(seed: Self.seed &+ 1, corpus: seeds)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("settle-fuzz-\(Self.seed)-\(ProcessInfo.processInfo.processIdentifier).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        for iteration in 0..<Self.iterations {
            let bytes = mutator.mutated()
            try Data(bytes).write(to: file)
            for dataset in Dataset.allCases {
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                var reader = CSVReader(handle: handle, delimiter: mutator.pickDelimiter())
                var records = 0
                do {
                    let layout = try CSVLayout(reader: &reader, dataset: dataset, file: "fuzz.csv")
                    while let record = try reader.next() {
                        records += 1
                        #expect(records <= bytes.count + 1, "iteration \(iteration): more records than bytes")
                        let values = layout.values(of: record)
                        if case let .failure(problem) = values {
                            #expect(!problem.message.contains("\n") && problem.line >= 1, "iteration \(iteration): \(problem)")
                        }
                        if dataset.isPartitioned { directPathAgrees(reader.fields, values, layout, iteration) }
                    }
                } catch let error as ImportError {
                    #expect(error.problems.allSatisfy { !$0.message.contains("\n") }, "iteration \(iteration): \(error)")
                } catch let problem as CSVReader.Problem {
                    #expect(!problem.located.message.contains("\n"), "iteration \(iteration): \(problem)")
                }
            }
        }
    }
}

/// Seeded mutations of a corpus of files.
struct Mutator {
    private var random: SeededRandom
    private let corpus: [[UInt8]]
    /// Bytes that mean something to YAML or CSV, and a few that mean trouble.
    private static let interesting: [UInt8] = Array("\",\n\r:-{}[]%#&*!|>'.0123456789 \t;\\".utf8) + [0, 0xFF, 0xC3, 0xE2, 0x80]

    init(seed: UInt64, corpus: [[UInt8]]) {
        random = SeededRandom(seed: seed)
        self.corpus = corpus
    }

    mutating func pickDelimiter() -> UInt8 { random.chance(80) ? UInt8(ascii: ",") : UInt8(ascii: ";") }

    mutating func mutated() -> [UInt8] {
        var bytes = random.pick(corpus)
        for _ in 0..<random.int(1...8) {
            let at = bytes.isEmpty ? 0 : random.int(0...(bytes.count - 1))
            switch random.int(0...5) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.insert(random.pick(Self.interesting), at: at)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + random.int(1...40)))
            case 3 where !bytes.isEmpty:
                let chunk = Array(bytes[at..<min(bytes.count, at + random.int(1...80))])
                bytes.insert(contentsOf: Array(repeating: chunk, count: random.int(1...4)).joined(), at: at)
            case 4:
                let other = random.pick(corpus)
                guard !other.isEmpty else { continue }
                let from = random.int(0...(other.count - 1))
                bytes.insert(contentsOf: other[from..<min(other.count, from + random.int(1...120))], at: at)
            default: bytes.insert(contentsOf: Array(repeating: random.pick(Self.interesting), count: random.int(1...300)), at: at)
            }
        }
        return bytes
    }
}
