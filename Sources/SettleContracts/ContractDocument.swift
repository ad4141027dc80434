public import SettleCore

/// A contract version read from a file, with where its key facts were written (for cross-file
/// diagnostics).
public struct SourcedContract: Sendable, Hashable {
    public let contract: Contract
    public let file: String
    /// The file's text as written (what the store keeps as the legal record).
    public let text: String
    /// Positions of the values of `contract`, `version`, `provider`, `currency`, `effective`.
    public let locations: [String: SourceLocation]

    init(contract: Contract, file: String, text: String, locations: [String: SourceLocation]) {
        self.contract = contract
        self.file = file
        self.text = text
        self.locations = locations
    }

    /// A version already in the store, for checks across stored and new files; diagnostics about
    /// it point at `origin` (for example "stored, from contracts/acme.yaml").
    public init(stored contract: Contract, origin: String) {
        self.init(contract: contract, file: origin, text: "", locations: [:])
    }

    public func location(of key: String) -> SourceLocation {
        locations[key] ?? SourceLocation(file: file, line: 1, column: 1)
    }
}

/// The payer read from `payer.yaml`.
public struct SourcedPayer: Sendable, Hashable {
    public let payer: Payer
    public let file: String
}

/// What one contract file holds.
public enum ContractDocument: Sendable, Hashable {
    case contract(SourcedContract)
    case payer(SourcedPayer)
}
