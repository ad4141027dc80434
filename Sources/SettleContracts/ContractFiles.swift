import SettleCore
import Foundation
import Yams

/// Every contract version and the payer found in a set of contract files.
public struct ContractCatalog: Sendable, Hashable {
    /// Ordered by contract id, then version; a version found in two files with the same content
    /// appears once.
    public var contracts: [SourcedContract]
    public var payer: SourcedPayer?
}

/// Reading and checking contract files (SPEC §1).
public enum ContractFiles {
    /// Parses one file's text.
    ///
    /// - Parameter file: the path to name in diagnostics.
    /// - Returns: the document, or every problem in the file.
    public static func parse(_ text: String, file: String) -> Result<ContractDocument, ContractErrors> {
        let log = DiagnosticLog(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            return .failure(ContractErrors([syntaxDiagnostic(error, file: file)]))
        }
        guard let root else {
            log.error(at: SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected a contract")
            return .failure(ContractErrors(log.diagnostics))
        }
        let document = ContractParser(reader: YAMLReader(log: log)).document(root)
        guard let document, log.diagnostics.isEmpty else { return .failure(ContractErrors(log.diagnostics)) }
        return .success(document)
    }

    /// Reads every file named (a folder stands for its `*.yaml` and `*.yml` files), parses each,
    /// and checks the rules that span files.
    ///
    /// - Returns: the catalog, or every problem of every file.
    public static func load(paths: [String]) -> Result<ContractCatalog, ContractErrors> {
        var diagnostics: [Diagnostic] = []
        var documents: [ContractDocument] = []
        for file in expand(paths, diagnostics: &diagnostics) {
            guard let data = FileManager.default.contents(atPath: file) else {
                diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "cannot be read"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "is not UTF-8 text"))
                continue
            }
            switch parse(text, file: file) {
            case let .success(document): documents.append(document)
            case let .failure(errors): diagnostics += errors.diagnostics
            }
        }
        let contracts = documents.compactMap { if case let .contract(c) = $0 { c } else { nil } }
        let payers = documents.compactMap { if case let .payer(p) = $0 { p } else { nil } }
        diagnostics += ContractRules.check(contracts)
        for extra in payers.dropFirst() {
            diagnostics.append(Diagnostic(file: extra.file, line: 1, column: 1,
                                          message: "a second payer file; the payer is already defined in \(payers[0].file)"))
        }
        guard diagnostics.isEmpty else { return .failure(ContractErrors(diagnostics)) }
        return .success(ContractCatalog(contracts: ContractRules.distinct(contracts), payer: payers.first))
    }

    private static func expand(_ paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                diagnostics.append(Diagnostic(file: path, line: 0, column: 0, message: "no such file or folder"))
                continue
            }
            guard isFolder.boolValue else { files.append(path); continue }
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

    private static func syntaxDiagnostic(_ error: any Error, file: String) -> Diagnostic {
        let located: (String, Mark)? = switch error as? YamlError {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            (problem, mark)
        default: nil
        }
        guard let (problem, mark) = located else {
            return Diagnostic(file: file, line: 1, column: 1, message: "is not valid YAML: \(error)")
        }
        return Diagnostic(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(problem)")
    }
}
