/// A restylable page template: `{{name}}` is replaced by escaped text, `{{{name}}}` by HTML that
/// Settle built (and escaped) itself. An unknown placeholder is left empty.
public struct HTMLTemplate: Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    func render(text values: [String: String], html fragments: [String: String]) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let raw = rest[open.upperBound...].hasPrefix("{")
            let nameStart = raw ? rest.index(after: open.upperBound) : open.upperBound
            let closing = raw ? "}}}" : "}}"
            guard let close = rest[nameStart...].range(of: closing) else { output += rest[open.lowerBound...]; return output }
            let name = String(rest[nameStart..<close.lowerBound]).trimmingSpaces
            output += raw ? (fragments[name] ?? "") : HTMLText.escape(values[name] ?? "")
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}

/// HTML escaping: every text that reaches a page goes through here.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
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
