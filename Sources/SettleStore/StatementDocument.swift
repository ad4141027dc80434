import SettleCore

/// A statement's stored document written straight as canonical JSON: the bytes `CanonicalEncoder`
/// writes for it, without `Encodable`'s containers and generic calls per value. Encoding the
/// statements was a sixth of a run's CPU at 20,000 providers, most of it in their lines (issue 19).
/// The statement's own members and its lines are written here, keys in their sorted order; the
/// few small values beside them (provider, payee, returned payouts) still go through
/// `CanonicalEncoder`. A test compares the result with Foundation's `JSONEncoder` over every kind
/// of line and member.
enum StatementDocument {
    static func json(_ statement: Statement) throws -> String {
        var object = CanonicalObject()
        object.array("benefits", statement.benefits) { $0.string($1) }
        object.string("charges", statement.charges.codingText)
        object.string("closingBalance", statement.closingBalance.codingText)
        object.string("contract", statement.contract)
        object.string("currency", statement.currency.code)
        object.string("dueDate", statement.dueDate.codingText)
        object.string("earnings", statement.earnings.codingText)
        object.array("lines", statement.lines) { $0.object(line($1)) }
        object.literal("onHold", statement.onHold ? "true" : "false")
        object.string("openingBalance", statement.openingBalance.codingText)
        object.literal("payee", try CanonicalEncoder.encode(statement.payee))
        object.string("payout", statement.payout.codingText)
        object.string("period", statement.period.codingText)
        object.string("periodNet", statement.periodNet.codingText)
        object.literal("provider", try CanonicalEncoder.encode(statement.provider))
        // Only when there is any, as `Statement.encode(to:)` writes it.
        if !statement.returned.isEmpty { object.literal("returned", try CanonicalEncoder.encode(statement.returned)) }
        object.literal("version", String(statement.version))
        return object.text
    }

    /// A line's members; a member whose value is `nil` is left out, as synthesized `Encodable` does.
    private static func line(_ line: StatementLine) -> CanonicalObject {
        var object = CanonicalObject()
        if let adjusts = line.adjusts { object.string("adjusts", adjusts.codingText) }
        object.string("amount", line.amount.codingText)
        if let basis = line.basis { object.string("basis", basis.codingText) }
        object.string("contract", line.contract)
        object.string("explanation", line.explanation)
        object.string("first", line.first.codingText)
        object.literal("isCharge", line.isCharge ? "true" : "false")
        object.string("last", line.last.codingText)
        if let rate = line.rate { object.string("rate", rate.codingText) }
        if let role = line.role { object.string("role", role) }
        object.string("rule", line.rule)
        object.string("type", line.type.rawValue)
        object.literal("version", String(line.version))
        return object
    }
}

/// A JSON object written member by member, its keys given in their canonical (UTF-8 byte) order.
private struct CanonicalObject {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var lastKey: StaticString?

    var text: String { String(decoding: bytes + [UInt8(ascii: "}")], as: UTF8.self) }

    mutating func string(_ key: StaticString, _ value: String) {
        member(key)
        EscapedJSON.appendString(value, to: &bytes)
    }

    /// A value already in its JSON form.
    mutating func literal(_ key: StaticString, _ json: String) {
        member(key)
        bytes.append(contentsOf: json.utf8)
    }

    mutating func object(_ key: StaticString, _ object: CanonicalObject) {
        member(key)
        object.append(to: &bytes)
    }

    mutating func array<Element>(_ key: StaticString, _ elements: [Element],
                                 _ write: (inout ArrayWriter, Element) -> Void) {
        member(key)
        var writer = ArrayWriter(bytes: bytes)
        bytes = []   // one reference to the buffer while it grows
        writer.bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            write(&writer, element)
        }
        writer.bytes.append(UInt8(ascii: "]"))
        bytes = writer.bytes
    }

    func append(to output: inout [UInt8]) {
        output.append(contentsOf: bytes)
        output.append(UInt8(ascii: "}"))
    }

    private mutating func member(_ key: StaticString) {
        assert(lastKey.map { utf8Precedes($0.description, key.description) } ?? true,
               "\(key) written after \(lastKey!): canonical JSON orders the keys by their bytes")
        if lastKey != nil { bytes.append(UInt8(ascii: ",")) }
        lastKey = key
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// The elements of an array member.
    struct ArrayWriter {
        fileprivate var bytes: [UInt8]

        mutating func string(_ value: String) { EscapedJSON.appendString(value, to: &bytes) }

        mutating func object(_ object: CanonicalObject) { object.append(to: &bytes) }
    }
}
