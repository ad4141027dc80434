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

extension ProgressBar {
    /// A run's stage as a third of the bar; providers are the size that decides plain lines.
    func show(_ stage: RunStage) {
        switch stage {
        case .waiting: update(0, of: 3, size: .max, label: "waiting for an import, contract load, hold change or run in progress to finish")
        case .summing(let providers): update(0, of: 3, size: Int64(providers), label: "summing \(providers.grouped) providers' rows")
        case .computing(let providers): update(1, of: 3, size: Int64(providers), label: "computing \(providers.grouped) statements")
        case .storing(let statements): update(2, of: 3, size: Int64(statements), label: "storing \(statements.grouped) statements")
        }
    }
}
