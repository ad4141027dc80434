import ArgumentParser
import SettleCore
import SettleMonthEnd

struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a computed period: its statements can no longer change.",
        discussion: """
            A closed period is never reopened, so a month closes only once it has ended (today comes \
            from SETTLE_TODAY, YYYY-MM-DD, or the clock). Rows that arrive later are settled as \
            prior-period adjustments in the next open period.

            Example: settle close 2026-10
            """
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Flag(help: "Close a month that has not ended yet (recorded as an early close).")
    var early = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let today = try Today.resolve()
        try MonthEnd(store: database.openStore()).close(period, today: today, early: early)
        print(period.lastDay >= today ? "\(period) is closed (early: it ends on \(period.lastDay); recorded)." : "\(period) is closed.")
    }
}
