public import SettleCore

/// A contract version read from a file, with where its key facts were written (for cross-file
/// diagnostics).
public struct SourcedContract: Sendable, Hashable {
    public let contract: Contract
    public let file: String
    /// Positions of the values of `contract`, `version`, `provider`, `currency`, `effective`.
    public let locations: [String: SourceLocation]

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
