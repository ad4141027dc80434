import Foundation

/// Text for payment files in the SEPA basic character set: `a-z A-Z 0-9 / - ? : ( ) . , ' +` and
/// space. Anything else is transliterated (ü -> ue, ø -> oe, Greek -> Latin, and any other
/// script through ICU's Any-Latin: さくら -> sakura, 東京 -> dong jing) or replaced (`&` -> `+`,
/// other signs -> space); a name is never dropped.
///
/// ```swift
/// SEPAText.clean("Müller & Søn ΑΕ", maxLength: 70)   // "Mueller + Soen AE"
/// ```
public enum SEPAText {
    public static func clean(_ text: String, maxLength: Int) -> String {
        var out = ""
        // Letters of other scripts, transliterated together (a word at a time, so that ICU can
        // space the syllables of a Chinese name).
        var otherScript = ""
        func flush() {
            guard !otherScript.isEmpty else { return }
            let latin = otherScript.applyingTransform(.toLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? ""
            out += " " + String(String.UnicodeScalarView(latin.unicodeScalars.map { allowed($0) ? $0 : " " })) + " "
            otherScript = ""
        }
        for scalar in text.unicodeScalars {
            if let mapped = special[scalar] { flush(); out += mapped; continue }
            if allowed(scalar) { flush(); out.unicodeScalars.append(scalar); continue }
            // Strip accents: é -> e, Å -> A (then the special cases above have had their turn).
            let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.filter(allowed)
            if !base.isEmpty { flush(); out += String(String.UnicodeScalarView(base)); continue }
            if scalar.properties.isAlphabetic { otherScript.unicodeScalars.append(scalar); continue }
            flush()
            out += " "
        }
        flush()
        let words = out.split(separator: " ", omittingEmptySubsequences: true)
        let joined = words.joined(separator: " ")
        let cut = String(joined.prefix(maxLength))
        return cut.isEmpty ? "-" : String(cut.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "/", "-", "?", ":", "(", ")", ".", ",", "'", "+", " ": true
        default: false
        }
    }

    /// Transliterations that stripping accents would get wrong or cannot do.
    static let special: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [
            "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
            "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
            "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
            "&": "+", "\"": "'", "`": "'", "’": "'", "‘": "'", "–": "-", "—": "-",
        ]
        let greek: [(String, String)] = [
            ("α", "a"), ("β", "v"), ("γ", "g"), ("δ", "d"), ("ε", "e"), ("ζ", "z"), ("η", "i"), ("θ", "th"),
            ("ι", "i"), ("κ", "k"), ("λ", "l"), ("μ", "m"), ("ν", "n"), ("ξ", "x"), ("ο", "o"), ("π", "p"),
            ("ρ", "r"), ("σ", "s"), ("ς", "s"), ("τ", "t"), ("υ", "y"), ("φ", "f"), ("χ", "ch"), ("ψ", "ps"),
            ("ω", "o"), ("ά", "a"), ("έ", "e"), ("ή", "i"), ("ί", "i"), ("ό", "o"), ("ύ", "y"), ("ώ", "o"),
        ]
        for (lower, latin) in greek {
            table[lower.unicodeScalars.first!] = latin
            let upper = lower.uppercased()
            if upper.unicodeScalars.count == 1 {
                table[upper.unicodeScalars.first!] = latin.prefix(1).uppercased() + latin.dropFirst()
            }
        }
        return table
    }()
}
