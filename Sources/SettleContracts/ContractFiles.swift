import SettleCore
import Foundation

/// Every contract version and the payer found in a set of contract files.
public struct ContractCatalog: Sendable, Hashable {
    /// Ordered by contract id, then version; a version found in two files with the same content
    /// appears once.
    public var contracts: [SourcedContract]
    public var payer: SourcedPayer?
}

/// Reading and checking contract files (docs/REFERENCE.md §1).
public enum ContractFiles {
    /// Parses one file's text.
    ///
    /// - Parameter file: the path to name in diagnostics.
    /// - Returns: the document, or every problem in the file.
    public static func parse(_ text: String, file: String) -> Result<ContractDocument, ContractErrors> {
        let log = DiagnosticLog(file: file)
        let root: Node?
        do {
            // Scalars are read as written (YAMLReader decides what a value is).
            root = try YAMLComposer.compose(text)
        } catch {
            return .failure(ContractErrors([syntaxDiagnostic(error, file: file, text: text)]))
        }
        guard let root else {
            log.error(at: SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected a contract")
            return .failure(ContractErrors(log.diagnostics))
        }
        let document = ContractParser(reader: YAMLReader(log: log), text: text).document(root)
        guard let document, log.diagnostics.isEmpty else { return .failure(ContractErrors(log.diagnostics)) }
        return .success(document)
    }

    /// Where a file that is not UTF-8 goes wrong: UTF-16 (a byte-order mark or a NUL byte), or the
    /// line and column of the first byte that is not UTF-8.
    static func notUTF8(_ bytes: [UInt8], file: String) -> Diagnostic {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.prefix(2).contains(0) {
            return Diagnostic(file: file, line: 1, column: 1, message: "is UTF-16 text; save it as UTF-8 (most editors offer it under Save As, Encoding)")
        }
        var line = 1, lineStart = 0, index = 0
        while index < bytes.count {
            let length = bytes[index] < 0x80 ? 1 : bytes[index] >= 0xF0 ? 4 : bytes[index] >= 0xE0 ? 3 : 2
            let end = min(index + length, bytes.count)
            if String(validating: bytes[index..<end], as: UTF8.self) == nil {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                let byte = String(bytes[index], radix: 16, uppercase: true)
                return Diagnostic(file: file, line: line, column: column,
                                  message: "is not UTF-8 text: the byte 0x\(byte) here is not UTF-8; save the file as UTF-8")
            }
            if bytes[index] == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
            index = end
        }
        return Diagnostic(file: file, line: 0, column: 0, message: "is not UTF-8 text")
    }

    /// Reads every file named (a folder stands for its `*.yaml` and `*.yml` files), parses each,
    /// and checks the rules that span files.
    ///
    /// - Parameter progress: files read so far and of how many, called on the calling thread.
    /// - Returns: the catalog, or every problem of every file.
    public static func load(paths: [String], progress: (_ done: Int, _ total: Int) -> Void = { _, _ in })
        -> Result<ContractCatalog, ContractErrors> {
        var diagnostics: [Diagnostic] = []
        var contracts: [SourcedContract] = []
        var payers: [SourcedPayer] = []
        let files = expand(paths, diagnostics: &diagnostics)
        // Files parse independently: on every core, a chunk at a time (results kept in file order,
        // and progress told between chunks).
        for start in stride(from: 0, to: files.count, by: parseChunk) {
            let chunk = Array(files[start..<min(start + parseChunk, files.count)])
            for result in chunk.concurrentMap(read) {
                switch result {
                case let .success(.contract(contract)): contracts.append(contract)
                case let .success(.payer(payer)): payers.append(payer)
                case let .failure(errors): diagnostics += errors.diagnostics
                }
            }
            progress(start + chunk.count, files.count)
        }
        diagnostics += ContractRules.check(contracts)
        diagnostics += ContractRules.checkSelfBilling(contracts, payer: payers.first)
        for extra in payers.dropFirst() {
            diagnostics.append(Diagnostic(file: extra.file, line: 1, column: 1,
                                          message: "a second payer file; the payer is already defined in \(payers[0].file)"))
        }
        guard diagnostics.isEmpty else { return .failure(ContractErrors(diagnostics)) }
        return .success(ContractCatalog(contracts: ContractRules.distinct(contracts), payer: payers.first))
    }

    /// Files parsed between two calls of `load`'s progress.
    static let parseChunk = 500

    /// Reads and parses one file.
    @Sendable private static func read(_ file: String) -> Result<ContractDocument, ContractErrors> {
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(ContractErrors([Diagnostic(file: file, line: 0, column: 0, message: "cannot be read")]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ContractErrors([notUTF8(Array(data), file: file)]))
        }
        return parse(text, file: file)
    }

    /// The largest contract file read (the sample contracts are about 1 KiB).
    static let maxFileBytes = 1 << 20

    private static func expand(_ paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                diagnostics.append(Diagnostic(file: path, line: 0, column: 0, message: "no such file or folder"))
                continue
            }
            guard isFolder.boolValue else {
                // A device or a pipe would be read forever, and no contract is a megabyte.
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                if attributes?[.type] as? FileAttributeType != .typeRegular {
                    diagnostics.append(Diagnostic(file: path, line: 0, column: 0, message: "is not a regular file; give a contract file or a folder of them"))
                } else if let size = attributes?[.size] as? Int, size > maxFileBytes {
                    diagnostics.append(Diagnostic(file: path, line: 0, column: 0, message: "is larger than 1 MiB; a contract file is a page of YAML"))
                } else {
                    files.append(path)
                }
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let yaml = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            if yaml.isEmpty {
                diagnostics.append(Diagnostic(file: path, line: 0, column: 0, message: "holds no .yaml contract files"))
            }
            let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
            files += yaml.map { "\(folder)/\($0)" }
        }
        return files
    }

    private static func syntaxDiagnostic(_ error: any Error, file: String, text: String) -> Diagnostic {
        switch error as? YAMLError {
        case let .syntax(problem, mark, context):
            var message = "YAML syntax error: " + problem
            if character(in: text, at: mark) == "\t" {
                message = "YAML syntax error: a tab cannot indent YAML; indent with spaces"
            } else if let context, let opener = character(in: text, at: context.mark), "{[".contains(opener) {
                message += " (the '\(opener)' opened on line \(context.mark.line), column \(context.mark.column))"
            } else if let context {
                message += " (\(context.text) on line \(context.mark.line), column \(context.mark.column))"
            }
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: message)
        case let .duplicateKey(key, first):
            let repeated = secondOccurrence(of: key, after: first, in: text) ?? (first.line, first.column)
            let place = repeated.column == 1 ? " in the contract" : ""
            return Diagnostic(file: file, line: repeated.line, column: repeated.column,
                              message: "duplicate key '\(key)'\(place)")
        case .unreadable, nil:
            return Diagnostic(file: file, line: 1, column: 1, message: "is not valid YAML")
        }
    }

    /// The character at a libyaml mark (1-based line and column, counted in Unicode scalars).
    private static func character(in text: String, at mark: Node.Mark) -> Character? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[mark.column - 1])
    }

    /// Where a key written twice in a block mapping appears the second time: the next line after
    /// the first that starts with `key:` at the same column.
    private static func secondOccurrence(of key: String, after first: Node.Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count >= first.column else { continue }
            let rest = String(String.UnicodeScalarView(scalars[(first.column - 1)...]))
            let indent = scalars[..<(first.column - 1)].allSatisfy { $0 == " " || $0 == "-" }
            if indent, rest.hasPrefix(key + ":") || rest.hasPrefix(key + " :") {
                return (index + 1, first.column)
            }
        }
        return nil
    }
}
