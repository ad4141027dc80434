import ArgumentParser
import SettleCore
import SettleExport
import SettleOperations
import SettleStore

struct PayoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Write the ISO 20022 pain.001.001.09 payout file of a closed period, or show its transfers' states.",
        discussion: """
            `settle payouts PERIOD --out FILE` writes the file (the default subcommand, write); \
            `settle payouts status PERIOD` shows where each transfer stands at the bank.

            Example: settle payouts 2026-10 --out payouts-2026-10.xml
            Example: settle payouts status 2026-10
            """,
        // `settle payouts PERIOD --out FILE` runs the default subcommand; `status` is the other.
        subcommands: [Write.self, Status.self],
        defaultSubcommand: Write.self
    )
}

extension PayoutsCommand {
    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "Write the ISO 20022 pain.001.001.09 payout file of a closed period.",
            discussion: """
                The file is validated against the official XSD and checked for what the XSD cannot see \
                before it is written; it is written atomically, readable by its owner only, and recorded. \
                A second file for the same period is refused unless --reissue --reason TEXT is given \
                (recorded and logged, with a warning that the first file may already be at the bank).

                Example: settle payouts 2026-10 --out payouts-2026-10.xml
                """
        )

        @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
        var period: Period

        @Option(help: "The file to write.")
        var out: String

        @Flag(help: "Write the period's payout file again (a new message id; recorded as a reissue).")
        var reissue = false

        @Option(help: "Why the file is written again (required with --reissue).")
        var reason: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if reissue && (reason ?? "").allSatisfy(\.isWhitespace) {
                throw ValidationError("--reissue needs --reason: say why the payout file is written again.")
            }
            if !reissue && reason != nil { throw ValidationError("--reason goes with --reissue.") }
        }

        func run() throws {
            let store = try database.openStore()
            let outcome = try PayoutFiles.write(store: store, period: period, out: out, reissue: reissue, reason: reason,
                                                today: try Today.resolve(), validator: try XMLSchemaValidator.pain001())
            if reissue, let outcome {
                try PayoutFiles.reissueWarning(store: store, period: period, written: outcome.record).forEach(Terminal.error)
            }
            switch outcome {
            case nil:
                print("No payout is due for \(period); no file was written.")
            case .written(let record):
                print("Wrote \(out): \(PayoutFiles.summary(record))\(record.reissue ? " (reissue \(record.issue), recorded)" : "").")
            case .completed(let record):
                print("Completed \(out): \(PayoutFiles.summary(record)); an earlier run recorded this file but did not finish "
                      + "writing it, so it was written again with the same bytes and message id, not as a new file.")
            }
        }
    }
}
