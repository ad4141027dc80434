/// How the names that contracts and data files share are spelt: one rule each, for the contract
/// reader and the CSV checks alike, so that a name one of them takes the other takes too.
public enum NameRule: Sendable {
    /// A provider or contract id: `[a-z0-9][a-z0-9-]{1,62}`.
    case id
    /// A stream, role, GPU type or rule id: `[a-z0-9_-]{1,63}`.
    case word

    /// Whether `text` is spelt by the rule (counted in UTF-8 bytes, all of them ASCII when it is).
    public func accepts(_ text: String) -> Bool {
        let bytes = text.utf8
        switch self {
        case .id:
            return (2...63).contains(bytes.count) && bytes.first != UInt8(ascii: "-")
                && bytes.allSatisfy { Self.isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        case .word:
            return (1...63).contains(bytes.count)
                && bytes.allSatisfy { Self.isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        }
    }

    /// The rule in words, for messages: `2 to 63 characters of a-z, 0-9 and '-'`.
    public var spelling: String {
        switch self {
        case .id: "2 to 63 characters of a-z, 0-9 and '-'"
        case .word: "up to 63 characters of a-z, 0-9, '_' and '-'"
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
