/// The files compiled into `settle` (`Package.swift` embeds them), so that it works from any
/// folder: the one place that reads SwiftPM's generated `PackageResources`.
public enum BuiltIn {
    /// `Standards/pain.001.001.09.xsd`, unmodified (provenance in `Standards/README.md`).
    static var pain001XSD: [UInt8] { PackageResources.pain_001_001_09_xsd }

    /// `Templates/statement.html`: the default statement layout (`settle statements --template`
    /// replaces it).
    public static var statementTemplate: String { String(decoding: PackageResources.statement_html, as: UTF8.self) }
}
