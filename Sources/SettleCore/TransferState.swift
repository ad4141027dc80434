/// Where one transfer of a payout file stands at the bank (docs/REFERENCE.md §9):
/// `sent` → `accepted` → `settled`, or `rejected`; a transfer that has left the account can still
/// be `returned`. `rejected` and `returned` are final.
public enum TransferState: String, Sendable, Hashable, CaseIterable, Codable {
    case sent, accepted, settled, rejected, returned

    /// ISO 20022 payment status codes (`GrpSts`, `PmtInfSts`, `TxSts`) and the state each means;
    /// `nil` for the codes that say nothing about a transfer's state (`RCVD` received, `PART`
    /// partly accepted: the transactions say which).
    public init?(statusCode: String) {
        switch statusCode {
        case "ACCP", "ACTC", "ACSP", "ACWC", "PDNG": self = .accepted
        case "ACSC": self = .settled
        case "RJCT": self = .rejected
        default: return nil
        }
    }

    public var isFinal: Bool { self == .rejected || self == .returned }

    /// What a report of `reported` does to a transfer in this state.
    ///
    /// ```swift
    /// TransferState.settled.move(to: .accepted)   // .ignoredBackwards
    /// TransferState.rejected.move(to: .settled)   // .contradiction
    /// ```
    public func move(to reported: TransferState) -> TransferMove {
        if reported == self { return .unchanged }
        switch (self, reported) {
        case (.sent, _): return .changed
        case (.accepted, .sent): return .ignoredBackwards
        case (.accepted, _): return .changed
        // Money that left the account cannot be refused by the bank any more.
        case (.settled, .rejected): return .contradiction
        case (.settled, .returned): return .changed
        case (.settled, _): return .ignoredBackwards
        // A returned transfer was settled first: a late acceptance or settlement is old news.
        case (.returned, .sent), (.returned, .accepted), (.returned, .settled): return .ignoredBackwards
        // A rejected transfer never left the account; nothing can follow it, and a returned one
        // cannot be rejected.
        default: return .contradiction
        }
    }
}

/// The effect of a reported state on a transfer.
public enum TransferMove: Sendable, Hashable {
    /// Already in that state: matched, no change.
    case unchanged
    /// A move forward (or to a final state): stored as a change.
    case changed
    /// A move backwards (`settled` → `accepted`): recorded, and the state stays.
    case ignoredBackwards
    /// It contradicts a final state (`rejected` → `settled`): the whole bank file is refused.
    case contradiction
}
