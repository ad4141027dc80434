import SettleCore

/// Reads typed values out of a Yams node tree, recording a diagnostic for every problem.
///
/// Scalars are always read from their literal text, never through a float: `0.1` stays one tenth.
struct YAMLReader {
    let log: DiagnosticLog

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: log.file, line: node.mark.line, column: node.mark.column)
    }

    func error(_ node: Node, _ message: String) {
        log.error(at: location(node), message)
    }

    // MARK: Structure

    /// The keys of a mapping, after reporting duplicate keys and keys not in `allowed`.
    func fields(_ node: Node, _ context: String, allowed: [String]) -> Fields? {
        guard case let .mapping(mapping) = node else {
            error(node, "\(context) must be a mapping of keys to values")
            return nil
        }
        var values: [String: Node] = [:]
        var keys: [String: Node] = [:]
        var misspelt: Set<String> = []
        for (keyNode, value) in mapping {
            guard case let .scalar(key) = keyNode else {
                error(keyNode, "a key in \(context) must be a plain word")
                continue
            }
            if values[key.string] != nil {
                error(keyNode, "duplicate key '\(key.string)' in \(context)")
            } else if !allowed.contains(key.string) {
                let meant = Suggestion.closest(to: key.string, in: allowed)
                if let meant { misspelt.insert(meant) }
                error(keyNode, "unknown key '\(key.string)' in \(context)" + (meant.map { "; did you mean '\($0)'?" } ?? ""))
            } else {
                values[key.string] = value
                keys[key.string] = keyNode
            }
        }
        return Fields(node: node, context: context, values: values, keys: keys, misspelt: misspelt, reader: self)
    }

    func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard case let .sequence(sequence) = node else {
            error(node, "'\(what)' must be a list")
            return nil
        }
        return Array(sequence)
    }

    // MARK: Scalars

    /// The literal text of a scalar with a value.
    func text(_ node: Node, _ what: String) -> String? {
        guard case let .scalar(scalar) = node else {
            error(node, "'\(what)' must be a single value, not a list or mapping")
            return nil
        }
        if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            error(node, "'\(what)' has no value")
            return nil
        }
        return scalar.string
    }

    /// Text that must not be blank.
    func name(_ node: Node, _ what: String) -> String? {
        guard let text = text(node, what) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            error(node, "'\(what)' must not be blank")
            return nil
        }
        return text
    }

    /// A provider or contract id (`NameRule.id`).
    func id(_ node: Node, _ what: String) -> String? {
        guard let text = text(node, what) else { return nil }
        guard NameRule.id.accepts(text) else {
            error(node, "\(what) '\(text)' must be \(NameRule.id.spelling), starting with a letter or digit")
            return nil
        }
        return text
    }

    /// A stream, role or GPU type name, or a rule id (`NameRule.word`).
    func word(_ node: Node, _ what: String) -> String? {
        guard let text = text(node, what) else { return nil }
        guard NameRule.word.accepts(text) else {
            error(node, "\(what) '\(text)' must be \(NameRule.word.spelling)")
            return nil
        }
        return text
    }

    /// A whole number from `minimum` to `maximum` (by default what the database's integer holds).
    func integer(_ node: Node, _ what: String, minimum: Int, maximum: Int = Int(Int32.max)) -> Int? {
        guard let text = text(node, what) else { return nil }
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text), value >= minimum else {
            error(node, "'\(what)' must be a whole number of at least \(minimum), not '\(text)'")
            return nil
        }
        guard value <= maximum else {
            error(node, "'\(what)' must be a whole number from \(minimum) to \(maximum), not '\(text)'")
            return nil
        }
        return value
    }

    /// An exact decimal such as `"1234.50"` or `0.1`.
    func decimal(_ node: Node, _ what: String, nonNegative: Bool = false) -> Rational? {
        guard let text = text(node, what) else { return nil }
        guard let value = Rational(decimal: text) else {
            let hint = text.hasSuffix("%") ? "; a percentage belongs in a 'rate'" : ""
            error(node, "'\(what)' must be an exact decimal number such as \"1234.50\", not '\(text)'\(hint)")
            return nil
        }
        guard !(nonNegative && value.isNegative) else {
            error(node, "'\(what)' must not be negative, not '\(text)'")
            return nil
        }
        return value
    }

    /// The percentage a rate written without `%` most likely means: a fraction below 1 is read as
    /// a share (`0.12` -> 12%), anything else as a percentage already (`10` -> 10%).
    static func percentHint(_ text: String) -> String {
        guard let value = Rational(decimal: text), value >= .zero, value <= Rational(100) else { return "" }
        let percent = value < .one ? value * Rational(100) : value
        return "; did you mean \(percent.decimalText() ?? text)%?"
    }

    /// A percentage from 0% to 100%, returned as a fraction: `7.5%` -> 0.075.
    func rate(_ node: Node, _ what: String) -> Rational? {
        guard let text = text(node, what) else { return nil }
        guard text.hasSuffix("%") else {
            error(node, "'\(what)' must be a percentage with '%', not '\(text)'" + Self.percentHint(text))
            return nil
        }
        guard let percent = Rational(decimal: text.dropLast()) else {
            error(node, "'\(what)' must be a percentage such as '7.5%', not '\(text)'")
            return nil
        }
        guard percent >= .zero, percent <= Rational(100) else {
            error(node, "'\(what)' must lie between 0% and 100%, not '\(text)'")
            return nil
        }
        return percent / Rational(100)
    }

    func day(_ node: Node, _ what: String) -> Day? {
        guard let text = text(node, what) else { return nil }
        guard let day = Day(text) else {
            error(node, Self.dateProblem(text, what))
            return nil
        }
        return day
    }

    /// Why `text` is not a date: not written YYYY-MM-DD, or a day the calendar does not have.
    static func dateProblem(_ text: String, _ what: String) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard text.count == 10, parts.count == 3, let month = Period(year: parts[0], month: parts[1]) else {
            return "'\(what)' must be a date written YYYY-MM-DD, not '\(text)'"
        }
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        return "'\(what)' \(text) is not a calendar date: \(names[month.month - 1]) \(month.year) has \(month.dayCount) days"
    }

    func currency(_ node: Node, _ what: String) -> Currency? {
        guard let text = text(node, what) else { return nil }
        guard let currency = Currency(code: text) else {
            error(node, "'\(what)' must be an ISO 4217 currency code such as 'EUR', not '\(text)'")
            return nil
        }
        return currency
    }

    func country(_ node: Node, _ what: String) -> String? {
        guard let text = text(node, what) else { return nil }
        guard Country.isKnown(text) else {
            error(node, "'\(what)' must be an ISO 3166-1 alpha-2 country code such as 'DE', not '\(text)'")
            return nil
        }
        return text
    }

    /// One of a fixed set of words.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as: T.Type) -> T?
    where T.RawValue == String {
        guard let text = text(node, what) else { return nil }
        guard let value = T(rawValue: text) else {
            let options = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            error(node, "'\(what)' must be one of \(options), not '\(text)'"
                  + Suggestion.didYouMean(text, in: T.allCases.map(\.rawValue)))
            return nil
        }
        return value
    }
}

/// The checked keys of one mapping.
struct Fields {
    let node: Node
    let context: String
    let values: [String: Node]
    /// The key nodes, for diagnostics about a key itself.
    let keys: [String: Node]
    /// Keys that an unknown key was taken for a typo of: their absence is already reported.
    let misspelt: Set<String>
    let reader: YAMLReader

    /// The value, or a "missing key" diagnostic at the mapping (unless a typo of it was reported).
    func required(_ key: String) -> Node? {
        guard let value = values[key] else {
            if !misspelt.contains(key) {
                reader.error(node, "missing key '\(key)' in \(context)")
            }
            return nil
        }
        return value
    }

    func optional(_ key: String) -> Node? { values[key] }

    func has(_ key: String) -> Bool { values[key] != nil }

    /// Reports that only one of two keys may be given, at the one written later.
    func reportBoth(_ first: String, _ second: String, in context: String) {
        let later = [first, second].compactMap { keys[$0] }.max { ($0.mark.line, $0.mark.column) < ($1.mark.line, $1.mark.column) }
        reader.error(later ?? node, "\(context) takes either '\(first)' or '\(second)', not both")
    }
}
