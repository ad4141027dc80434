/// Checks of bank identifiers, shared by contract validation and payout files.
public enum BankIdentifiers {
    /// Whether `iban` is a well-formed IBAN whose ISO 13616 mod-97 check digits are right.
    ///
    /// ```swift
    /// BankIdentifiers.isValidIBAN("DE89370400440532013000")   // true
    /// ```
    public static func isValidIBAN(_ iban: String) -> Bool {
        let chars = Array(iban.utf8)
        guard (15...34).contains(chars.count),
              chars[0...1].allSatisfy(isUpper), chars[2...3].allSatisfy(isDigit),
              chars.allSatisfy({ isUpper($0) || isDigit($0) }),
              Country.isKnown(String(iban.prefix(2))) else { return false }
        var remainder = 0
        for char in chars[4...] + chars[0..<4] {
            let value = isDigit(char) ? Int(char - 48) : Int(char - 55)
            remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97
        }
        return remainder == 1
    }

    /// Whether `bic` has the ISO 9362 shape (8 or 11 characters, a known country in 5-6).
    public static func isValidBIC(_ bic: String) -> Bool {
        let chars = Array(bic.utf8)
        guard chars.count == 8 || chars.count == 11,
              chars[0..<6].allSatisfy(isUpper),
              chars[6...].allSatisfy({ isUpper($0) || isDigit($0) }) else { return false }
        return Country.isKnown(String(bic.dropFirst(4).prefix(2)))
    }

    /// Whether `routing` is an ABA routing transit number: 9 digits whose weighted sum (weights
    /// 3, 7, 1 repeated) is a multiple of 10, so its last digit checks the other eight.
    ///
    /// ```swift
    /// BankIdentifiers.isValidABA("021000021")   // true: 3·0+7·2+1·1+3·0+7·0+1·0+3·0+7·2+1·1 = 30
    /// BankIdentifiers.isValidABA("021000022")   // false: 31
    /// ```
    public static func isValidABA(_ routing: String) -> Bool {
        let chars = Array(routing.utf8)
        guard chars.count == 9, chars.allSatisfy(isDigit) else { return false }
        let weights = [3, 7, 1, 3, 7, 1, 3, 7, 1]
        return zip(chars, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 } % 10 == 0
    }

    private static func isUpper(_ char: UInt8) -> Bool { (65...90).contains(char) }
    private static func isDigit(_ char: UInt8) -> Bool { (48...57).contains(char) }
}
