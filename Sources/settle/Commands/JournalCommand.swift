import ArgumentParser
import SettleCore
import SettleOperations

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Write the double-entry journal of a closed period as CSV.",
        discussion: """
            At close, each provider's earnings by rule type against partner payables, with its \
            charges; at payout (once a payout file is written), the payables against the bank of each \
            currency. Every entry balances per currency. Accounts come from `ledger:` in payer.yaml, \
            with documented defaults.

            Example: settle journal 2026-10 --out journal-2026-10.csv
            """
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Option(help: "The CSV file to write.")
    var out: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore()
        let written = try JournalFile.write(store: store, period: period, out: out)
        print("Wrote \(out): \(written.entries) entr\(written.entries == 1 ? "y" : "ies"), \(written.lines) line\(written.lines == 1 ? "" : "s") for \(period).")
    }
}
