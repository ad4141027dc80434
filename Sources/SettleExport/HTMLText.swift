/// HTML escaping for the pages Settle builds itself (statement fragments, the chart, the finance
/// summary, the payout file's text): every text that reaches such a page goes through here.
/// Templates escape with swift-mustache, which replaces the same five characters the same way.
enum HTMLText {
    static func escape(_ text: String) -> String {
        // Most text has nothing to escape: one pass over the bytes instead of a walk over characters.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                         || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
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
