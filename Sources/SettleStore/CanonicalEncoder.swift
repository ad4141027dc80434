/// Encodes values as canonical JSON: the bytes Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (keys ordered by their UTF-8 bytes, strings escaped
/// as swift-foundation's `JSONWriter` does), without its dictionaries and dynamic casts per value:
/// about a fifth of a run's CPU at 20,000 providers was `JSONEncoder` (issue 19). A test compares
/// the two over every stored document type. Integers and strings only: the stored values hold no
/// floating point, and encoding one throws.
struct CanonicalEncoder {
    static func encode(_ value: some Encodable) throws -> String {
        let root = CanonicalEncoding()
        try value.encode(to: root)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        root.node.write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A member or element: a scalar's JSON text, or a container. Scalars, most of what a statement
/// holds, take no node of their own (a node per value was a fifth of encoding one, issue 19).
private enum EncodedValue {
    case scalar([UInt8])
    case container(EncodedNode)

    func write(to bytes: inout [UInt8]) {
        switch self {
        case .scalar(let scalar): bytes.append(contentsOf: scalar)
        case .container(let node): node.write(to: &bytes)
        }
    }
}

/// One encoded value: a scalar already in its JSON form, or a container filled as it is encoded.
private final class EncodedNode {
    enum Content {
        case empty
        case scalar([UInt8])
        case object([(key: String, value: EncodedValue)])
        case array([EncodedValue])
    }
    var content = Content.empty

    func write(to bytes: inout [UInt8]) {
        switch content {
        case .empty: bytes.append(contentsOf: "{}".utf8)   // nothing encoded: JSONEncoder writes an empty object
        case .scalar(let scalar): bytes.append(contentsOf: scalar)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let sorted = members.count < 2 ? members : members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                EscapedJSON.appendString(member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.value.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Adds a member (synthesized `Codable` never encodes a key twice).
    func set(_ key: String, _ value: EncodedValue) {
        guard case .object(var members) = content else {
            content = .object([(key, value)])
            return
        }
        content = .empty   // one reference to the array while it grows
        members.append((key, value))
        content = .object(members)
    }

    func append(_ value: EncodedValue) {
        guard case .array(var elements) = content else {
            content = .array([value])
            return
        }
        content = .empty
        elements.append(value)
        content = .array(elements)
    }
}

/// The JSON text of scalars, escaped as swift-foundation's `JSONWriter` escapes them.
enum EscapedJSON {
    static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Most text needs no escaping: copied whole (byte by byte through the switch below was
            // a sixth of encoding a statement, issue 19).
            if utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
            } else {
                appendEscaped(utf8, to: &bytes)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00...0x1F:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
    }

    static func string(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 2)
        appendString(string, to: &bytes)
        return bytes
    }
}

struct CanonicalEncodingError: Error, CustomStringConvertible {
    let description: String
}

private struct CanonicalEncoding: Encoder {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: EncodedNode = EncodedNode()) { self.node = node }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.content { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .array([]) }
        return UnkeyedContainer(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValue(node: node) }

    static func scalar(_ bytes: [UInt8]) -> EncodedValue { .scalar(bytes) }

    static func node(of value: some Encodable) throws -> EncodedValue {
        switch value {
        case let string as String: return scalar(EscapedJSON.string(string))
        case let int as Int: return scalar(Array(String(int).utf8))
        case let bool as Bool: return scalar(Array((bool ? "true" : "false").utf8))
        case is Double, is Float: throw refuse(type(of: value))
        case let integer as any FixedWidthInteger: return scalar(Array(String(describing: integer).utf8))
        default:
            let encoder = CanonicalEncoding()
            try value.encode(to: encoder)
            if case .scalar(let bytes) = encoder.node.content { return .scalar(bytes) }
            return .container(encoder.node)
        }
    }

    static func refuse(_ type: Any.Type) -> CanonicalEncodingError {
        CanonicalEncodingError(description: "canonical JSON holds no \(type); stored documents have integers and text only")
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, CanonicalEncoding.scalar(Array("null".utf8))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, try CanonicalEncoding.node(of: value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, CanonicalEncoding.scalar(EscapedJSON.string(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.set(key.stringValue, CanonicalEncoding.scalar(Array(String(value).utf8))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw CanonicalEncoding.refuse(Double.self) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw CanonicalEncoding.refuse(Float.self) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { node.set(key.stringValue, try CanonicalEncoding.node(of: value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        let child = EncodedNode()
        node.set(key.stringValue, .container(child))
        return CanonicalEncoding(node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodedNode()
        node.set(key.stringValue, .container(child))
        return CanonicalEncoding(node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodedNode()
        node.set(key.stringValue, .container(child))
        return CanonicalEncoding(node: child)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }
    var count: Int {
        if case .array(let elements) = node.content { return elements.count }
        return 0
    }

    mutating func encodeNil() throws { node.append(CanonicalEncoding.scalar(Array("null".utf8))) }
    mutating func encode(_ value: String) throws { node.append(CanonicalEncoding.scalar(EscapedJSON.string(value))) }
    mutating func encode(_ value: Double) throws { throw CanonicalEncoding.refuse(Double.self) }
    mutating func encode(_ value: Float) throws { throw CanonicalEncoding.refuse(Float.self) }
    mutating func encode<T: Encodable>(_ value: T) throws { node.append(try CanonicalEncoding.node(of: value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodedNode()
        node.append(.container(child))
        return CanonicalEncoding(node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodedNode()
        node.append(.container(child))
        return CanonicalEncoding(node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodedNode()
        node.append(.container(child))
        return CanonicalEncoding(node: child)
    }
}

private struct SingleValue: SingleValueEncodingContainer {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }

    func encodeNil() throws { node.content = .scalar(Array("null".utf8)) }
    func encode(_ value: String) throws { node.content = .scalar(EscapedJSON.string(value)) }
    func encode(_ value: Double) throws { throw CanonicalEncoding.refuse(Double.self) }
    func encode(_ value: Float) throws { throw CanonicalEncoding.refuse(Float.self) }
    func encode<T: Encodable>(_ value: T) throws {
        switch try CanonicalEncoding.node(of: value) {
        case .scalar(let bytes): node.content = .scalar(bytes)
        case .container(let child): node.content = child.content
        }
    }
}
