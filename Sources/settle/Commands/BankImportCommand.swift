import ArgumentParser
import SettleOperations

extension BankCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a pain.002 status report or a camt.054 notification from the bank.",
            discussion: """
                Reads pain.002.001.10, pain.002.001.03 and camt.054.001.08, each checked against its \
                official XSD. The file is imported whole or not at all; a file imported before (the same \
                bytes or the same message id) changes nothing. Entries that match no transfer, or match \
                one with another amount, are listed and stored as unmatched.

                Example: settle bank import status-2026-10.xml
                """
        )

        @Argument(help: ArgumentHelp("The bank's XML file.", valueName: "file"))
        var file: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try database.openStore()
            let (type, outcome) = try BankImport.importFile(store: store, path: file)
            BankImport.summary(path: file, type: type, outcome: outcome).forEach { print($0) }
        }
    }
}
