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
    }

    /// - Parameter values: text (`String`), yes/no (`Bool`) and lists (`[String]`, or `[[String: Any]]`
    ///   with the names of an item), under the names the template was checked against.
    func render(_ values: [String: Any]) -> String {
        mustache.render(values)
    }

    /// Whether a tag of the template uses `name`.
    func uses(_ name: String) -> Bool { usedNames.contains(name) }
}

/// A template that cannot be used, as one sentence naming the file and line.
public struct HTMLTemplateError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
