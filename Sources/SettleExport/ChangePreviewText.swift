public import SettleCore

/// `settle preview` for people (docs/REFERENCE.md §8): per period and provider a table of the
/// lines as they stand, as proposed and the difference; then the adjustments the next run would
/// book, and the totals per currency.
///
/// ```
/// 2026-08 (closed)
///   prov-a, EUR: the closed statement beside the proposed one
///     rule        type           v  role  adjusts  current  proposed  difference
///     api-share   revenue_share  1                  159.00    109.00      -50.00
/// ```
public enum ChangePreviewText {
    public static func render(_ preview: ContractChangePreview) -> String {
        guard !preview.versions.isEmpty else {
            return "Nothing to preview: every version in the files is loaded already, with the same content."
        }
        var blocks = [heading(preview)]
        blocks += preview.holds.map { "Loading would put \($0.provider) on hold (\($0.reason)): its proposed open statements pay nothing." }
        blocks += periods(preview.periods)
        blocks.append(adjustments(preview))
        blocks.append("Totals, proposed minus current:\n" + indented(TextTable.render(
            [["currency", "earnings", "charges", "period net"]] + preview.totals.map {
                [$0.currency.code, $0.earnings.grouped, $0.charges.grouped, $0.periodNet.grouped]
            }, rightAligned: [1, 2, 3])))
        return blocks.joined(separator: "\n\n")
    }

    private static func heading(_ preview: ContractChangePreview) -> String {
        let versions = preview.versions.map { "\($0.id) version \($0.version) (from \($0.effective))" }
        let range = preview.periods.first.map { first in
            ", " + first.period.description + (preview.periods.count > 1 ? " to \(preview.periods[preview.periods.count - 1].period)" : "")
        } ?? ""
        return "Preview of \(versions.joinedInWords)\(range); nothing is loaded or written."
    }

    /// One block per period; a run of periods without facts in one line.
    private static func periods(_ periods: [ContractChangePreview.PeriodComparison]) -> [String] {
        var blocks: [String] = []
        var empty: [Period] = []
        func flush() {
            guard let first = empty.first, let last = empty.last else { return }
            blocks.append((first == last ? "\(first)" : "\(first) to \(last)") + ": nothing to compare, no facts yet.")
            empty = []
        }
        for period in periods {
            if !period.hasFacts { empty.append(period.period); continue }
            flush()
            blocks.append(self.period(period))
        }
        flush()
        return blocks
    }

    private static func period(_ period: ContractChangePreview.PeriodComparison) -> String {
        let title = "\(period.period) (\(period.status?.rawValue ?? "not run"))"
        guard !period.statements.isEmpty else { return title + ": none of these providers has a contract in force." }
        return title + "\n" + period.statements.map(comparison).joined(separator: "\n")
    }

    private static func comparison(_ comparison: StatementComparison) -> String {
        let current = comparison.currentStatus.map { "the \($0.rawValue) statement" } ?? "no statement yet"
        let proposed = comparison.proposed == nil ? "no contract in force" : "the proposed one"
        var rows = [["rule", "type", "v", "role", "adjusts", "current", "proposed", "difference"]]
        rows += comparison.lines.map { line in
            [line.line.rule, line.line.type.rawValue, String(line.line.version), line.line.role ?? "",
             line.line.adjusts?.description ?? "", line.current?.grouped ?? "", line.proposed?.grouped ?? "",
             line.difference.grouped]
        }
        let now = NetDifference(comparison.current, in: comparison.currency)
        let then = NetDifference(comparison.proposed, in: comparison.currency)
        let difference = comparison.difference
        rows += [("earnings", \NetDifference.earnings), ("charges", \.charges), ("period net", \.periodNet)].map { name, total in
            [name, "", "", "", "", comparison.current == nil ? "" : now[keyPath: total].grouped,
             comparison.proposed == nil ? "" : then[keyPath: total].grouped, difference[keyPath: total].grouped]
        }
        let on = "  \(comparison.provider), \(comparison.currency.code): \(current) beside \(proposed)"
        return on + "\n" + indented(TextTable.render(rows, rightAligned: [5, 6, 7]), by: 4)
    }

    private static func adjustments(_ preview: ContractChangePreview) -> String {
        guard let bookedIn = preview.bookedIn, !preview.adjustments.isEmpty else {
            return "Adjustments: none; the files change no closed period."
        }
        let rows = preview.adjustments.map { adjustment in
            let line = adjustment.line
            return [adjustment.provider, line.adjusts?.description ?? "", line.rule, line.type.rawValue, String(line.version),
                    line.role ?? "", line.amount.grouped]
        }
        return "Adjustments that `settle contracts load --retroactive` and the next run of \(bookedIn) would book "
            + "(not in the proposed statements):\n"
            + indented(TextTable.render([["provider", "adjusts", "rule", "type", "v", "role", "amount"]] + rows, rightAligned: [6]))
    }

    private static func indented(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }
}
