import ArgumentParser
import Foundation
import SettleCore
import SettleExport
import SettleStore

struct PayoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
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
        let outcome = try Self.write(store: store, period: period, out: out, reissue: reissue, reason: reason,
                                     today: try Today.resolve(), validator: try XMLSchemaValidator.pain001())
        if reissue, let outcome {
            let files = try store.payoutFiles(of: period)
            if let first = files.first, first.issue != outcome.record.issue {
                Terminal.error("Warning: the first payout file of \(period) (\(first.messageID), written \(first.writtenAt)) may "
                               + "already be at the bank; make sure it is withdrawn there, or the providers are paid twice.")
                for file in [first, outcome.record] {
                    let sums = try store.payoutFileDocument(period: period, issue: file.issue).map(PayoutFile.sumsPerCurrency) ?? []
                    Terminal.error("  \(file.messageID): " + (sums.isEmpty ? "sums not recorded" : sums.joined(separator: ", ")))
                }
            }
        }
        switch outcome {
        case nil:
            print("No payout is due for \(period); no file was written.")
        case .written(let record):
            print("Wrote \(out): \(Self.summary(record))\(record.reissue ? " (reissue \(record.issue), recorded)" : "").")
        case .completed(let record):
            print("Completed \(out): \(Self.summary(record)); an earlier run recorded this file but did not finish "
                  + "writing it, so it was written again with the same bytes and message id, not as a new file.")
        }
    }

    static func summary(_ record: PayoutFileRecord) -> String {
        "\(record.messageID), \(record.transactions) transfer\(record.transactions == 1 ? "" : "s"), control sum \(record.controlSum)"
    }

    /// Builds, validates, writes and records the period's payout file; `nil` when none is due.
    ///
    /// - Parameter today: the day the file is made: execution dates that have passed move to it.
    static func write(store: Store, period: Period, out: String, reissue: Bool, reason: String? = nil, today: Day,
                      validator: XMLSchemaValidator) throws -> PayoutFileOutcome? {
        guard try store.status(of: period) == .closed else {
            throw CommandError("\(period) is not closed; payouts are made only for a closed period (`settle close \(period)`).")
        }
        guard let payer = try store.storedPayer() else {
            throw CommandError("No payer is loaded; load contracts/payer.yaml with `settle contracts load`.")
        }
        try OutputPath.file(out)
        return try store.recordPayoutFile(period: period, reissue: reissue, reason: reason, path: out, make: { issue, earlier in
            if let first = earlier.first, !reissue {
                throw CommandError("A payout file for \(period) was already written (\(first.messageID) to \(first.path) on \(first.writtenAt)); pass --reissue to write it again.")
            }
            try store.requireApproval(period, before: "its payout file is written")
            // Under the month-end lock: the statements paid are the ones closed, unchanged since.
            if let tampered = try store.statementsTampered(in: period) {
                throw CommandError("No payout file was written: \(tampered); run `settle verify \(period)` to see what changed.")
            }
            let statements = try store.statements(of: period).map(\.statement)
            guard let file = PayoutFile.make(period: period, statements: statements, payer: payer, issue: issue,
                                             created: utcNow(), today: today) else { return nil }
            let problems = validator.problems(in: file.xml)
                + PayoutFile.problems(period: period, statements: statements, payer: payer, file: file)
            guard problems.isEmpty else {
                throw CommandError("The payout file for \(period) was not written; it fails its checks: " + problems.joined(separator: "; "))
            }
            return (file.messageID, file.xml, file.transactionCount, PayoutFile.decimal(file.controlSum),
                    PayoutFile.sumsPerCurrency(file.xml).joined(separator: ", "))
        }, write: { path, text in
            AtomicFile.removeLeftovers(in: URL(fileURLWithPath: path).deletingLastPathComponent().path)
            try AtomicFile.write(text, to: path, permissions: 0o600)
        })
    }

    /// Now in UTC, `YYYY-MM-DDThh:mm:ss`.
    static func utcNow() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return String(formatter.string(from: Date()).prefix(19))
    }
}
