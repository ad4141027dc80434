/// A run of consecutive windows (no day between them) of versions of one contract that state
/// identical `limits` (docs/REFERENCE.md §3): limits are per month, so an amendment that keeps the cap and floor does not split
/// them, and one that changes them starts a new group.
///
/// ```swift
/// // v1 on 1-15 September, v2 on 16-30 September, both `cap: 200000.00`
/// LimitGroup.groups(windows).map(\.windows.count)   // [2]: one cap of 200,000.00 on the month
/// ```
struct LimitGroup {
    let windows: [Window]

    /// The groups of `windows` (in date order), in date order.
    static func groups(_ windows: [Window]) -> [LimitGroup] {
        var groups: [[Window]] = []
        for window in windows {
            if let last = groups.last?.last, last.contract.id == window.contract.id, last.contract.limits == window.contract.limits,
               last.last.adding(days: 1) == window.first {
                groups[groups.count - 1].append(window)
            } else {
                groups.append([window])
            }
        }
        return groups.map(LimitGroup.init)
    }

    /// The group's last version: its limits, rounding and version number go on the limit lines.
    var contract: Contract { windows.last!.contract }
    var dayCount: Int { windows.map(\.dayCount).reduce(0, +) }
    /// F: the sum of the windows' fractions, exact.
    var fraction: Rational { Rational(dayCount, windows[0].period.dayCount) }
    var coversWholePeriod: Bool { dayCount == windows[0].period.dayCount }

    /// The floor, then the cap, on the group's rounded earnings (`ruleLines` are the lines of its
    /// windows); charges are never limited. Only lines that are not zero.
    func limitLines(after ruleLines: [StatementLine]) -> [StatementLine] {
        let currency = contract.currency
        var earnings = ruleLines.filter { !$0.isCharge }.map(\.amount).sum(in: currency)
        var lines: [StatementLine] = []
        if let floor = contract.limits.floor, earnings.value < floor * fraction {
            let topUp = limitLine("limits.floor", limit: floor, earnings: earnings)
            if !topUp.amount.isZero { lines.append(topUp); earnings = earnings + topUp.amount }
        }
        if let cap = contract.limits.cap, earnings.value > cap * fraction {
            let cut = limitLine("limits.cap", limit: cap, earnings: earnings)
            if !cut.amount.isZero { lines.append(cut) }
        }
        return lines
    }

    private func limitLine(_ rule: String, limit: Rational, earnings: Money) -> StatementLine {
        StatementLine(rule: rule, type: .limit, contract: contract.id, version: contract.version, role: nil,
                      basis: earnings.value, rate: nil,
                      amount: Money(rounding: limit * fraction - earnings.value, in: contract.currency, contract.payment.rounding),
                      explanation: Explain.limit(rule, limit: limit, earnings: earnings, group: self),
                      first: windows.first!.first, last: windows.last!.last)
    }
}
