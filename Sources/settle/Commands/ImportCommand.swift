import ArgumentParser
import SettleStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file of revenue, compute hours or FX rates, whole or not at all.",
        discussion: """
            Rows whose ref is already stored with the same content are skipped, so a file can be sent \
            again safely; the same ref with other content refuses the whole file.
            """
    )

    @Argument(help: ArgumentHelp("revenue, compute-hours or fx-rates.", valueName: "dataset"),
              transform: Self.dataset)
    var dataset: Dataset

    @Argument(help: "The CSV file.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    static func dataset(_ text: String) throws -> Dataset {
        guard let dataset = Dataset(rawValue: text) else {
            throw ValidationError("'\(text)' is not a dataset; use revenue, compute-hours or fx-rates.")
        }
        return dataset
    }

    func run() throws {
        let store = try database.openStore()
        let bar = ProgressBar(title: "Importing \(file)")
        let summary = try store.importFile(file, as: dataset) { done, total in bar.update(done, of: total) }
        bar.finish()
        print("\(file): \(Format.count(summary.rowsRead)) rows read, \(Format.count(summary.rowsNew)) new, "
              + "\(Format.count(summary.rowsPresent)) already present.")
    }
}
