import CLibXML2
import Foundation

/// Validates XML documents against an XSD with libxml2. It owns its parsed schema, freed in
/// exactly one place (`deinit`); every libxml2 call of Settle is in this file and XMLTree.swift.
public final class XMLSchemaValidator {
    private let schema: xmlSchemaPtr

    /// - Parameters:
    ///   - xsd: the schema document's bytes (one self-contained XSD).
    ///   - name: how messages name the schema.
    /// - Throws: `XMLSchemaError` when the XSD cannot be parsed.
    public init(xsd: [UInt8], name: String) throws {
        let context = xsd.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlSchemaNewMemParserCtxt($0.baseAddress, Int32($0.count)) }
        }
        guard let context else { throw XMLSchemaError(messages: ["cannot read the schema \(name)"]) }
        defer { xmlSchemaFreeParserCtxt(context) }
        guard let schema = xmlSchemaParse(context) else {
            throw XMLSchemaError(messages: ["cannot parse the schema \(name)"])
        }
        self.schema = schema
    }

    /// - Parameters:
    ///   - file: the path of a schema document whose imports and includes are files beside it.
    ///   - name: how messages name the schema.
    /// - Throws: `XMLSchemaError` when the XSD cannot be parsed.
    init(file: String, name: String) throws {
        guard let context = xmlSchemaNewParserCtxt(file) else {
            throw XMLSchemaError(messages: ["cannot read the schema \(name)"])
        }
        defer { xmlSchemaFreeParserCtxt(context) }
        guard let schema = xmlSchemaParse(context) else {
            throw XMLSchemaError(messages: ["cannot parse the schema \(name)"])
        }
        self.schema = schema
    }

    /// The official `pain.001.001.09` XSD, built into the binary.
    public static func pain001() throws -> XMLSchemaValidator {
        try XMLSchemaValidator(xsd: BuiltIn.pain001XSD, name: "pain.001.001.09.xsd")
    }

    /// The official XSD of a bank message Settle reads (`pain.002.001.10`, `pain.002.001.03`,
    /// `camt.054.001.08`), built into the binary.
    public static func bankMessage(_ type: BankMessageType) throws -> XMLSchemaValidator {
        try XMLSchemaValidator(xsd: type.xsd, name: "\(type.rawValue).xsd")
    }

    deinit { xmlSchemaFree(schema) }

    /// Every problem libxml2 finds in `xml` (empty when valid): `line 12: Element 'X': ...`.
    public func problems(in xml: String) -> [String] {
        problems(in: Array(xml.utf8), encoding: "UTF-8")
    }

    /// Every problem libxml2 finds in a document's bytes, read in the encoding it declares (UTF-8
    /// without a declaration) unless `encoding` is given.
    public func problems(in bytes: [UInt8], encoding: String? = nil) -> [String] {
        let collector = MessageCollector()
        guard bytes.count <= XMLTree.maximumBytes else { return ["the document is larger than \(XMLTree.maximumBytes >> 20) MiB"] }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlReadMemory($0.baseAddress, Int32($0.count), "document.xml", encoding,
                              Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            }
        }
        guard let document else { return ["the document is not well-formed XML"] }
        defer { xmlFreeDoc(document) }
        guard let context = xmlSchemaNewValidCtxt(schema) else { return ["libxml2 could not start validating"] }
        defer { xmlSchemaFreeValidCtxt(context) }
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        xmlSchemaSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<MessageCollector>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
            collector.messages.append("line \(error.pointee.line): " + message.trimmingCharacters(in: .whitespacesAndNewlines))
        }, unmanaged.toOpaque())
        let result = xmlSchemaValidateDoc(context, document)
        if result != 0 && collector.messages.isEmpty { collector.messages.append("the document does not match the schema") }
        return collector.messages
    }

    private final class MessageCollector {
        var messages: [String] = []
    }
}

/// The XSD itself could not be used.
public struct XMLSchemaError: Error, CustomStringConvertible {
    public let messages: [String]
    public var description: String { messages.joined(separator: "; ") }
}
