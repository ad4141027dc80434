import SettleCore
import Testing

@Suite("Decimal scanning agrees with exact parsing")
struct DecimalScanTests {
    @Test("scanDecimal accepts exactly what Rational(decimal:) accepts, with its sign and fraction digits",
          arguments: ["0", "-0", "-0.00", "12.50", "-12.5", "0.000001", "007", "1e3", "+1", ".5", "1.", "1,000",
                      " 1", "", "-", "1.2.3", "١٢", "12a", "--1", "100000000000000000000000000.1"])
    func agrees(text: String) {
        let exact = Rational(decimal: text)
        let scanned = Rational.scanDecimal(text)
        #expect((exact == nil) == (scanned == nil))
        if let exact, let scanned {
            #expect(scanned.sign == (exact.isZero ? 0 : (exact.isNegative ? -1 : 1)))
            #expect(scanned.fractionDigits == Rational.fractionDigits(ofDecimal: text))
        }
    }
}
