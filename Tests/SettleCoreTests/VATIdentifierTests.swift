import SettleCore
import Testing

/// The VAT id formats per country prefix (docs/REFERENCE.md §10, the VIES table).
@Suite("VAT identification numbers")
struct VATIdentifierTests {
    @Test("well-formed ids per prefix", arguments: [
        "ATU12345678", "BE0123456789", "BE1234567890", "BG123456789", "BG1234567890", "CY12345678X", "CZ12345678",
        "CZ1234567890", "DE123456789", "DK12345678", "EE123456789", "EL123456789", "ESX1234567X", "ES12345678Z",
        "FI12345678", "FRAB123456789", "FR12345678901", "HR12345678901", "HU12345678", "IE1234567WA", "IE1234567W",
        "IE1A23456W", "IT12345678901", "LT123456789", "LT123456789012", "LU12345678", "LV12345678901", "MT12345678",
        "NL123456789B01", "PL1234567890", "PT123456789", "RO12", "RO1234567890", "SE123456789701", "SI12345678",
        "SK1234567890", "XI123456789", "GB123456789", "GBGD123", "CHE123456789", "NO123456789MVA", "US123456789",
    ])
    func valid(id: String) {
        #expect(VATIdentifier.problem(id) == nil)
    }

    @Test("malformed ids name what their prefix expects", arguments: [
        ("DE12345678", "DE and 9 digits, such as 'DE123456789'"),
        ("AT12345678", "AT and 'U' and 8 digits, such as 'ATU12345678'"),
        ("BE2123456789", "BE and 10 digits starting with 0 or 1, such as 'BE0123456789'"),
        ("NL123456789X01", "NL and 9 digits, 'B' and 2 digits, such as 'NL123456789B01'"),
        ("CZ1234567", "CZ and 8, 9 or 10 digits, such as 'CZ12345678'"),
        ("SE123456789700", "SE and 10 digits and '01', such as 'SE123456789701'"),
        ("GR123456789", "Greek VAT ids start with 'EL', not 'GR'"),
        ("QQ123456", "'QQ' is not a country prefix such as 'DE'"),
        ("de123456789", "a country prefix and capital letters or digits without spaces, such as 'DE123456789'"),
        ("DE 123456789", "a country prefix and capital letters or digits without spaces, such as 'DE123456789'"),
        ("US1234567890123", "US and 2 to 12 letters or digits"),
    ])
    func invalid(id: String, expected: String) {
        #expect(VATIdentifier.problem(id) == expected)
    }

    @Test("VAT treatments round-trip through their text", arguments: ["reverse_charge", "outside_scope", "19%", "7.5%", "0%"])
    func treatmentText(text: String) {
        #expect(VATTreatment(text: text)?.description == text)
    }
}
