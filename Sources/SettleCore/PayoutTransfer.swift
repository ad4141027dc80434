/// One transaction of a payout file (`CdtTrfTxInf`), as recorded with the file: what a bank's
/// status report or notification is matched against (docs/REFERENCE.md §9).
public struct PayoutTransfer: Sendable, Hashable {
    public let provider: String
    public let endToEndID: String
    /// `PmtInfId` of its payment block.
    public let paymentBlock: String
    public let instructionID: String
    public let amount: Money

    public init(provider: String, endToEndID: String, paymentBlock: String, instructionID: String, amount: Money) {
        (self.provider, self.endToEndID, self.paymentBlock, self.instructionID, self.amount)
            = (provider, endToEndID, paymentBlock, instructionID, amount)
    }
}

/// A transfer of a recorded payout file with where it stands: `settle payouts status`.
public struct TransferStatus: Sendable, Hashable {
    /// One change of state: `sent` when the payout file was recorded, then each one a bank file made.
    public struct Change: Sendable, Hashable {
        public let state: TransferState
        /// `YYYY-MM-DDThh:mm:ssZ`, when Settle recorded it.
        public let at: String
        /// The payout file (for `sent`) or the bank file that made the change, as its path.
        public let file: String

        public init(state: TransferState, at: String, file: String) {
            (self.state, self.at, self.file) = (state, at, file)
        }
    }

    public let messageID: String
    public let transfer: PayoutTransfer
    public let state: TransferState
    public let reasonCode: String?
    public let changes: [Change]

    public init(messageID: String, transfer: PayoutTransfer, state: TransferState, reasonCode: String?, changes: [Change]) {
        (self.messageID, self.transfer, self.state, self.reasonCode, self.changes) = (messageID, transfer, state, reasonCode, changes)
    }

    /// The reason code's text, `nil` without a code.
    public var reason: String? { reasonCode.map(StatusReason.text(of:)) }
}
