/// One provider's statement of a period with the derivation of every line (docs/REFERENCE.md §7).
public struct Explanation: Sendable {
    public let status: StatementStatus
    public let explained: ExplainedStatement
    /// The contract versions the lines name, as stored: file, content hash and text.
    public let versions: [ExplainedVersion]
    /// The period the opening balance comes from (`nil` in the provider's first period).
    public let openingBalanceFrom: Period?
    /// The minimum payout of the terms of the period (its last window's version), and whether it
    /// applies (not in the period in which the provider's last contract ends).
    public let minimumPayout: Rational
    public let minimumPayoutApplies: Bool
    /// Why the provider is held, when the statement is.
    public let holdReason: String?
    public let unsettled: [Unsettled]

    public var statement: Statement { explained.statement }

    public init(status: StatementStatus, explained: ExplainedStatement, versions: [ExplainedVersion],
                openingBalanceFrom: Period?, minimumPayout: Rational, minimumPayoutApplies: Bool, holdReason: String?,
                unsettled: [Unsettled]) {
        self.status = status
        self.explained = explained
        self.versions = versions
        self.openingBalanceFrom = openingBalanceFrom
        self.minimumPayout = minimumPayout
        self.minimumPayoutApplies = minimumPayoutApplies
        self.holdReason = holdReason
        self.unsettled = unsettled
    }

    /// The explanation of `rule`'s lines only (the balance walk stays the statement's); `nil` when
    /// the statement has no line of that rule.
    public func only(rule: String) -> Explanation? {
        let kept = statement.lines.indices.filter { statement.lines[$0].rule == rule }
        guard !kept.isEmpty else { return nil }
        var lines = statement
        lines.lines = kept.map { statement.lines[$0] }
        return Explanation(status: status,
                           explained: ExplainedStatement(statement: lines, derivations: kept.map { explained.derivations[$0] }),
                           versions: versions, openingBalanceFrom: openingBalanceFrom, minimumPayout: minimumPayout,
                           minimumPayoutApplies: minimumPayoutApplies, holdReason: holdReason, unsettled: unsettled)
    }

    /// The stored version a line applies.
    public func version(of line: StatementLine) -> ExplainedVersion? {
        versions.first { $0.id == line.contract && $0.version == line.version }
    }
}

/// A contract version a statement line applies, as stored, with where its rules are written.
public struct ExplainedVersion: Sendable, Hashable {
    public let id: String
    public let version: Int
    /// The file it was loaded from.
    public let sourceFile: String
    /// SHA-256 of its canonical content.
    public let contentHash: String
    /// The line of each rule's `id` in that file.
    public let ruleLines: [String: Int]

    public init(id: String, version: Int, sourceFile: String, contentHash: String, ruleLines: [String: Int]) {
        self.id = id
        self.version = version
        self.sourceFile = sourceFile
        self.contentHash = contentHash
        self.ruleLines = ruleLines
    }
}

