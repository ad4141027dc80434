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
    /// windows); charges are never limited. Only lines that are not zero, each with its derivation.
    func limitLines(after ruleLines: [StatementLine]) -> [(line: StatementLine, derivation: Derivation)] {
        let currency = contract.currency
        var earnings = ruleLines.filter(\.isEarning).map(\.amount).sum(in: currency)
        var lines: [(line: StatementLine, derivation: Derivation)] = []
        if let floor = contract.limits.floor, earnings.value < floor * fraction {
            let topUp = limitLine("limits.floor", limit: floor, earnings: earnings, ruleLines: ruleLines)
            if !topUp.line.amount.isZero { lines.append(topUp); earnings = earnings + topUp.line.amount }
        }
        if let cap = contract.limits.cap, earnings.value > cap * fraction {
            let cut = limitLine("limits.cap", limit: cap, earnings: earnings, ruleLines: ruleLines)
            if !cut.line.amount.isZero { lines.append(cut) }
        }
        return lines
    }

    private func limitLine(_ rule: String, limit: Rational, earnings: Money, ruleLines: [StatementLine])
        -> (line: StatementLine, derivation: Derivation) {
        let groupWindows = windows.map { window in
            LimitDerivation.GroupWindow(
                version: window.contract.version, first: window.first, last: window.last,
                earnings: ruleLines.filter { $0.isEarning && $0.version == window.contract.version && $0.first == window.first }
                    .map(\.amount).sum(in: contract.currency))
        }
        let detail = LimitDerivation(rule: rule, limit: limit, windows: groupWindows, fraction: fraction, earnings: earnings)
        let derivation = Derivation(contract: contract.id, version: contract.version, first: windows.first!.first,
                                    last: windows.last!.last, period: windows[0].period, detail: .limit(detail),
                                    exact: limit * fraction - earnings.value, rounding: contract.payment.rounding)
        let line = StatementLine(rule: rule, type: .limit, contract: contract.id, version: contract.version, role: nil,
                                 basis: earnings.value, rate: nil,
                                 amount: Money(rounding: derivation.exact, in: contract.currency, contract.payment.rounding),
                                 explanation: Explain.text(of: derivation, currency: contract.currency),
                                 first: derivation.first, last: derivation.last)
        return (line, derivation)
    }
}
