/// A tiny JSON writer with a fixed key order, so that the same statement gives the same bytes.
enum JSONText {
    /// A JSON string literal: quotes, backslashes and control characters escaped; `<`, `>` and
    /// `&` escaped too, so the text is also safe inside HTML.
    static func string(_ text: String) -> String {
        // Printable ASCII without a character to escape (most text) goes as it is.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
                                  && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "&") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&": out += String(format4Hex: scalar.value)
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format4Hex: scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func optional(_ text: String?) -> String { text.map(string) ?? "null" }

    /// An object from (key, already-encoded value) pairs, one per line, indented. Appended into
    /// one string: a string per member, joined, was most of writing a statement's JSON (issue 19).
    static func object(_ members: [(String, String)], indent: Int) -> String {
        var text = "{\n"
        for (index, member) in members.enumerated() {
            if index > 0 { text += ",\n" }
            pad(&text, indent + 1)
            text += string(member.0)
            text += ": "
            text += member.1
        }
        text += "\n"
        pad(&text, indent)
        text += "}"
        return text
    }

    static func array(_ items: [String], indent: Int) -> String {
        guard !items.isEmpty else { return "[]" }
        var text = "[\n"
        for (index, item) in items.enumerated() {
            if index > 0 { text += ",\n" }
            pad(&text, indent + 1)
            text += item
        }
        text += "\n"
        pad(&text, indent)
        text += "]"
        return text
    }

    private static func pad(_ text: inout String, _ indent: Int) {
        for _ in 0..<indent { text += "  " }
    }
}

extension String {
    /// `\u003c` for `<`.
    init(format4Hex value: UInt32) {
        let hex = String(value, radix: 16)
        self = "\\u" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
    }
}
