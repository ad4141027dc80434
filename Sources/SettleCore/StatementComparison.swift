/// One provider's statement of one period as it stands (closed, draft, or none) beside the one
/// that contract files not loaded yet would give (docs/REFERENCE.md §8).
public struct StatementComparison: Sendable {
    public let provider: String
    public let currency: Currency
    /// The stored statement, and whether it is a draft or closed; `nil` when there is none.
    public let current: Statement?
    public let currentStatus: StatementStatus?
    /// What the period's statement would be with the files' terms; `nil` when the files leave the
    /// provider with no contract in force in the period.
    public let proposed: Statement?

    public init(provider: String, currency: Currency, current: Statement?, currentStatus: StatementStatus?,
                proposed: Statement?) {
        self.provider = provider
        self.currency = currency
        self.current = current
        self.currentStatus = currentStatus
        self.proposed = proposed
    }

    /// Proposed minus current: earnings, charges, period net.
    public var difference: NetDifference {
        NetDifference(proposed, in: currency) - NetDifference(current, in: currency)
    }

    /// Every line of either statement, matched by contract version, rule, role and the period an
    /// adjustment corrects: the proposed statement's lines in order, then those only the current
    /// one has.
    public var lines: [LineComparison] {
        let currentLines = current?.lines ?? [], proposedLines = proposed?.lines ?? []
        var order: [String] = []
        var template: [String: StatementLine] = [:]
        for line in proposedLines + currentLines where template[Self.key(line)] == nil {
            order.append(Self.key(line))
            template[Self.key(line)] = line
        }
        func total(_ lines: [StatementLine], _ key: String) -> Money? {
            let matching = lines.filter { Self.key($0) == key }
            return matching.isEmpty ? nil : matching.map(\.amount).sum(in: currency)
        }
        return order.compactMap { key in
            template[key].map { LineComparison(line: $0, current: total(currentLines, key), proposed: total(proposedLines, key)) }
        }
    }

    private static func key(_ line: StatementLine) -> String { line.key + " " + (line.adjusts?.description ?? "") }
}

/// One statement line as it stands beside the proposed one; either may be missing.
public struct LineComparison: Sendable, Hashable {
    /// The line itself (the proposed one when both exist): rule, type, version, role, adjusts.
    public let line: StatementLine
    public let current: Money?
    public let proposed: Money?

    /// Proposed minus current, a missing line counting as zero.
    public var difference: Money {
        (proposed ?? .zero(line.amount.currency)) - (current ?? .zero(line.amount.currency))
    }
}
