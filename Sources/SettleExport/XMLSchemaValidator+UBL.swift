import CLibXML2
import Foundation

/// The two UBL 2.1 documents Settle writes.
public enum UBLDocumentType: String, Sendable {
    case invoice = "Invoice"
    case creditNote = "CreditNote"

    /// The main XSD's path under `UBL-2.1/`.
    var xsdPath: String { "maindoc/UBL-\(rawValue)-2.1.xsd" }
}

extension XMLSchemaValidator {
    /// The official UBL 2.1 XSD of `type`, built into the binary.
    ///
    /// The main XSD imports the `common/` XSDs by relative path, so the built-in files are written
    /// to a private folder (mode 0700, removed before returning) and parsed from there, with
    /// libxml2's loader refusing the network the whole time.
    public static func ubl(_ type: UBLDocumentType) throws -> XMLSchemaValidator {
        let folder = try PrivateFolder()
        defer { folder.remove() }
        for file in BuiltIn.ublFiles {
            try folder.write(file.bytes, to: file.path)
        }
        let previous = xmlGetExternalEntityLoader()
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
        defer { xmlSetExternalEntityLoader(previous) }
        return try XMLSchemaValidator(file: folder.path + "/" + type.xsdPath, name: "UBL-\(type.rawValue)-2.1.xsd")
    }
}

/// A folder only this user can read, under the system's temporary folder.
private struct PrivateFolder {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/settle-xsd-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw XMLSchemaError(messages: ["cannot make a private folder for the XSDs: \(String(cString: strerror(errno)))"])
        }
        path = String(cString: made)
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>, to relative: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try Data(buffer: bytes).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
