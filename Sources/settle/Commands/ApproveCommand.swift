import ArgumentParser
import SettleCore
import SettleStore

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "A second person's approval of a period's run, where payer.yaml asks for four eyes.",
        discussion: """
            With `controls: {four_eyes: true}` in payer.yaml, close and payouts (and --reissue) need an \
            approval of the period's current run by a database role other than the one that ran it; \
            running the period again voids the approval.

            Example: settle approve 2026-10 --database "host=/var/run/postgresql dbname=settle user=controller"
            """
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let approved = try database.openStore().approve(period)
        print("\(period): run \(approved.runID), run by \(approved.runBy), is approved; it can be closed and paid.")
    }
}
