/// A refusal of an operation, as one sentence a user can act on.
public struct OperationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
