import CLibYAML

/// Why a file is not YAML.
enum YAMLError: Error {
    /// libyaml's scanner or parser, or the composer, stopped: the problem, where, and what was
    /// being read when it began (for example the `{` of an unclosed flow mapping).
    case syntax(problem: String, mark: Node.Mark, context: (text: String, mark: Node.Mark)?)
    /// A mapping with a key written twice: the key and where it is first written.
    case duplicateKey(String, first: Node.Mark)
    /// libyaml's reader refused the bytes, or it ran out of memory.
    case unreadable
}

/// Composes libyaml's events into one `Node` tree: a YAML 1.1 document with anchors and aliases,
/// keys unique in every mapping, and no implicit types (every scalar stays text).
///
/// Why not a library's composer: at 20,000 contract files Yams's tags, resolver and hashed
/// duplicate check were most of `settle contracts load`; this one keeps only what the reader uses.
///
/// ```swift
/// let node = try YAMLComposer.compose("a: [1, 2]")
/// // .mapping([(a, .sequence([1, 2]))]), each node with its line and column
/// ```
final class YAMLComposer {
    /// Owned by this composer: initialised in `init`, deleted and freed in `deinit` only.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// Anchored nodes by name; a later anchor of the same name replaces an earlier one.
    private var anchors: [String: Node] = [:]

    /// The document in `text`, or `nil` when it holds none (only comments or nothing).
    ///
    /// - Throws: `YAMLError`, the first problem met; a second document is one.
    static func compose(_ text: String) throws -> Node? {
        var text = text
        return try text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            return try YAMLComposer(base, count: bytes.count).singleDocument()
        }
    }

    /// - Parameter input: must outlive the composer (libyaml reads it as it goes).
    private init(_ input: UnsafePointer<UInt8>, count: Int) {
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input, count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    private func singleDocument() throws -> Node? {
        _ = try next()  // the stream's start
        let start = try next()
        guard start.type != YAML_STREAM_END_EVENT else { return nil }
        let root = try node(from: try next())
        _ = try next()  // the document's end
        let after = try next()
        guard after.type == YAML_STREAM_END_EVENT else {
            throw YAMLError.syntax(problem: "but found another document", mark: after.mark,
                                   context: ("expected a single document in the stream", Node.Mark(line: 1, column: 1)))
        }
        return root
    }

    private func node(from event: Event) throws -> Node {
        let node: Node
        switch event.type {
        case YAML_ALIAS_EVENT:
            guard let anchored = event.anchor.flatMap({ anchors[$0] }) else {
                throw YAMLError.syntax(problem: "found undefined alias", mark: event.mark, context: nil)
            }
            return anchored
        case YAML_SCALAR_EVENT:
            node = .scalar(Node.Scalar(string: event.value, style: event.style, tag: event.tag, mark: event.mark))
        case YAML_SEQUENCE_START_EVENT:
            var items: [Node] = []
            var item = try next()
            while item.type != YAML_SEQUENCE_END_EVENT {
                items.append(try self.node(from: item))
                item = try next()
            }
            node = .sequence(Node.Sequence(items: items, tag: event.tag, mark: event.mark))
        default:  // YAML_MAPPING_START_EVENT: libyaml sends no other event here
            var pairs: [(key: Node, value: Node)] = []
            var key = try next()
            while key.type != YAML_MAPPING_END_EVENT {
                pairs.append((try self.node(from: key), try self.node(from: try next())))
                key = try next()
            }
            if let duplicate = Self.duplicate(in: pairs.map(\.key)) {
                throw YAMLError.duplicateKey(duplicate.scalar?.string ?? "<uncovertable>", first: duplicate.mark)
            }
            node = .mapping(Node.Mapping(pairs: pairs, tag: event.tag, mark: event.mark))
        }
        if let anchor = event.anchor { anchors[anchor] = node }
        return node
    }

    /// The first writing of a key given twice (of several, the least in text order), or `nil`.
    ///
    /// A contract's mappings have a dozen keys at most: those are compared pairwise, without
    /// allocating; a larger one compares only keys of the same text (n comparisons, not n squared).
    static func duplicate(in keys: [Node]) -> Node? {
        var duplicates: [Node] = []
        if keys.count <= 16 {
            for (index, key) in keys.enumerated() where keys[index...].dropFirst().contains(key) {
                if !keys[..<index].contains(key) { duplicates.append(key) }
            }
        } else {
            var seen: [String: [Node]] = [:]
            for key in keys {
                let text = key.scalar?.string ?? ""
                if let first = seen[text]?.first(where: { $0 == key }) {
                    if !duplicates.contains(first) { duplicates.append(first) }
                } else {
                    seen[text, default: []].append(key)
                }
            }
        }
        return duplicates.min { ($0.scalar?.string ?? "") < ($1.scalar?.string ?? "") }
    }

    /// The next event, copied out of libyaml's (which is freed at once).
    private func next() throws -> Event {
        var raw = yaml_event_t()
        guard yaml_parser_parse(parser, &raw) == 1 else { throw error() }
        defer { yaml_event_delete(&raw) }
        return Event(raw)
    }

    private func error() -> YAMLError {
        let state = parser.pointee
        switch state.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
            let context = state.context.map {
                (String(cString: $0), Node.Mark(line: state.context_mark.line + 1, column: state.context_mark.column + 1))
            }
            return .syntax(problem: state.problem.map { String(cString: $0) } ?? "",
                           mark: Node.Mark(line: state.problem_mark.line + 1, column: state.problem_mark.column + 1),
                           context: context)
        default:
            return .unreadable
        }
    }
}

/// What the composer needs of one libyaml event.
private struct Event {
    let type: yaml_event_type_t
    let mark: Node.Mark
    var anchor: String?
    var tag: String?
    var value = ""
    var style = Node.Scalar.Style.plain

    init(_ event: yaml_event_t) {
        type = event.type
        mark = Node.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_ALIAS_EVENT:
            anchor = Self.text(event.data.alias.anchor)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            anchor = Self.text(scalar.anchor)
            tag = scalar.quoted_implicit == 1 ? nil : Self.text(scalar.tag)
            value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            style = switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
        case YAML_SEQUENCE_START_EVENT:
            anchor = Self.text(event.data.sequence_start.anchor)
            tag = event.data.sequence_start.implicit != 0 ? nil : Self.text(event.data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT:
            anchor = Self.text(event.data.mapping_start.anchor)
            tag = event.data.mapping_start.implicit != 0 ? nil : Self.text(event.data.mapping_start.tag)
        default:
            break
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
