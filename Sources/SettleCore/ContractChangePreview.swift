/// What contract files not loaded yet would change (`settle preview`, docs/REFERENCE.md §8): per
/// period and provider the statement as it stands beside the proposed one, the prior-period
/// adjustment lines the files would make the next run book, and the differences per currency.
public struct ContractChangePreview: Sendable {
    /// One period of the preview.
    public struct PeriodComparison: Sendable {
        public let period: Period
        /// `closed`, `draft` (computed, not closed), or `nil`: never run.
        public let status: StatementStatus?
        /// False when no row is dated in the period yet and it has no statement: nothing to
        /// compare, and `statements` is empty.
        public let hasFacts: Bool
        /// One per provider the files concern with a statement now or proposed, by provider.
        public let statements: [StatementComparison]

        public init(period: Period, status: StatementStatus?, hasFacts: Bool, statements: [StatementComparison]) {
            self.period = period
            self.status = status
            self.hasFacts = hasFacts
            self.statements = statements
        }
    }

    /// One prior-period adjustment line for a provider (its `adjusts` names the period it corrects).
    public struct Adjustment: Sendable, Hashable {
        public let provider: String
        public let line: StatementLine

        public init(provider: String, line: StatementLine) {
            self.provider = provider
            self.line = line
        }
    }

    /// The files' versions that are not stored yet: what is previewed.
    public let versions: [Contract]
    /// The periods compared, oldest first.
    public let periods: [PeriodComparison]
    /// The lines the next run (of `bookedIn`) would book because of the files, beyond those it
    /// books under the stored terms anyway; not counted in any proposed statement.
    public let adjustments: [Adjustment]
    /// The period whose next run books `adjustments`: the one after the last closed period.
    public let bookedIn: Period?
    /// Providers that loading the files puts on hold at once (a changed payee account), with the
    /// reason; their proposed open statements pay nothing.
    public let holds: [(provider: String, reason: String)]

    public init(versions: [Contract], periods: [PeriodComparison], adjustments: [Adjustment], bookedIn: Period?,
                holds: [(provider: String, reason: String)]) {
        self.versions = versions
        self.periods = periods
        self.adjustments = adjustments
        self.bookedIn = bookedIn
        self.holds = holds
    }

    /// Proposed minus current over every period and provider compared, per currency (by code).
    /// The adjustments are not added: a closed period's difference is what they book.
    public var totals: [NetDifference] {
        var byCurrency: [Currency: NetDifference] = [:]
        for comparison in periods.flatMap(\.statements) {
            byCurrency[comparison.currency] = (byCurrency[comparison.currency] ?? .zero(comparison.currency)) + comparison.difference
        }
        return byCurrency.values.sorted { $0.currency.code < $1.currency.code }
    }
}
