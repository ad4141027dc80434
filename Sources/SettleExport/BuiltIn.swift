/// The files compiled into `settle` (`Package.swift` embeds them), so that it works from any
/// folder: the one place that reads SwiftPM's generated `PackageResources`.
public enum BuiltIn {
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
