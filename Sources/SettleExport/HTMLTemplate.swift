import SettleCore

/// A restylable page template: `{{name}}` is replaced by escaped text, `{{{name}}}` by HTML that
/// Settle built (and escaped) itself. The names are checked when the template is read, so a
/// misspelt placeholder is an error, never an empty spot on every page.
public struct HTMLTemplate: Sendable {
    private enum Segment: Sendable {
        case literal(Substring)
        case text(String)
        case html(String)
    }

    private let segments: [Segment]

    /// - Parameters:
    ///   - source: how errors name the template (its file).
    ///   - textNames: the names `{{name}}` may use; `htmlNames`: those `{{{name}}}` may use.
    /// - Throws: `HTMLTemplateError` for an unclosed or unknown placeholder, naming its line.
    public init(_ text: String, source: String, textNames: Set<String>, htmlNames: Set<String>) throws(HTMLTemplateError) {
        var segments: [Segment] = []
        var rest = Substring(text)
        func line(of index: Substring.Index) -> Int { text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }
        while let open = rest.range(of: "{{") {
            segments.append(.literal(rest[..<open.lowerBound]))
            let raw = rest[open.upperBound...].hasPrefix("{")
            let nameStart = raw ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[nameStart...].range(of: raw ? "}}}" : "}}") else {
                throw HTMLTemplateError("\(source):\(line(of: open.lowerBound)): a placeholder opened with '\(raw ? "{{{" : "{{")' is never closed.")
            }
            let name = String(rest[nameStart..<close.lowerBound]).trimmingSpaces
            let known = raw ? htmlNames : textNames
            guard known.contains(name) else {
                let written = raw ? "{{{\(name)}}}" : "{{\(name)}}"
                let other = raw ? textNames : htmlNames
                let hint = other.contains(name) ? "; write it as \(raw ? "{{\(name)}}" : "{{{\(name)}}}")"
                    : Suggestion.didYouMean(name, in: known)
                let end = hint.hasSuffix("?") ? "" : "."
                throw HTMLTemplateError("\(source):\(line(of: open.lowerBound)): unknown placeholder \(written)\(hint)\(end)")
            }
            segments.append(raw ? .html(name) : .text(name))
            rest = rest[close.upperBound...]
        }
        segments.append(.literal(rest))
        self.segments = segments
    }

    func render(text values: [String: String], html fragments: [String: String]) -> String {
        segments.map { segment in
            switch segment {
            case .literal(let text): String(text)
            case .text(let name): HTMLText.escape(values[name] ?? "")
            case .html(let name): fragments[name] ?? ""
            }
        }.joined()
    }
}

/// A template that cannot be used, as one sentence naming the file and line.
public struct HTMLTemplateError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
