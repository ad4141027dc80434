/// The shape of a VAT identification number, per country prefix (docs/REFERENCE.md §10).
///
/// Only the format is checked, never a registry: the VIES service is online and Settle never is.
/// The table follows the European Commission's VIES page "VAT number validation" (format of the
/// VAT number per member state, with `EL` for Greece and `XI` for Northern Ireland), plus the
/// United Kingdom, Switzerland (UID with `CHE`) and Norway (with `MVA`). Another prefix that is an
/// ISO 3166-1 country code takes 2 to 12 capital letters and digits, as EN 16931 allows any.
///
/// ```swift
/// VATIdentifier.problem("DE123456789")   // nil
/// VATIdentifier.problem("DE12345678")    // "DE and 9 digits, such as 'DE123456789'"
/// ```
public enum VATIdentifier {
    /// `nil` when `text` has the shape of a VAT id, else what its prefix expects.
    public static func problem(_ text: String) -> String? {
        guard text.count >= 4, text.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            return "a country prefix and capital letters or digits without spaces, such as 'DE123456789'"
        }
        let prefix = String(text.prefix(2))
        let rest = Array(text.dropFirst(2))
        if let format = formats[prefix] {
            return format.patterns.contains { matches(rest, $0) } ? nil : "\(prefix) and \(format.spelling)"
        }
        guard Country.isKnown(prefix), prefix != "GR" else {
            return prefix == "GR" ? "Greek VAT ids start with 'EL', not 'GR'"
                : "'\(prefix)' is not a country prefix such as 'DE'"
        }
        return (2...12).contains(rest.count) ? nil : "\(prefix) and 2 to 12 letters or digits"
    }

    /// A pattern is one character class per position: `9` a digit, `A` a capital letter, `X` a
    /// letter or digit, any other character itself.
    private static func matches(_ text: [Character], _ pattern: String) -> Bool {
        let pattern = Array(pattern)
        guard text.count == pattern.count else { return false }
        return zip(text, pattern).allSatisfy { character, rule in
            switch rule {
            case "9": character.isNumber
            case "A": character.isLetter
            case "X": true
            default: character == rule
            }
        }
    }

    private struct Format {
        let patterns: [String]
        let spelling: String
        init(_ patterns: [String], _ spelling: String) {
            self.patterns = patterns
            self.spelling = spelling
        }
        init(digits counts: [Int], example: String) {
            patterns = counts.map { String(repeating: "9", count: $0) }
            let words = counts.map { "\($0)" }
            let list = words.count == 1 ? words[0] : words.dropLast().joined(separator: ", ") + " or " + words.last!
            spelling = "\(list) digits, such as '\(example)'"
        }
    }

    /// The country prefixes with a known format (the table of docs/REFERENCE.md §10).
    private static let formats: [String: Format] = [
        "AT": Format(["U99999999"], "'U' and 8 digits, such as 'ATU12345678'"),
        "BE": Format(["0999999999", "1999999999"], "10 digits starting with 0 or 1, such as 'BE0123456789'"),
        "BG": Format(digits: [9, 10], example: "BG123456789"),
        "CY": Format(["99999999A"], "8 digits and a letter, such as 'CY12345678X'"),
        "CZ": Format(digits: [8, 9, 10], example: "CZ12345678"),
        "DE": Format(digits: [9], example: "DE123456789"),
        "DK": Format(digits: [8], example: "DK12345678"),
        "EE": Format(digits: [9], example: "EE123456789"),
        "EL": Format(digits: [9], example: "EL123456789"),
        "ES": Format(["X9999999X"], "9 characters, the first and last a letter or digit, such as 'ESX1234567X'"),
        "FI": Format(digits: [8], example: "FI12345678"),
        "FR": Format(["XX999999999"], "2 letters or digits and 9 digits, such as 'FR12345678901'"),
        "HR": Format(digits: [11], example: "HR12345678901"),
        "HU": Format(digits: [8], example: "HU12345678"),
        "IE": Format(["9999999A", "9999999AA", "9X99999A"], "7 digits and 1 or 2 letters, such as 'IE1234567WA'"),
        "IT": Format(digits: [11], example: "IT12345678901"),
        "LT": Format(digits: [9, 12], example: "LT123456789"),
        "LU": Format(digits: [8], example: "LU12345678"),
        "LV": Format(digits: [11], example: "LV12345678901"),
        "MT": Format(digits: [8], example: "MT12345678"),
        "NL": Format(["999999999B99"], "9 digits, 'B' and 2 digits, such as 'NL123456789B01'"),
        "PL": Format(digits: [10], example: "PL1234567890"),
        "PT": Format(digits: [9], example: "PT123456789"),
        "RO": Format((2...10).map { String(repeating: "9", count: $0) }, "2 to 10 digits, such as 'RO1234567890'"),
        "SE": Format(["999999999901"], "10 digits and '01', such as 'SE123456789701'"),
        "SI": Format(digits: [8], example: "SI12345678"),
        "SK": Format(digits: [10], example: "SK1234567890"),
        "XI": Format(["999999999", "999999999999", "GD999", "HA999"], "9 or 12 digits, such as 'XI123456789'"),
        "GB": Format(["999999999", "999999999999", "GD999", "HA999"], "9 or 12 digits, such as 'GB123456789'"),
        "CH": Format(["E999999999"], "'E' and 9 digits, such as 'CHE123456789'"),
        "NO": Format(["999999999MVA"], "9 digits and 'MVA', such as 'NO123456789MVA'"),
    ]
}
