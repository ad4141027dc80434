import Mustache

/// A restylable page template in Mustache (rendered by swift-mustache): `{{name}}` is replaced by
/// escaped text, `{{{name}}}` by HTML that Settle built (and escaped) itself, and a section
/// `{{#name}}…{{/name}}` repeats a part per item of a list or shows it only when true
/// (`{{^name}}…{{/name}}`: when false or empty). The names are checked when the template is read
/// (`TemplateCheck`), so a misspelt name is an error, never an empty spot on every page.
public struct HTMLTemplate: Sendable {
    private let mustache: MustacheTemplate
    /// The names the template's tags use: a value no tag uses need not be made.
    private let usedNames: Set<String>
    /// The template cut at its names when it has no section (the built-in one): rendering joins
    /// the parts, which swift-mustache's walk took a quarter of a statement's HTML time to do.
    private let flat: FlatTemplate?

    /// - Parameters:
    ///   - source: how errors name the template (its file).
    ///   - names: the names the template may use, and how.
    /// - Throws: `HTMLTemplateError` for an unknown or misused name, or a tag or section left
    ///   open, naming its line.
    init(_ text: String, source: String, names: [String: TemplateName]) throws(HTMLTemplateError) {
        usedNames = try TemplateCheck(text: text, source: source).check(names: names)
        do {
            mustache = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw HTMLTemplateError("\(source):\(error.context.lineNumber): not a valid template (\(error.error)).")
        } catch {
            throw HTMLTemplateError("\(source): not a valid template (\(error)).")
        }
        flat = FlatTemplate(text, mustache: mustache, used: usedNames, names: names)
    }

    /// - Parameter values: text (`String`), yes/no (`Bool`) and lists (`[String]`, or `[[String: Any]]`
    ///   with the names of an item), under the names the template was checked against.
    func render(_ values: [String: Any]) -> String {
        flat?.render(values) ?? mustache.render(values)
    }

    /// Renders with swift-mustache even when the template has no section (to test that both agree).
    func renderWithMustache(_ values: [String: Any]) -> String { mustache.render(values) }

    /// Whether the template renders by joining its parts rather than with swift-mustache.
    var isFlat: Bool { flat != nil }

    /// Whether a tag of the template uses `name`.
    func uses(_ name: String) -> Bool { usedNames.contains(name) }
}

/// A template without sections as its literal parts, each followed by a name's value: text
/// escaped as swift-mustache escapes it (`HTMLText`), HTML as it is.
///
/// The parts are cut from swift-mustache's own rendering with a marker for each name, so what it
/// drops (comments, standalone lines) is dropped here the same way.
private struct FlatTemplate: Sendable {
    /// A literal part, then the name after it (`nil` for the last part) and whether it is text.
    private let parts: [(literal: String, name: String?, escaped: Bool)]
    private let size: Int

    /// `nil` when the template has a section, or a name that is not text or HTML, or a
    /// character used as a marker: swift-mustache renders it.
    init?(_ text: String, mustache: MustacheTemplate, used: Set<String>, names: [String: TemplateName]) {
        let markers = Self.markers
        guard !text.contains("{{#"), !text.contains("{{^"),
              !text.unicodeScalars.contains(where: { markers.contains($0.value) }) else { return nil }
        let ordered = used.sorted()
        var values: [String: Any] = [:]
        for (index, name) in ordered.enumerated() {
            switch names[name] {
            case .text?, .html?: values[name] = String(Unicode.Scalar(markers.lowerBound + UInt32(index))!)
            default: return nil
            }
        }
        var parts: [(literal: String, name: String?, escaped: Bool)] = []
        var literal = String.UnicodeScalarView()
        for scalar in mustache.render(values).unicodeScalars {
            guard markers.contains(scalar.value) else { literal.append(scalar); continue }
            let name = ordered[Int(scalar.value - markers.lowerBound)]
            let isText = if case .text? = names[name] { true } else { false }
            parts.append((String(literal), name, isText))
            literal = String.UnicodeScalarView()
        }
        parts.append((String(literal), nil, false))
        self.parts = parts
        size = parts.reduce(0) { $0 + $1.literal.utf8.count }
    }

    /// Supplementary private use plane A, one character per name: a template with one of them
    /// is rendered by swift-mustache. (A value may have them: values are never searched.)
    private static let markers: ClosedRange<UInt32> = 0xF0000...0xFFFFD

    func render(_ values: [String: Any]) -> String {
        var html = ""
        // The values (the lines with their derivations) are about as long as the layout.
        html.reserveCapacity(2 * size)
        for part in parts {
            html += part.literal
            guard let name = part.name, let value = values[name] else { continue }
            let text = value as? String ?? String(describing: value)
            html += part.escaped ? HTMLText.escape(text) : text
        }
        return html
    }
}

/// A template that cannot be used, as one sentence naming the file and line.
public struct HTMLTemplateError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
