/// A payout the bank rejected or returned (docs/REFERENCE.md §9): its amount is owed to the
/// provider again and comes back into the balance of the next run of an open period, named.
public struct ReturnedPayout: Sendable, Hashable, Codable {
    /// The period whose payout it was.
    public var period: Period
    /// The `EndToEndId` of the transfer.
    public var endToEndId: String
    /// The amount credited back (or never debited), in the statement's currency.
    public var amount: Money
    /// The ISO 20022 reason code (`AC04`) and its text (`closed account number`).
    public var reasonCode: String
    public var reason: String

    public init(period: Period, endToEndId: String, amount: Money, reasonCode: String, reason: String) {
        self.period = period
        self.endToEndId = endToEndId
        self.amount = amount
        self.reasonCode = reasonCode
        self.reason = reason
    }

    /// `AC04 closed account`, or the reason alone when the bank gave no code.
    public var reasonText: String { reasonCode.isEmpty ? reason : "\(reasonCode) \(reason)" }
}
