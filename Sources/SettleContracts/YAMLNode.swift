/// A node of a composed YAML document: what `YAMLComposer` builds and `YAMLReader` reads.
///
/// Scalars keep their text exactly as written (no implicit types: `YAMLReader` decides what a
/// value is), so keys compare by their text and tag, never through a resolver.
enum Node: Sendable, Equatable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// Where the node starts; 1-based, columns counted in Unicode scalars.
    struct Mark: Sendable, Equatable {
        let line: Int
        let column: Int
    }

    struct Scalar: Sendable, Equatable {
        enum Style: Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

        let string: String
        let style: Style
        /// The explicit tag (`!!str` arrives as `tag:yaml.org,2002:str`); `nil` for none, which
        /// means a string, as every scalar here is read from its text (and so does `!`).
        let tag: String?
        let mark: Mark

        /// Equal as mapping keys: same text and same tag (an untagged scalar is a string).
        static func == (lhs: Scalar, rhs: Scalar) -> Bool {
            lhs.string == rhs.string && Node.tag(lhs.tag, or: Node.stringTag) == Node.tag(rhs.tag, or: Node.stringTag)
        }
    }

    /// The key-value pairs of a mapping, in the order written.
    struct Mapping: Sendable, Equatable, RandomAccessCollection {
        let pairs: [(key: Node, value: Node)]
        let tag: String?
        let mark: Mark

        var startIndex: Int { pairs.startIndex }
        var endIndex: Int { pairs.endIndex }
        subscript(position: Int) -> (key: Node, value: Node) { pairs[position] }

        /// The value of the (last) scalar key with this text.
        subscript(key: String) -> Node? {
            pairs.last { $0.key.isStringKey(key) }?.value
        }

        var keys: [Node] { pairs.map(\.key) }

        static func == (lhs: Mapping, rhs: Mapping) -> Bool {
            Node.tag(lhs.tag, or: "tag:yaml.org,2002:map") == Node.tag(rhs.tag, or: "tag:yaml.org,2002:map")
                && lhs.pairs.elementsEqual(rhs.pairs) { $0.key == $1.key && $0.value == $1.value }
        }
    }

    /// The items of a list, in the order written.
    struct Sequence: Sendable, Equatable, RandomAccessCollection {
        let items: [Node]
        let tag: String?
        let mark: Mark

        var startIndex: Int { items.startIndex }
        var endIndex: Int { items.endIndex }
        subscript(position: Int) -> Node { items[position] }

        static func == (lhs: Sequence, rhs: Sequence) -> Bool {
            Node.tag(lhs.tag, or: "tag:yaml.org,2002:seq") == Node.tag(rhs.tag, or: "tag:yaml.org,2002:seq")
                && lhs.items == rhs.items
        }
    }

    static let stringTag = "tag:yaml.org,2002:str"

    /// A node's tag for comparing keys: none, or the non-specific `!`, means the kind's own.
    static func tag(_ tag: String?, or kind: String) -> String {
        guard let tag, tag != "!" else { return kind }
        return tag
    }

    var mark: Mark {
        switch self {
        case let .scalar(scalar): scalar.mark
        case let .mapping(mapping): mapping.mark
        case let .sequence(sequence): sequence.mark
        }
    }

    var scalar: Scalar? {
        if case let .scalar(scalar) = self { scalar } else { nil }
    }

    var mapping: Mapping? {
        if case let .mapping(mapping) = self { mapping } else { nil }
    }

    var sequence: Sequence? {
        if case let .sequence(sequence) = self { sequence } else { nil }
    }

    /// Whether this is the key `text` written as a string (plain, quoted or `!!str`).
    func isStringKey(_ text: String) -> Bool {
        guard case let .scalar(scalar) = self else { return false }
        return scalar.string == text && Node.tag(scalar.tag, or: Node.stringTag) == Node.stringTag
    }
}
