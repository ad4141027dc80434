import BigInt
@testable import SettleCore
import Testing

/// The quick reading of stored amounts (`Money(plainCodingText:)`, issue 19) against the general
/// one through `Rational`: the same money for every text Settle writes, nothing for anything else.
@Suite("Money text: the quick reading agrees with the general one")
struct MoneyTextTests {
    @Test("20,000 random amounts in JPY, EUR, KWD and CLF, written and read back both ways")
    func agreesOverRandomAmounts() {
        var random = SplitMix64(seed: 20_261_128)
        for _ in 0..<20_000 {
            let currency = Currency(code: ["JPY", "EUR", "USD", "KWD", "BHD", "CLF"][Int(random.next() % 6)])!
            // From one digit up to the 18 the quick reading takes, and past them.
            let magnitude = random.next() % [10, 1_000, 1_000_000, 1_000_000_000_000, UInt64(Int64.max)][Int(random.next() % 5)]
            let units = random.next() % 2 == 0 ? -Int(magnitude) : Int(magnitude)
            let written = Money(minorUnits: .init(units), currency: currency).codingText
            let quick = Money(plainCodingText: written), general = Money(decimalCodingText: written)
            #expect(general?.minorUnits == .init(units), "\(written)")
            // Past 18 digits the quick reading declines and the general one reads the text.
            #expect(quick == (magnitude < 1_000_000_000_000_000_000 ? general : nil), "\(written)")
            #expect(Money(codingText: written)?.codingText == written)
        }
    }

    @Test("Texts Settle writes, at the edges", arguments: [
        "0 JPY", "-0 JPY", "2517 JPY", "-1482 JPY", "0.00 EUR", "-0.00 EUR", "0.05 EUR", "-1234.50 EUR", "007.50 EUR",
        "1.000 KWD", "-0.001 BHD", "12.3456 CLF", "999999999999999999 JPY", "9999999999999999.99 EUR",
    ])
    func readsWhatSettleWrites(text: String) {
        #expect(Money(plainCodingText: text) != nil)
        #expect(Money(plainCodingText: text) == Money(decimalCodingText: text))
    }

    @Test("Malformed texts: neither reading takes them", arguments: [
        "", " ", "EUR", "1.50", "1.50EUR", "1.5 EUR", "1.500 EUR", "1 EUR", "1. JPY", "1.0 JPY", ".50 EUR", "-.50 EUR", "- 1 JPY",
        "--1 JPY", "1-2 JPY", "+1 JPY", "1e3 JPY", "1,000 JPY", "1.2.3 EUR", "1.50 ZZZ", "1.50 eur", "1.50 EUR EUR",
        "١٢ JPY", "1.00 KWD", "1.0000 KWD", "12.345 CLF",
    ])
    func refusesMalformed(text: String) {
        #expect(Money(plainCodingText: text) == nil)
        #expect(Money(codingText: text) == nil)
    }

    @Test("Texts only the general reading takes, read as before", arguments: [
        "1234567890123456789 JPY", "-12345678901234567.89 EUR", " 12 JPY", "12  JPY", "12 JPY ",
    ])
    func fallsBack(text: String) {
        #expect(Money(plainCodingText: text) == nil)
        #expect(Money(codingText: text) == Money(decimalCodingText: text))
    }
}
