import ArgumentParser
import SettleCore
import SettleExport
import SettleStore

extension PayoutsCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The state of each transfer of a period's payout files at the bank.",
            discussion: """
                Each transfer is sent when its payout file is written, then accepted, settled, rejected \
                or returned as `settle bank import` reads the bank's status reports and notifications. \
                --json prints an array of {provider, end_to_end_id, amount, currency, state, reason_code, \
                reason, changes: [{state, at, file}]}.

                Example: settle payouts status 2026-10 --json
                """
        )

        @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
        var period: Period

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let statuses = try database.openStore().transferStatuses(of: period)
            if json {
                print(TransferStatusText.json(statuses))
            } else if statuses.isEmpty {
                print("No payout file of \(period) was recorded, so there is no transfer; write one with `settle payouts \(period) --out FILE`.")
            } else {
                print(TransferStatusText.table(statuses))
            }
        }
    }
}
