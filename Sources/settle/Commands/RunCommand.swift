import ArgumentParser
import SettleCore
import SettleExport
import SettleMonthEnd

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Compute (or recompute) a period's statements as a draft.",
        discussion: """
            Same inputs, same result, byte for byte. Review with `settle show`, then `settle close`.

            Example: settle run 2026-10
            """
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Flag(help: "Recompute every provider, not only those with rows or holds changed since the draft.")
    var recomputeAll = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let bar = ProgressBar(title: "Running \(period)", plainThreshold: 500)
        let summary = try {
            defer { bar.finish() }
            return try MonthEnd(store: database.openStore()) { stage in bar.show(stage) }.run(period, recomputeAll: recomputeAll)
        }()
        let count = summary.statements
        let kept = count - summary.recomputed
        print("\(period) computed: \(count) statement\(count == 1 ? "" : "s")"
              + (kept > 0 ? " (\(summary.recomputed) recomputed after new rows or holds, \(kept) unchanged)" : "")
              + "; payouts " + (summary.payouts.isEmpty ? "none" : summary.payouts.map { "\($0.grouped) \($0.currency)" }.joined(separator: ", "))
              + ". Review with `settle show \(period)`, then `settle close \(period)`.")
        print(UnsettledText.summary(period, summary.unsettled))
    }
}

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

extension ProgressBar {
    /// A run's stage as a third of the bar; providers are the size that decides plain lines.
    func show(_ stage: RunStage) {
        switch stage {
        case .waiting: update(0, of: 3, size: .max, label: "waiting for an import, contract load, hold change or run in progress to finish")
        case .summing(let providers): update(0, of: 3, size: Int64(providers), label: "summing \(Format.count(providers)) providers' rows")
        case .computing(let providers): update(1, of: 3, size: Int64(providers), label: "computing \(Format.count(providers)) statements")
        case .storing(let statements): update(2, of: 3, size: Int64(statements), label: "storing \(Format.count(statements)) statements")
        }
    }
}
