import SettleCore
import Testing

@Suite("Rational: exact decimals and rounding")
struct RationalTests {
    @Test("decimal text is read digit for digit", arguments: [
        ("0.1", Rational(1, 10)),
        ("0.10", Rational(1, 10)),
        ("-2.50", Rational(-5, 2)),
        ("0", Rational.zero),
        ("-0", Rational.zero),
        ("-0.000", Rational.zero),
        ("007", Rational(7)),
        ("0.000001", Rational(1, 1_000_000)),     // revenue carries up to 6 fractional digits
        ("1234567.89", Rational(123_456_789, 100)),
        ("0.3333", Rational(3333, 10_000)),
    ])
    func parses(text: String, expected: Rational) {
        #expect(Rational(decimal: text) == expected)
    }

    @Test("text that is not a plain decimal is refused", arguments: [
        "1e3", "+1", ".5", "1.", "1,000", " 1", "1 ", "", "-", "-.5", "--1", "1.2.3", "0x10", "1_000",
        "NaN", "inf", "1/2", "١", "１", "1\u{301}", "12%", "1.0e-3",
    ])
    func refuses(text: String) {
        #expect(Rational(decimal: text) == nil)
    }

    @Test("numbers beyond 64 bits stay exact")
    func bigNumbers() {
        let text = "123456789012345678901234567890.000001"
        let value = dec(text)
        #expect(value.description == text)
        // (x + 0.000001) - x = 0.000001 exactly
        #expect(value + dec("0.000001") - value == dec("0.000001"))
        // x * 10^6 has no fraction: 123456789012345678901234567890000001
        #expect((value * Rational(1_000_000)).description == "123456789012345678901234567890000001")
    }

    @Test("values crossing the 64-bit boundary stay exact and equal")
    func machineWordBoundary() {
        let max = Rational(Int(Int64.max))
        let beyond = max + .one                                  // 2^63 needs BigInt
        #expect(beyond.description == "9223372036854775808")
        #expect(beyond - .one == max)                            // and comes back to machine words
        #expect(Set([beyond - .one, max]).count == 1)            // one value, one hash
        #expect(Rational(Int.min).description == "-9223372036854775808")
        #expect(-Rational(Int.min) == beyond)
        #expect((max * max / max) == max)                        // a 126-bit intermediate
        #expect(Rational(1, Int(Int64.max)) * Rational(1, 2) == Rational(1, Int(Int64.max)) / Rational(2))
        #expect(Rational(3, Int(Int64.max)) < Rational(3, Int(Int64.max) - 1))
        #expect(dec("9999999999999999999.99").rounded(scale: 1, .halfUp).description == "100000000000000000000")
        #expect(dec("0.999999999999999999") + dec("0.000000000000000001") == .one)   // 18 digits, machine path
        #expect(dec("1.0000000000000000001").description == "1.0000000000000000001")  // 20 digits, BigInt path
    }

    @Test("arithmetic is exact")
    func arithmetic() {
        #expect(dec("0.1") + dec("0.2") == dec("0.3"))
        #expect(Rational(11, 30) * Rational(3000) == Rational(1100))       // 3000 x 11/30 = 1100
        #expect(Rational(1, 3) + Rational(1, 6) == Rational(1, 2))
        #expect(Rational(3, -6) == Rational(-1, 2))                         // sign moves to the numerator
        #expect("\(Rational(2, 4).numerator)" == "1")
        #expect("\(Rational(2, 4).denominator)" == "2")
        #expect(dec("1.5") / dec("0.5") == Rational(3))
        #expect(-dec("2.5") == dec("-2.5"))
        #expect(dec("-2.5").magnitude == dec("2.5"))
        #expect([dec("0.1"), dec("0.2"), dec("-0.3")].sum() == .zero)
    }

    @Test("comparison is exact", arguments: [
        (Rational(1, 3), dec("0.3333"), false),      // 1/3 > 0.3333
        (dec("0.3333"), Rational(1, 3), true),
        (Rational(-1, 2), Rational(-1, 3), true),    // -0.5 < -0.333...
        (Rational(1100), Rational(11, 30) * Rational(3000), false),
        (dec("1099.999999"), Rational(11, 30) * Rational(3000), true),
    ])
    func compares(lhs: Rational, rhs: Rational, less: Bool) {
        #expect((lhs < rhs) == less)
    }

    @Test("decimalText", arguments: [
        (Rational(1, 8), 0, false, "0.125" as String?),
        (Rational(-5, 2), 0, false, "-2.5"),
        (Rational(1, 40), 0, false, "0.025"),
        (Rational(7), 0, false, "7"),
        (Rational.zero, 2, false, "0.00"),
        (Rational(-1, 100), 2, false, "-0.01"),
        (Rational(1, 2), 3, false, "0.500"),
        (Rational(1_234_567), 2, true, "1,234,567.00"),
        (Rational(-1_234_567_891, 1000), 2, true, "-1,234,567.891"),
        (Rational(123), 0, true, "123"),
        (Rational(1000), 0, true, "1,000"),
        (Rational(1, 3), 0, false, nil),
        (Rational(-1, 6), 2, true, nil),
    ])
    func decimalText(value: Rational, minimumDigits: Int, grouped: Bool, expected: String?) {
        #expect(value.decimalText(minimumFractionDigits: minimumDigits, grouped: grouped) == expected)
    }

    @Test("description is the decimal text, else n/d")
    func description() {
        #expect(Rational(1, 3).description == "1/3")
        #expect(Rational(-2, 6).description == "-1/3")
        #expect(Rational(3, -6).description == "-0.5")
        #expect(dec("12.50").description == "12.5")
    }
}

@Suite("Money: one rounding to the currency's minor unit")
struct MoneyRoundingTests {
    /// (exact text, currency, half_even, half_up)
    @Test("half_even and half_up", arguments: [
        // EUR, 2 digits
        ("0.125", eur, "0.12", "0.13"),          // exact half: 12.5 cents, 12 is even
        ("0.135", eur, "0.14", "0.14"),          // 13.5 cents: 14 is even, and away from zero
        ("-0.125", eur, "-0.12", "-0.13"),       // half_up is half away from zero
        ("-0.135", eur, "-0.14", "-0.14"),
        ("2.675", eur, "2.68", "2.68"),          // exact in decimal: 267.5 -> 268 both ways
        ("0.005", eur, "0.00", "0.01"),
        ("-0.005", eur, "0.00", "-0.01"),        // never -0.00
        ("0.1249999", eur, "0.12", "0.12"),      // below the half
        ("0.1250001", eur, "0.13", "0.13"),      // above the half
        ("-0.1250001", eur, "-0.13", "-0.13"),
        ("1.995", eur, "2.00", "2.00"),
        ("1.985", eur, "1.98", "1.99"),
        ("100.005", eur, "100.00", "100.01"),
        ("1234567.891", eur, "1234567.89", "1234567.89"),
        // JPY, 0 digits
        ("2.5", jpy, "2", "3"),
        ("3.5", jpy, "4", "4"),
        ("-2.5", jpy, "-2", "-3"),
        ("13838.5", jpy, "13838", "13839"),
        ("0.4", jpy, "0", "0"),
        ("-0.5", jpy, "0", "-1"),
        ("0.500001", jpy, "1", "1"),
        // KWD, 3 digits
        ("1.0005", kwd, "1.000", "1.001"),
        ("1.0015", kwd, "1.002", "1.002"),
        ("-0.0005", kwd, "0.000", "-0.001"),
        ("12.3456", kwd, "12.346", "12.346"),
        ("7", kwd, "7.000", "7.000"),
    ])
    func rounds(exact: String, currency: Currency, halfEven: String, halfUp: String) {
        #expect(Money(rounding: dec(exact), in: currency, .halfEven).description == halfEven)
        #expect(Money(rounding: dec(exact), in: currency, .halfUp).description == halfUp)
    }

    @Test("fractions without a decimal expansion round too", arguments: [
        (Rational(1, 3), "0.33", "0.33"),
        (Rational(2, 3), "0.67", "0.67"),
        (Rational(-2, 3), "-0.67", "-0.67"),
        (Rational(1, 200), "0.00", "0.01"),          // 1/200 = 0.005, an exact half
        (Rational(7500, 31), "241.94", "241.94"),    // 15/31 x 500.00 = 241.935483... -> 241.94
        (Rational(10, 31), "0.32", "0.32"),          // 0.322580...
    ])
    func roundsFractions(exact: Rational, halfEven: String, halfUp: String) {
        #expect(Money(rounding: exact, in: eur, .halfEven).description == halfEven)
        #expect(Money(rounding: exact, in: eur, .halfUp).description == halfUp)
    }

    @Test("rounded(scale:) at other scales")
    func roundedScale() {
        #expect("\(dec("0.125").rounded(scale: 2, .halfEven))" == "12")
        #expect("\(dec("0.125").rounded(scale: 2, .halfUp))" == "13")
        #expect("\(dec("25").rounded(scale: 0, .halfEven))" == "25")
        #expect("\(Rational(-7, 2).rounded(scale: 0, .halfEven))" == "-4")   // -3.5 -> -4 (even)
        #expect("\(Rational(-5, 2).rounded(scale: 0, .halfEven))" == "-2")   // -2.5 -> -2 (even)
    }

    @Test("machine and human forms", arguments: [
        ("1234567.891", eur, "1234567.89", "1,234,567.89"),
        ("-1234.5", eur, "-1234.50", "-1,234.50"),
        ("0", eur, "0.00", "0.00"),
        ("13839", jpy, "13839", "13,839"),
        ("-1234567", jpy, "-1234567", "-1,234,567"),
        ("-0.5", kwd, "-0.500", "-0.500"),
        ("1000.0001", kwd, "1000.000", "1,000.000"),
        ("0.07", eur, "0.07", "0.07"),
    ])
    func forms(exact: String, currency: Currency, machine: String, human: String) {
        let money = Money(rounding: dec(exact), in: currency, .halfEven)
        #expect(money.description == machine)
        #expect(money.grouped == human)
    }

    @Test("sums, signs and value")
    func arithmetic() {
        let a = Money(rounding: dec("10.25"), in: eur, .halfEven)
        let b = Money(rounding: dec("-0.30"), in: eur, .halfEven)
        #expect((a + b).description == "9.95")
        #expect((a - b).description == "10.55")
        #expect((-a).description == "-10.25")
        #expect([a, b, b].sum(in: eur).description == "9.65")
        #expect([Money]().sum(in: jpy).description == "0")
        #expect(a.value == dec("10.25"))
        #expect(b.isNegative && a.isPositive && Money.zero(eur).isZero)
        #expect(b < a)
    }

    @Test("ISO 4217 minor units", arguments: [
        ("EUR", 2 as Int?), ("USD", 2), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("BHD", 3), ("CLF", 4),
        ("eur", nil), ("XXX", nil), ("EU", nil), ("", nil),
    ])
    func minorUnits(code: String, digits: Int?) {
        #expect(Currency(code: code)?.minorUnitDigits == digits)
    }
}
