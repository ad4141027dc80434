import CStandards

/// The files compiled into `settle` (`Package.swift` embeds them), so that it works from any
/// folder: the one place that reads SwiftPM's generated `PackageResources` and the UBL XSDs of
/// the `CStandards` module.
public enum BuiltIn {
    /// The UBL 2.1 XSDs, unmodified (provenance in `Standards/README.md`), each with its path
    /// under `UBL-2.1/` (`maindoc/UBL-Invoice-2.1.xsd`, `common/...`), as the imports name them.
    public static var ublFiles: [(path: String, bytes: UnsafeBufferPointer<UInt8>)] {
        (0..<settle_ubl_file_count()).compactMap { index in
            var path: UnsafePointer<CChar>?
            var count = 0
            guard let start = settle_ubl_file(index, &path, &count), let path else { return nil }
            return (String(cString: path), UnsafeBufferPointer(start: start, count: count))
        }
    }

    /// `Standards/pain.001.001.09.xsd`, unmodified (provenance in `Standards/README.md`).
    static var pain001XSD: [UInt8] { PackageResources.pain_001_001_09_xsd }

    /// The bank messages `settle bank import` reads, their XSDs unmodified (provenance in
    /// `Standards/README.md`).
    static var pain002v10XSD: [UInt8] { PackageResources.pain_002_001_10_xsd }
    static var pain002v03XSD: [UInt8] { PackageResources.pain_002_001_03_xsd }
    static var camt054v08XSD: [UInt8] { PackageResources.camt_054_001_08_xsd }

    /// `Templates/statement.html`: the default statement layout (`settle statements --template`
    /// replaces it).
    public static var statementTemplate: String { String(decoding: PackageResources.statement_html, as: UTF8.self) }
}
