import ArgumentParser
import SettleCore
import SettleMonthEnd

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute a closed period from what its run read and compare with the stored statements.",
        discussion: "Example: settle verify 2026-10"
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let differences = try MonthEnd(store: database.openStore()).verify(period)
        guard differences.isEmpty else {
            for difference in differences { Terminal.error(difference) }
            Terminal.error("\(period) does NOT verify: \(differences.count) difference\(differences.count == 1 ? "" : "s") between the stored statements and a recomputation.")
            throw ExitCode.failure
        }
        print("\(period) verifies: every stored statement matches a recomputation from the same inputs.")
    }
}
