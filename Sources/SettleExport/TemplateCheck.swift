import Foundation
import SettleCore

/// Reads a page template's tags before swift-mustache parses it (which renders an unknown name as
/// nothing): every name is checked against the names known where it stands, inside sections too,
/// and the tags Settle does not offer are refused: partials, blocks, delimiter changes and pragmas
/// (one of which turns escaping off). Each error names the file and line.
struct TemplateCheck {
    let text: String
    /// How errors name the template (its file).
    let source: String

    /// One tag: the character that follows the opening braces when it gives the tag its kind
    /// (`#`, `^`, `/`, `!`, `{`, `&`, ...; `nil` for a plain name), the name and where it starts.
    private struct Tag {
        static let sigils: Set<Character> = ["#", "^", "/", "!", "{", "&", ">", "<", "$", "=", "%"]

        let sigil: Character?
        let name: String
        let start: String.Index

        /// As a template writes it, without spaces: `{{#statement_lines}}`, `{{{chart}}}`.
        var written: String { "{{\(sigil.map(String.init) ?? "")\(name)\(sigil == "{" ? "}" : "")}}" }
    }

    /// Names known where a tag stands: the template's own, a list's item's, or `.` for a text's
    /// value; inside sections, several, innermost last.
    typealias Scope = [String: TemplateName]

    /// - Returns: every name the template's tags use.
    /// - Throws: `HTMLTemplateError` for the first tag that is not usable.
    @discardableResult
    func check(names: Scope) throws(HTMLTemplateError) -> Set<String> {
        var scopes = [names]
        var sections: [(tag: Tag, opensScope: Bool)] = []
        var used: Set<String> = []
        var rest = text[...]
        while let tag = try nextTag(in: &rest) {
            if tag.sigil != "!" { used.insert(tag.name) }
            switch tag.sigil {
            case "!":
                continue
            case "#", "^":
                // As in swift-mustache: a list's item, or a text's value, becomes the innermost scope.
                let kind = try kind(of: tag, in: scopes)
                let item: Scope? = switch kind {
                case _ where tag.sigil == "^", .flag: nil
                case .list(let names): names
                case .text, .html: [".": kind]
                }
                if let item { scopes.append(item) }
                sections.append((tag, item != nil))
            case "/":
                guard let open = sections.popLast() else {
                    throw error(at: tag, "\(tag.written) closes a section that is not open.")
                }
                guard open.tag.name == tag.name else {
                    throw error(at: tag, "\(tag.written) does not close \(open.tag.written) of line \(line(of: open.tag.start)).")
                }
                if open.opensScope { scopes.removeLast() }
            case "{", "&":
                try expect(.html, tag, in: scopes)
            case nil:
                try expect(.text, tag, in: scopes)
            default:
                throw error(at: tag, "\(tag.written) is not supported: a template has names, sections and comments only.")
            }
        }
        if let open = sections.last {
            throw error(at: open.tag, "\(open.tag.written) is never closed with {{/\(open.tag.name)}}.")
        }
        return used
    }

    /// The next tag of `rest`, which then starts after it.
    private func nextTag(in rest: inout Substring) throws(HTMLTemplateError) -> Tag? {
        guard let open = rest.range(of: "{{") else { return nil }
        var body = rest[open.upperBound...]
        let sigil = body.first.flatMap { Tag.sigils.contains($0) ? $0 : nil }
        if sigil != nil { body = body.dropFirst() }
        guard let close = body.range(of: sigil == "{" ? "}}}" : "}}") else {
            let opening = sigil == "{" ? "{{{" : "{{"
            throw HTMLTemplateError("\(source):\(line(of: open.lowerBound)): a placeholder opened with '\(opening)' is never closed.")
        }
        rest = body[close.upperBound...]
        let name = body[..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return Tag(sigil: sigil, name: name, start: open.lowerBound)
    }

    /// Refuses a name written as text (`{{name}}`) or as HTML (`{{{name}}}`) that is not one.
    private func expect(_ form: TemplateName, _ tag: Tag, in scopes: [Scope]) throws(HTMLTemplateError) {
        switch (form, try kind(of: tag, in: scopes)) {
        case (.text, .text), (.html, .html): return
        case (.text, .html): throw unknown(tag, "; write it as {{{\(tag.name)}}}")
        case (.html, .text): throw unknown(tag, "; write it as {{\(tag.name)}}")
        default: throw unknown(tag, "; it is a section: write {{#\(tag.name)}}…{{/\(tag.name)}}")
        }
    }

    /// What the tag's name stands for where it is: `.` is the innermost item itself, any other
    /// name is looked for from the innermost scope out, as swift-mustache does.
    private func kind(of tag: Tag, in scopes: [Scope]) throws(HTMLTemplateError) -> TemplateName {
        let found = tag.name == "." ? scopes.last?["."] : scopes.reversed().lazy.compactMap { $0[tag.name] }.first
        if let found { return found }
        let list = scopes.joined().sorted { $0.key < $1.key }.first {
            if case .list(let items) = $0.value { items[tag.name] != nil } else { false }
        }?.key
        throw unknown(tag, list.map { "; it is known inside {{#\($0)}}…{{/\($0)}}" }
                      ?? Suggestion.didYouMean(tag.name, in: scopes.joined().map(\.key)))
    }

    private func unknown(_ tag: Tag, _ hint: String) -> HTMLTemplateError {
        error(at: tag, "unknown placeholder \(tag.written)\(hint)\(hint.hasSuffix("?") ? "" : ".")")
    }

    private func error(at tag: Tag, _ message: String) -> HTMLTemplateError {
        HTMLTemplateError("\(source):\(line(of: tag.start)): \(message)")
    }

    private func line(of index: String.Index) -> Int {
        text[..<index].count(where: \.isNewline) + 1
    }
}
