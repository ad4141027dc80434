public import ArgumentParser
import SettleCore
import SettleStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file of revenue, compute hours or FX rates, whole or not at all.",
        discussion: """
            Rows whose ref is already stored with the same content are skipped, so a file can be sent \
            again safely; the same ref with other content refuses the whole file. Rows whose cells are \
            all empty are skipped and counted. Corrections are new rows: a negative amount, or \
            negative hours that reverse over-reported ones.

            Example: settle import revenue revenue-2026-10.csv --delimiter ';' --dry-run
            """
    )

    @Argument(help: ArgumentHelp("What the file holds.", valueName: "dataset"))
    var dataset: Dataset

    @Argument(help: "The CSV file.")
    var file: String

    @Option(help: ArgumentHelp("The character between fields, such as ';' for a spreadsheet's CSV (never guessed).",
                               valueName: "char"))
    var delimiter = ","

    @Flag(help: "Run every check and print the summary, but store nothing.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard delimiterByte != nil else {
            throw ValidationError("--delimiter must be one character other than a quote or a line break, such as ';' or '\\t' for a tab, not '\(delimiter)'.")
        }
    }

    /// The delimiter as one ASCII byte; `\t` (as typed) is a tab.
    private var delimiterByte: UInt8? {
        let text = delimiter == "\\t" ? "\t" : delimiter
        guard text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80,
              !["\"", "\n", "\r"].contains(text) else { return nil }
        return byte
    }

    func run() throws {
        let store = try database.openStore()
        let bar = ProgressBar(title: "Importing \(file)")
        let options = ImportOptions(delimiter: delimiterByte!, dryRun: dryRun)
        let summary = try store.importFile(file, as: dataset, options: options) { done, total in bar.update(done, of: total) }
        bar.finish()
        let empty = summary.emptyRowsSkipped
        print("\(file): \(summary.rowsRead.grouped) rows read, \(summary.rowsNew.grouped) new, "
              + "\(summary.rowsPresent.grouped) already present"
              + (empty > 0 ? ", \(empty.grouped) empty row\(empty == 1 ? "" : "s") skipped" : "")
              + (summary.dryRun ? " (a dry run: nothing was stored)." : "."))
    }
}

/// `--help` lists the datasets, completion offers them, and a wrong one is refused naming them.
extension Dataset: ExpressibleByArgument {}
