public import SettleCore

/// The finance summary of a period: totals per provider, per rule type and per stream, payouts per
/// currency, carried balances and providers on hold, as HTML and CSV.
public struct FinanceReport: Sendable {
    public let period: Period
    /// A draft report says so on every printed page and in every CSV row.
    public let status: StatementStatus
    public let statements: [Entry]
    /// The facts that count for nothing (docs/REFERENCE.md §4), per provider.
    public let unsettled: [(provider: String, item: Unsettled)]
    /// (section, name, amount) rows, sorted by name and currency within each section.
    public let totals: [(section: String, name: String, amount: Money)]

    /// - Parameter contracts: to find the streams of each line's rule.
    public init(period: Period, status: StatementStatus, statements: [Statement], contracts: [Contract],
                unsettled: [(provider: String, item: Unsettled)] = []) {
        var sums = Sums()
        sums.add(statements.map(StoredEntry.init))
        self.init(period: period, status: status, sums: sums,
                  streams: Streams(rules: contracts.flatMap { contract in contract.rules.map { (contract.id, contract.version, $0.id, $0.kind) } }),
                  unsettled: unsettled)
    }

    /// - Parameters:
    ///   - sums: the period's statements, added up as they were read.
    ///   - streams: the streams each line's rule reads.
    public init(period: Period, status: StatementStatus, sums: Sums, streams: Streams, unsettled: [(provider: String, item: Unsettled)] = []) {
        self.period = period
        self.status = status
        self.unsettled = unsettled
        statements = sums.entries.sorted { $0.provider.id < $1.provider.id }
        totals = sums.totals(streams: streams)
    }

    /// `report-providers.csv`: one row per provider.
    public var providersCSV: String {
        let header = ["period", "status", "provider", "name", "currency", "earnings", "charges", "period_net", "opening_balance", "payout",
                      "closing_balance", "on_hold", "due_date", "payment_reference"]
        let rows = statements.lazy.map { s in
            [period.description, status.rawValue, s.provider.id, s.provider.name, s.currency.code, s.earnings.description, s.charges.description,
             s.periodNet.description, s.openingBalance.description, s.payout.description, s.closingBalance.description,
             s.onHold ? "true" : "false", s.dueDate.description,
             s.isPayable(ignoringHold: true) ? PaymentReference.of(provider: s.provider.id, period: s.period) : ""]
        }
        return Self.csv(header, rows)
    }

    /// `report-totals.csv`: totals per rule type, per stream and payouts per currency.
    public var totalsCSV: String {
        (["period,status,section,name,currency,amount\r\n"] + totals.map {
            [period.description, status.rawValue, $0.section, $0.name, $0.amount.currency.code, $0.amount.description].map(StatementCSV.cell).joined(separator: ",") + "\r\n"
        }).joined()
    }

    /// `report-unsettled.csv`: the period's facts that count for nothing, one row per provider,
    /// reason, subject and currency.
    public var unsettledCSV: String {
        Self.csv(["period", "status"] + UnsettledText.header,
                 UnsettledText.rows(unsettled).lazy.map { [period.description, status.rawValue] + $0 })
    }

    /// `report.html`: the same, as one printable page.
    public var html: String {
        /// Written into one text as it goes: a row's cells are not joined into texts of their own,
        /// nor its rows (20,000 of them in issue 19's month) into a text of the body.
        func table(_ header: [String], _ rows: some Sequence<[String]>, numeric: Set<Int>) -> String {
            var out = "<table><thead><tr>"
            for (index, name) in header.enumerated() {
                out += numeric.contains(index) ? #"<th class="n">"# : "<th>"
                out += HTMLText.escape(name)
                out += "</th>"
            }
            out += "</tr></thead><tbody>\n"
            var first = true
            for row in rows {
                out += first ? "<tr>" : "\n<tr>"
                first = false
                for (index, cell) in row.enumerated() {
                    out += numeric.contains(index) ? #"<td class="n">"# : "<td>"
                    out += HTMLText.escape(cell)
                    out += "</td>"
                }
                out += "</tr>"
            }
            return out + "\n</tbody></table>"
        }
        let providers = table(["Provider", "Currency", "Earnings", "Charges", "Net", "Opening", "Payout", "Closing", "Hold"],
                              statements.lazy.map { s in
            [s.provider.id, s.currency.code, s.earnings.grouped, s.charges.grouped, s.periodNet.grouped,
             s.openingBalance.grouped, s.payout.grouped, s.closingBalance.grouped, s.onHold ? "on hold" : ""]
        }, numeric: Set(2...7))
        let sections = ["rule type", "stream", "payouts"].map { section in
            "<h2>Totals per \(section == "payouts" ? "currency: payouts" : section)</h2>\n"
                + table([section == "payouts" ? "" : section, "Currency", "Amount"],
                        totals.filter { $0.section == section }.map { [$0.name, $0.amount.currency.code, $0.amount.grouped] },
                        numeric: [2])
        }.joined(separator: "\n")
        let carried = statements.filter { !$0.closingBalance.isZero }
        let held = statements.filter(\.onHold)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Settle finance summary \(period)</title>
            <style>
            body { font: 14px/1.4 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 1000px; margin: 0 auto; padding: 24px; color: #1d2433; }
            table { border-collapse: collapse; width: 100%; margin-bottom: 8px; }
            th, td { padding: 5px 8px; border-bottom: 1px solid #d9dde6; text-align: left; }
            th { font-size: 12px; color: #5b6478; } .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            h2 { font-size: 15px; margin-top: 28px; }
            .draft-banner { border: 2px solid #b3261e; color: #b3261e; padding: 8px 12px; }
            .draft-mark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; transform: rotate(-30deg);
                          font-size: 120px; font-weight: 800; letter-spacing: .1em; color: rgba(179, 38, 30, .14); z-index: 10; }
            @page { size: A4; margin: 16mm 14mm; }
            @media print { body { padding: 0; max-width: none; } tr { break-inside: avoid; } }
            </style></head><body>
            \(status == .draft ? draftMark : "")
            <h1>Finance summary \(period)\(status == .draft ? " (draft)" : "")</h1>
            <p>\(count(statements.count, "statement")); \(count(statements.filter { $0.isPayable(ignoringHold: true) }.count, "payout")); \(count(carried.count, "balance")) carried forward; \(count(held.count, "provider")) on hold.</p>
            <h2>Per provider</h2>
            \(providers)
            \(sections)
            <h2>Carried balances</h2>
            \(table(["Provider", "Currency", "Closing balance"], carried.map { [$0.provider.id, $0.currency.code, $0.closingBalance.grouped] }, numeric: [2]))
            <h2>On hold</h2>
            \(table(["Provider", "Currency", "Withheld balance"], held.map { [$0.provider.id, $0.currency.code, $0.closingBalance.grouped] }, numeric: [2]))
            <h2>Unsettled data</h2>
            <p>\(HTMLText.escape(UnsettledText.summary(period, unsettled)))</p>
            \(unsettled.isEmpty ? "" : table(["Provider", "Reason", "Subject", "Currency", "Rows", "Quantity", "Amount", "Hours"],
                                             UnsettledText.rows(unsettled, grouped: true), numeric: Set(4...7)))
            </body></html>

            """
    }
}

extension FinanceReport {
    /// What the summary shows of a statement: its stored document without its lines and what the
    /// summary never shows (the payee, the returned payouts).
    public struct Entry: Sendable, Decodable {
        public let provider: Provider
        public let period: Period
        public let currency: Currency
        public let earnings, charges, periodNet, openingBalance, payout, closingBalance: Money
        public let dueDate: Day
        public let onHold: Bool

        /// As `Statement.isPayable(ignoringHold:)`.
        public func isPayable(ignoringHold: Bool = false) -> Bool {
            payout.isPositive && (ignoringHold || !onHold)
        }
    }

    /// What the summary reads of a stored statement: its entry, and of each line only what the
    /// totals add up (not its explanation, basis, rate or days), so that 20,000 of them decode in a
    /// fraction of the time whole statements take (issue 19). The lines are added up as each page
    /// is read (`Sums.add`) and not kept.
    public struct StoredEntry: Sendable, Decodable {
        public let entry: Entry
        public let lines: [Line]

        public struct Line: Sendable, Decodable {
            public let rule: String
            public let type: LineType
            public let contract: String
            public let version: Int
            public let amount: Money
            public let adjusts: Period?
        }

        private enum CodingKeys: String, CodingKey { case lines }

        public init(from decoder: any Decoder) throws {
            entry = try Entry(from: decoder)
            lines = try decoder.container(keyedBy: CodingKeys.self).decode([Line].self, forKey: .lines)
        }

        public init(_ statement: Statement) {
            entry = Entry(provider: statement.provider, period: statement.period, currency: statement.currency,
                          earnings: statement.earnings, charges: statement.charges, periodNet: statement.periodNet,
                          openingBalance: statement.openingBalance, payout: statement.payout,
                          closingBalance: statement.closingBalance, dueDate: statement.dueDate, onHold: statement.onHold)
            lines = statement.lines.map {
                Line(rule: $0.rule, type: $0.type, contract: $0.contract, version: $0.version, amount: $0.amount, adjusts: $0.adjusts)
            }
        }
    }

    /// The name of the streams each rule of each contract version reads, for the totals per stream.
    public struct Streams: Sendable {
        fileprivate var names: [RuleKey: String] = [:]

        /// - Parameter rules: the kind of each rule of each contract version (`Store.ruleKinds()`:
        ///   the report needs no more of the contracts).
        public init(rules: [(contract: String, version: Int, rule: String, kind: Rule.Kind)]) {
            names.reserveCapacity(rules.count)
            for rule in rules {
                names[RuleKey(contract: rule.contract, version: rule.version, rule: rule.rule)] = switch rule.kind {
                case let .revenueShare(streams, _), let .perUnit(streams, _), let .discount(streams, _, _):
                    streams.joined(separator: " + ")
                case .volumeBonus: "(compute hours)"
                case .fixed: "(fixed amounts)"
                }
            }
        }
    }

    fileprivate struct RuleKey: Hashable { let contract: String, version: Int, rule: String }

    /// The totals per rule type, per rule and the payouts per currency, added up a page of
    /// statements at a time, and the statements' entries without their lines. The totals per rule
    /// become totals per stream at the end (`totals(streams:)`), so that the rules can be read
    /// while the statements are (issue 19).
    public struct Sums: Sendable {
        /// A line's rule, and its type and currency, which name it when its rule reads no stream.
        private struct RuleLine: Hashable { let rule: RuleKey, type: LineType, currency: Currency }
        private struct Key: Hashable, Comparable {
            let name: String, currency: Currency
            static func < (a: Key, b: Key) -> Bool { (a.name, a.currency.code) < (b.name, b.currency.code) }
        }
        private var byType: [Key: Money] = [:], byRule: [RuleLine: Money] = [:], payouts: [Key: Money] = [:]
        public private(set) var entries: [Entry] = []

        public init() {}

        public mutating func add(_ statements: [StoredEntry]) {
            entries.reserveCapacity(entries.count + statements.count)
            for statement in statements {
                let currency = statement.entry.currency
                for line in statement.lines {
                    byType[Key(name: line.adjusts == nil ? line.type.rawValue : "adjustment", currency: currency),
                           default: .zero(currency)] += line.amount
                    byRule[RuleLine(rule: RuleKey(contract: line.contract, version: line.version, rule: line.rule), type: line.type,
                                    currency: currency), default: .zero(currency)] += line.amount
                }
                if statement.entry.isPayable(ignoringHold: true) {
                    payouts[Key(name: "payouts", currency: currency), default: .zero(currency)] += statement.entry.payout
                }
                entries.append(statement.entry)
            }
        }

        /// (section, name, amount) rows, sorted by name and currency within each section.
        func totals(streams: Streams) -> [(section: String, name: String, amount: Money)] {
            var byStream: [Key: Money] = [:]
            for (line, amount) in byRule {
                // The streams a line's rule reads, or what kind of line it is when it reads none.
                let name = streams.names[line.rule] ?? (line.type == .limit ? "(limits)" : line.type == .vat ? "(VAT)" : "(other)")
                byStream[Key(name: name, currency: line.currency), default: .zero(line.currency)] += amount
            }
            return [("rule type", byType), ("stream", byStream), ("payouts", payouts)].flatMap { section, sums in
                sums.sorted { $0.key < $1.key }.map { (section, $0.key.name, $0.value) }
            }
        }
    }
}

extension FinanceReport {
    /// CSV text, `\r\n` after every row, written into one text as it goes.
    private static func csv(_ header: [String], _ rows: some Sequence<[String]>) -> String {
        var out = ""
        func append(_ row: [String]) {
            for (index, cell) in row.enumerated() {
                if index > 0 { out += "," }
                out += StatementCSV.cell(cell)
            }
            out += "\r\n"
        }
        append(header)
        rows.forEach(append)
        return out
    }

    private var draftMark: String {
        #"<div class="draft-mark" aria-hidden="true">DRAFT</div>"#
            + #"<p class="draft-banner"><strong>DRAFT</strong> · \#(period) is not closed: these totals may change and no payout is made from a draft.</p>"#
    }
}

/// `1 payout`, `3 payouts`.
func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
