import CLibXML2

/// An XML element read into plain Swift values: its local name, namespace, attributes, text and
/// child elements. libxml2 parses the bytes and its tree is freed before `parse` returns, so no C
/// handle outlives the call (the other libxml2 calls of Settle are in XMLSchemaValidator.swift).
public struct XMLTree: Sendable, Hashable {
    public let name: String
    public let namespace: String?
    public let attributes: [String: String]
    /// The element's own text (its text children joined), whitespace kept.
    public let text: String
    public let children: [XMLTree]

    /// The most bytes a bank file may have: a limit on what is read into memory, checked before
    /// libxml2 sees the file. A month of status reports is far below it.
    public static let maximumBytes = 64 << 20

    /// The document's root element, or `nil` when `bytes` are not well-formed XML. External
    /// entities and the network are never read (`XML_PARSE_NONET`, no `XML_PARSE_NOENT`).
    public static func parse(_ bytes: [UInt8]) -> XMLTree? {
        guard !bytes.isEmpty, bytes.count <= maximumBytes else { return nil }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), "bank.xml", nil, options) }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return nil }
        return XMLTree(root)
    }

    private init(_ node: xmlNodePtr) {
        name = String(cString: node.pointee.name)
        namespace = node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let key = String(cString: current.pointee.name)
            // The value is the attribute's text children; read in place, so there is nothing to free.
            var value = ""
            var part = current.pointee.children
            while let text = part {
                if let content = text.pointee.content { value += String(cString: content) }
                part = text.pointee.next
            }
            attributes[key] = value
            attribute = current.pointee.next
        }
        self.attributes = attributes
        var text = ""
        var children: [XMLTree] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE: children.append(XMLTree(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default: break
            }
            child = current.pointee.next
        }
        self.text = text
        self.children = children
    }

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Every child element named `name`.
    public func all(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The element at `path` below this one (`["Rsn", "Cd"]`), following the first of each name.
    public func at(_ path: String...) -> XMLTree? {
        path.reduce(Optional(self)) { $0?.child($1) }
    }

    /// The trimmed text at `path`, `nil` when absent or empty.
    public func value(_ path: String...) -> String? {
        let node = path.reduce(Optional(self)) { $0?.child($1) }
        let text = node?.text.trimmingWhitespace()
        return text?.isEmpty == false ? text : nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(scalars[first...last])
    }
}
