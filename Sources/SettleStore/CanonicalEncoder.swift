/// Encodes values as canonical JSON: the bytes Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (keys ordered by their UTF-8 bytes, strings escaped
/// as swift-foundation's `JSONWriter` does), without its dictionaries and dynamic casts per value:
/// about a fifth of a run's CPU at 20,000 providers was `JSONEncoder` (issue 19). A test compares
/// the two over every stored document type. Integers and strings only: the stored values hold no
/// floating point, and encoding one throws.
struct CanonicalEncoder {
    static func encode(_ value: some Encodable) throws -> String {
        let root = CanonicalEncoding(node: EncodedNode(scalars: ScalarBytes()))
        try value.encode(to: root)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(root.node.scalars.bytes.count * 2)
        root.node.write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The JSON text of every scalar of one document, one after another: a scalar is a range of it,
/// not an array of its own (an allocation per value was a sixth of encoding a statement, issue 19).
private final class ScalarBytes {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    func append(_ text: some StringProtocol) -> Range<Int> {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        return start..<bytes.count
    }

    func appendString(_ string: String) -> Range<Int> {
        let start = bytes.count
        EscapedJSON.appendString(string, to: &bytes)
        return start..<bytes.count
    }
}

/// A member or element: a scalar's JSON text, or a container. Scalars, most of what a statement
/// holds, take no node of their own (a node per value was a fifth of encoding one, issue 19).
private enum EncodedValue {
    case scalar(Range<Int>)
    case container(EncodedNode)

    func write(to bytes: inout [UInt8], from scalars: ScalarBytes) {
        switch self {
        case .scalar(let range): bytes.append(contentsOf: scalars.bytes[range])
        case .container(let node): node.write(to: &bytes)
        }
    }
}

/// One encoded value: a scalar already in its JSON form, or a container filled as it is encoded.
private final class EncodedNode {
    enum Content {
        case empty
        case scalar(Range<Int>)
        case object([(key: String, value: EncodedValue)])
        case array([EncodedValue])
    }
    var content = Content.empty
    let scalars: ScalarBytes

    init(scalars: ScalarBytes) { self.scalars = scalars }

    func child() -> EncodedNode { EncodedNode(scalars: scalars) }

    func write(to bytes: inout [UInt8]) {
        switch content {
        case .empty: bytes.append(contentsOf: "{}".utf8)   // nothing encoded: JSONEncoder writes an empty object
        case .scalar(let range): bytes.append(contentsOf: scalars.bytes[range])
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(to: &bytes, from: scalars)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let sorted = members.count < 2 ? members : members.sorted { utf8Precedes($0.key, $1.key) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                EscapedJSON.appendString(member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.value.write(to: &bytes, from: scalars)
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

/// Whether `a` comes before `b` in the order of their UTF-8 bytes, compared in place (through the
/// `UTF8View`'s iterators, sorting the keys was a twentieth of encoding a statement, issue 19).
func utf8Precedes(_ a: String, _ b: String) -> Bool {
    let compared = a.utf8.withContiguousStorageIfAvailable { a in
        b.utf8.withContiguousStorageIfAvailable { b in
            for index in 0..<min(a.count, b.count) where a[index] != b[index] { return a[index] < b[index] }
            return a.count < b.count
        }
    }
    return compared.flatMap { $0 } ?? a.utf8.lexicographicallyPrecedes(b.utf8)
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
}

struct CanonicalEncodingError: Error, CustomStringConvertible {
    let description: String
}

private struct CanonicalEncoding: Encoder {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: EncodedNode) { self.node = node }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.content { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .array([]) }
        return UnkeyedContainer(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValue(node: node) }

    /// `value` encoded as a member or element of `parent`: text, `Int` and booleans by the type's
    /// identity (a dynamic cast per value was a tenth of encoding a statement, issue 19); any other
    /// type encodes itself, other integers and floating point through `SingleValue`.
    static func node<T: Encodable>(of value: T, in parent: EncodedNode) throws -> EncodedValue {
        let scalars = parent.scalars
        if T.self == String.self { return .scalar(scalars.appendString(value as! String)) }
        if T.self == Int.self { return .scalar(scalars.append(String(value as! Int))) }
        if T.self == Bool.self { return .scalar(scalars.append(value as! Bool ? "true" : "false")) }
        let encoder = CanonicalEncoding(node: parent.child())
        try value.encode(to: encoder)
        if case .scalar(let range) = encoder.node.content { return .scalar(range) }
        return .container(encoder.node)
    }

    static func refuse(_ type: Any.Type) -> CanonicalEncodingError {
        CanonicalEncodingError(description: "canonical JSON holds no \(type); stored documents have integers and text only")
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, .scalar(node.scalars.append("null"))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, try CanonicalEncoding.node(of: value, in: node)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, .scalar(node.scalars.appendString(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.set(key.stringValue, .scalar(node.scalars.append(String(value)))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw CanonicalEncoding.refuse(Double.self) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw CanonicalEncoding.refuse(Float.self) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { node.set(key.stringValue, try CanonicalEncoding.node(of: value, in: node)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        let child = node.child()
        node.set(key.stringValue, .container(child))
        return CanonicalEncoding(node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child()
        node.set(key.stringValue, .container(child))
        return CanonicalEncoding(node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = node.child()
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

    mutating func encodeNil() throws { node.append(.scalar(node.scalars.append("null"))) }
    mutating func encode(_ value: String) throws { node.append(.scalar(node.scalars.appendString(value))) }
    mutating func encode(_ value: Double) throws { throw CanonicalEncoding.refuse(Double.self) }
    mutating func encode(_ value: Float) throws { throw CanonicalEncoding.refuse(Float.self) }
    mutating func encode<T: Encodable>(_ value: T) throws { node.append(try CanonicalEncoding.node(of: value, in: node)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child()
        node.append(.container(child))
        return CanonicalEncoding(node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.child()
        node.append(.container(child))
        return CanonicalEncoding(node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = node.child()
        node.append(.container(child))
        return CanonicalEncoding(node: child)
    }
}

private struct SingleValue: SingleValueEncodingContainer {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }

    func encodeNil() throws { node.content = .scalar(node.scalars.append("null")) }
    func encode(_ value: String) throws { node.content = .scalar(node.scalars.appendString(value)) }
    func encode(_ value: Double) throws { throw CanonicalEncoding.refuse(Double.self) }
    func encode(_ value: Float) throws { throw CanonicalEncoding.refuse(Float.self) }
    // Every scalar requirement of its own: the generic `encode` would ask the integer types to
    // encode themselves into this container again, without end.
    func encode(_ value: Bool) throws { node.content = .scalar(node.scalars.append(value ? "true" : "false")) }
    func encode(_ value: Int) throws { integer(value) }
    func encode(_ value: Int8) throws { integer(value) }
    func encode(_ value: Int16) throws { integer(value) }
    func encode(_ value: Int32) throws { integer(value) }
    func encode(_ value: Int64) throws { integer(value) }
    func encode(_ value: UInt) throws { integer(value) }
    func encode(_ value: UInt8) throws { integer(value) }
    func encode(_ value: UInt16) throws { integer(value) }
    func encode(_ value: UInt32) throws { integer(value) }
    func encode(_ value: UInt64) throws { integer(value) }
    private func integer(_ value: some FixedWidthInteger) { node.content = .scalar(node.scalars.append(String(value))) }
    func encode<T: Encodable>(_ value: T) throws {
        switch try CanonicalEncoding.node(of: value, in: node) {
        case .scalar(let range): node.content = .scalar(range)
        case .container(let child): node.content = child.content
        }
    }
}
