import ArgumentParser
import SettleCore
import SettleStore

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Who did what, when: every change of state, oldest first.",
        discussion: """
            Contract loads, imports, holds and releases, runs, closes and payout files, each with the \\
            time (UTC), the database role and the operating-system user. The database refuses to change \\
            or delete an entry.

            Example: settle log --period 2026-10
            """
    )

    @Option(help: ArgumentHelp("Only entries of this period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period?

    @Option(help: "Only entries about this provider.")
    var provider: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let entries = try database.openStore().auditLog(period: period, provider: provider)
        guard !entries.isEmpty else {
            print("The log has no entries" + (period.map { " for \($0)" } ?? "") + (provider.map { " about \($0)" } ?? "") + ".")
            return
        }
        let rows = entries.map { entry in
            [entry.at, "\(entry.dbRole) (\(entry.osUser))", entry.action, entry.period?.description ?? "", entry.provider ?? "",
             entry.details]
        }
        print(StatementTable.table([["when", "by (database role, os user)", "action", "period", "provider", "details"]] + rows,
                                   rightAligned: []))
    }
}
