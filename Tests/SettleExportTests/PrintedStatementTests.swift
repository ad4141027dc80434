import Foundation
import SettleCore
import SettleExport
import Testing

/// Statements and the finance summary as a provider or an auditor prints them: headless Chromium
/// prints the page to PDF, and poppler's `pdftotext` and `pdfinfo` read it back, page by page.
@Suite("Printed statements (headless Chromium)")
struct PrintedStatementTests {
    /// The statement of StatementFilesTests with its lines repeated, so that it runs over pages.
    static func longStatement() throws -> Statement {
        var statement = try StatementFilesTests.statement()
        statement.lines = Array(repeating: statement.lines, count: 8).flatMap { $0 }
        return statement
    }

    @Test("every printed page of a draft carries the DRAFT mark, a closed one none, both on A4")
    func draftMarkOnEveryPage() throws {
        let statement = try Self.longStatement()
        let template = StatementHTML.defaultTemplate()
        let draft = try Printed(StatementHTML.render(statement, status: .draft, contracts: StatementFilesTests.contracts(),
                                                     template: template))
        let closed = try Printed(StatementHTML.render(statement, status: .closed, contracts: StatementFilesTests.contracts(),
                                                      template: template))
        #expect(draft.pages.count >= 2, "the test needs a statement over several pages")
        for (number, page) in draft.pages.enumerated() {
            #expect(page.contains("DRAFT"), "page \(number + 1) of the draft has no DRAFT mark")
        }
        #expect(draft.pages[0].contains("nothing is paid on a draft"))
        #expect(!draft.text.contains("will be paid by") && !draft.text.contains("Paid out"))
        #expect(closed.pages.count == draft.pages.count)
        #expect(closed.pages.allSatisfy { !$0.contains("DRAFT") })
        #expect(closed.text.contains("0.50 EUR will be paid by 2026-10-30 with the reference STL-202609-hostile-cloud."))
        #expect(draft.pageSize == "594.96 x 841.92 pts (A4)" && closed.pageSize == draft.pageSize)
        // The terms the payout is checked against are printed, payee account first.
        let terms = closed.pages.last ?? ""
        #expect(terms.contains("hostile-2026, version 2 (from 2026-09-16)") && terms.contains("IBAN DE89370400440532013000"),
                "\(terms)")
    }

    @Test("each line expands into its derivation in the browser, without a script")
    func derivationsExpand() throws {
        let explained = try StatementFilesTests.explained()
        let html = StatementHTML.render(explained.statement, status: .closed, contracts: StatementFilesTests.contracts(),
                                        derivations: explained.derivations, template: StatementHTML.defaultTemplate())
        #expect(!html.lowercased().contains("<script"))
        #expect(html.components(separatedBy: "<details>").count - 1 == explained.statement.lines.count)
        // Folded, a line shows its explanation only; opened (as a reader's click does), its derivation.
        func words(_ text: String) -> String { text.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression) }
        let folded = words(try Printed(html).text)
        #expect(folded.contains("10% of 1,180.00 EUR api_usage revenue (200.00 USD at 0.9)"))
        #expect(!folded.contains("Exact 118.00 EUR"))
        let opened = words(try Printed(html.replacingOccurrences(of: "<details>", with: "<details open>")).text)
        // Every currency part, the contract currency's own too, adding up to the basis.
        for part in ["api_usage EUR 1 1,000.00 1 1,000.00", "api_usage USD 1 200.00 0.9 180.00", "Basis 2 1,180.00",
                     "1,180.00 EUR × 10%", "Exact 118.00 EUR, rounded half even to 118.00 EUR.",
                     "Corrects 2026-08: settled 100.00 EUR, now 112.50 EUR; caused by rows that arrived late."] {
            #expect(opened.contains(part), "the opened derivation lacks \(part)")
        }
    }

    @Test("a draft finance summary is marked on every printed page too")
    func draftReport() throws {
        let statements = (1...60).map { index in
            PayoutFileTests.statement("provider-\(index)", "Provider \(index)", "EUR", "\(index).00",
                                      account: .iban("DE89370400440532013000"), bic: nil)
        }
        let draft = try Printed(FinanceReport(period: Period("2026-10")!, status: .draft, statements: statements,
                                              contracts: []).html)
        #expect(draft.pages.count >= 2)
        #expect(draft.pages.allSatisfy { $0.contains("DRAFT") })
        let closed = try Printed(FinanceReport(period: Period("2026-10")!, status: .closed, statements: statements,
                                               contracts: []).html)
        #expect(closed.pages.allSatisfy { !$0.contains("DRAFT") })
    }
}

/// An HTML page printed to PDF by headless Chromium, and its text per page.
struct Printed {
    let text: String
    let pages: [String]
    /// As `pdfinfo` says it: `594.96 x 841.92 pts (A4)`.
    let pageSize: String

    init(_ html: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settle-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.html")
        let pdf = folder.appendingPathComponent("page.pdf")
        try Data(html.utf8).write(to: page)
        _ = try Self.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                      "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                                      "--print-to-pdf=\(pdf.path)", page.absoluteString])
        // -raw keeps text in content order, the rotated mark included.
        text = try Self.run("pdftotext", ["-raw", pdf.path, "-"])
        pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let info = try Self.run("pdfinfo", [pdf.path])
        pageSize = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }
            .map { $0.dropFirst("Page size:".count).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    struct ToolFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a tool found on PATH (`scripts/lib.sh` installs chromium and poppler-utils) and
    /// returns what it printed.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(description: "\(tool) exited with \(process.terminationStatus); is it installed (scripts/lib.sh)?")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
