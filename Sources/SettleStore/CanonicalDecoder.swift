/// Decodes the canonical JSON of stored documents (any JSON, in fact) into `Decodable` values,
/// without `JSONDecoder`'s dictionary per object and its coding paths: decoding the 22,667
/// stored contract versions of 20,000 providers was a fifth of a run's CPU (issue 19). Objects
/// keep their members in order and a key is found by a linear scan, which is quicker than
/// hashing for the few keys a stored object has. A test compares the results with `JSONDecoder`'s.
struct CanonicalDecoder {
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decode(type, from: try parse(text))
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: CanonicalDecoding(value))
    }

    static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = JSONParser(bytes: bytes)
            let value = try parser.value()
            try parser.end()
            return value
        }
    }
}

/// A parsed JSON value.
enum JSONValue {
    case null
    case bool(Bool)
    /// The number's text as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])
}

struct CanonicalDecodingError: Error, CustomStringConvertible {
    let description: String
}

private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func end() throws {
        skipSpace()
        guard position == bytes.count else { throw failure("text after the value") }
    }

    mutating func value() throws -> JSONValue {
        skipSpace()
        guard position < bytes.count else { throw failure("the text ends before a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func object() throws -> JSONValue {
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("a key") }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            members.append((key, try value()))
            skipSpace()
            guard position < bytes.count else { throw failure("',' or '}'") }
            position += 1
            if bytes[position - 1] == UInt8(ascii: "}") { return .object(members) }
            guard bytes[position - 1] == UInt8(ascii: ",") else { throw failure("',' or '}'") }
        }
    }

    private mutating func array() throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            elements.append(try value())
            skipSpace()
            guard position < bytes.count else { throw failure("',' or ']'") }
            position += 1
            if bytes[position - 1] == UInt8(ascii: "]") { return .array(elements) }
            guard bytes[position - 1] == UInt8(ascii: ",") else { throw failure("',' or ']'") }
        }
    }

    private mutating func string() throws -> String {
        position += 1   // the opening quote
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") { position += 1 }
        guard position < bytes.count else { throw failure("the end of a string") }
        if bytes[position] == UInt8(ascii: "\"") {
            position += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
        }
        var unescaped = Array(bytes[start..<position])
        while true {
            guard position < bytes.count else { throw failure("the end of a string") }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"): try unescape(into: &unescaped)
            default: unescaped.append(byte)
            }
        }
    }

    private mutating func unescape(into unescaped: inout [UInt8]) throws {
        guard position < bytes.count else { throw failure("an escape") }
        let escaped = bytes[position]
        position += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escaped)
        case UInt8(ascii: "b"): unescaped.append(0x08)
        case UInt8(ascii: "f"): unescaped.append(0x0C)
        case UInt8(ascii: "n"): unescaped.append(0x0A)
        case UInt8(ascii: "r"): unescaped.append(0x0D)
        case UInt8(ascii: "t"): unescaped.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {   // a surrogate pair
                try expect(UInt8(ascii: "\\"), skippingSpace: false)
                try expect(UInt8(ascii: "u"), skippingSpace: false)
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("the second half of a surrogate pair") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let character = Unicode.Scalar(scalar) else { throw failure("a Unicode scalar") }
            unescaped.append(contentsOf: Array(String(Character(character)).utf8))
        default: throw failure("an escape")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count,
              let value = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + 4]), as: UTF8.self),
                                 radix: 16) else { throw failure("four hexadecimal digits") }
        position += 4
        return value
    }

    private mutating func number() throws -> String {
        let start = position
        while position < bytes.count, Self.numberBytes.contains(bytes[position]) { position += 1 }
        guard position > start else { throw failure("a value") }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private static let numberBytes = Set("-+.eE0123456789".utf8)

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              UnsafeBufferPointer(rebasing: bytes[position..<position + count]).elementsEqual(
                UnsafeBufferPointer(start: word.utf8Start, count: count)) else { throw failure("\(word)") }
        position += count
    }

    private mutating func expect(_ byte: UInt8, skippingSpace: Bool = true) throws {
        if skippingSpace { skipSpace() }
        guard position < bytes.count, bytes[position] == byte else { throw failure("'\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private func failure(_ expected: String) -> CanonicalDecodingError {
        CanonicalDecodingError(description: "not JSON: expected \(expected) at byte \(position)")
    }
}

private struct CanonicalDecoding: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch(Key.self, value, codingPath) }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self, value, codingPath) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValue(value: value, codingPath: codingPath) }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    DecodingError.typeMismatch(type, DecodingError.Context(codingPath: path, debugDescription: "found \(value)"))
}

/// A scalar as `T`: text, `Int` and booleans by the type's identity (a conformance check per value
/// was a tenth of decoding a contract, issue 19); any other type decodes itself from the value,
/// other integers through `SingleValue`'s own requirements.
private func decodeValue<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
    if T.self == String.self {
        guard case .string(let text) = value else { throw mismatch(T.self, value, path) }
        return text as! T
    }
    if T.self == Int.self { return try integer(Int.self, value, path) as! T }
    if T.self == Bool.self {
        guard case .bool(let flag) = value else { throw mismatch(T.self, value, path) }
        return flag as! T
    }
    return try T(from: CanonicalDecoding(value, codingPath: path))
}

private func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> I {
    guard case .number(let text) = value, let integer = I(text, radix: 10) else { throw mismatch(I.self, value, path) }
    return integer
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(key: String, value: JSONValue)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { member(key) != nil }

    private func member(_ key: Key) -> JSONValue? {
        let name = key.stringValue
        return members.first(where: { $0.key == name })?.value
    }

    private func required(_ key: Key) throws -> JSONValue {
        guard let value = member(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "no member \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try required(key) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeValue(type, try required(key), codingPath)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = member(key) else { return nil }
        if case .null = value { return nil }
        return try decodeValue(type, value, codingPath)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try CanonicalDecoding(try required(key), codingPath: codingPath).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try CanonicalDecoding(try required(key), codingPath: codingPath).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { CanonicalDecoding(member(Key(stringValue: "super")!) ?? .null, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder { CanonicalDecoding(member(key) ?? .null, codingPath: codingPath) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, DecodingError.Context(codingPath: codingPath, debugDescription: "the array has ended"))
        }
        currentIndex += 1
        return elements[currentIndex - 1]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, try next(), codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try CanonicalDecoding(try next(), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CanonicalDecoding(try next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { CanonicalDecoding(try next(), codingPath: codingPath) }
}

private struct SingleValue: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, value, codingPath) }

    // Every scalar requirement of its own: the generic `decode` would ask the integer types to
    // decode themselves from this container again, without end.
    func decode(_ type: String.Type) throws -> String { try decodeValue(type, value, codingPath) }
    func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type, value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type, value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { throw mismatch(type, value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { throw mismatch(type, value, codingPath) }
}
