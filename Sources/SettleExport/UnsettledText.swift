public import SettleCore

/// The unsettled data of a period in words and rows (docs/REFERENCE.md §4), for `run`, `show --unsettled` and
/// the finance summary alike.
public enum UnsettledText {
    /// One line after a run:
    ///
    /// ```
    /// Unsettled: 3 rows of 2 providers count for nothing (2 of a stream no rule reads; 1 dated outside every contract window). See `settle show 2026-10 --unsettled`.
    /// ```
    public static func summary(_ period: Period, _ unsettled: [(provider: String, item: Unsettled)]) -> String {
        summary(period, UnsettledCounts(unsettled))
    }

    public static func summary(_ period: Period, _ counts: UnsettledCounts) -> String {
        guard !counts.isEmpty else { return "Nothing unsettled: every row of \(period) counts for a rule." }
        var parts: [String] = []
        if counts.providers > 0 {
            let rows = counts.rows.values.reduce(0, +)
            let providers = counts.providers
            let byReason = Unsettled.Reason.allCases.compactMap { reason -> String? in
                let n = counts.rows[reason] ?? 0
                return n == 0 ? nil : "\(n.grouped) \(phrase(reason))"
            }
            parts.append("\(rows.grouped) row\(rows == 1 ? "" : "s") of \(providers.grouped) provider\(providers == 1 ? "" : "s") "
                         + "count\(rows == 1 ? "s" : "") for nothing (\(byReason.joined(separator: "; ")))")
        }
        let empty = counts.providersWithoutRows
        if empty > 0 {
            parts.append("\(empty.grouped) provider\(empty == 1 ? "" : "s") in force \(empty == 1 ? "has" : "have") no rows at all")
        }
        return "Unsettled: " + parts.joined(separator: "; ") + ". See `settle show \(period) --unsettled`."
    }

    /// The columns of `rows`.
    public static let header = ["provider", "reason", "subject", "currency", "rows", "quantity", "amount", "hours"]

    /// One row per provider, reason, subject and currency; sums as exact decimals, amounts with at
    /// least their currency's digits (`amount` and `quantity` for revenue, `hours` for compute
    /// hours, empty where they do not apply).
    public static func rows(_ unsettled: [(provider: String, item: Unsettled)], grouped: Bool = false) -> [[String]] {
        unsettled.map { provider, item in
            let isRevenue = item.currency != nil
            let isHours = item.reason == .hoursNotRead || item.subject == "compute hours"
            func text(_ value: Rational, digits: Int = 0) -> String {
                value.decimalText(minimumFractionDigits: digits, grouped: grouped) ?? value.description
            }
            return [provider, item.reason.rawValue, item.subject, item.currency?.code ?? "", String(item.rows),
                    isRevenue ? text(item.quantity) : "",
                    item.currency.map { text(item.amount, digits: $0.minorUnitDigits) } ?? "",
                    isHours ? text(item.hours) : ""]
        }
    }

    /// An array of `{provider, reason, subject, currency, rows, quantity, amount, hours}`: `rows` a
    /// number, sums exact decimal strings, `null` where they do not apply.
    public static func json(_ unsettled: [(provider: String, item: Unsettled)]) -> String {
        JSONText.array(objects(unsettled, indent: 1), indent: 0) + "\n"
    }

    static func objects(_ unsettled: [(provider: String, item: Unsettled)], indent: Int) -> [String] {
        rows(unsettled).map { row in
            JSONText.object(zip(header, row).map { name, value in
                (name, name == "rows" ? value : name == "subject" || !value.isEmpty ? JSONText.string(value) : "null")
            }, indent: indent)
        }
    }

    /// One item in words: `12 rows of a stream no rule reads: api-usage, EUR 1,200.00 (quantity 12)`.
    static func sentence(_ item: Unsettled) -> String {
        guard item.reason != .noRows else { return "no rows at all in the period" }
        var figures: [String] = []
        if let currency = item.currency {
            figures.append(Explain.money(item.amount, currency))
            if !item.quantity.isZero { figures.append("quantity \(Explain.number(item.quantity))") }
        }
        if !item.hours.isZero { figures.append("\(Explain.number(item.hours)) hours") }
        return "\(item.rows.grouped) row\(item.rows == 1 ? "" : "s") \(phrase(item.reason)): \(item.subject)"
            + (figures.isEmpty ? "" : ", " + figures.joined(separator: ", "))
    }

    static func phrase(_ reason: Unsettled.Reason) -> String {
        switch reason {
        case .streamNotRead: "of a stream no rule reads"
        case .roleNotListed: "of a role no rule reads"
        case .outsideWindows: "dated outside every contract window"
        case .hoursNotRead: "of compute hours no volume bonus reads"
        case .noRows: "with no rows"
        }
    }
}
