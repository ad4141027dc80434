import BigInt
import SettleCore
import Testing

/// The machine-word path of `Rational` against plain BigInt arithmetic on the same parts, over
/// random values up to the 64-bit limits (where the 128-bit intermediates are fullest).
@Suite("Rational: machine words agree with BigInt")
struct RationalDifferentialTests {
    @Test("+, -, *, /, < and rounding agree over 5,000 random pairs")
    func agreesWithBigInt() {
        var random = SplitMix64(seed: 20_261_124)
        for _ in 0..<5_000 {
            let (a, b) = (part(&random, signed: true), part(&random, signed: false))
            let (c, d) = (part(&random, signed: true), part(&random, signed: false))
            let x = Rational(a, b), y = Rational(c, d)
            let (ba, bb, bc, bd) = (BigInt(a), BigInt(b), BigInt(c), BigInt(d))
            #expect(x + y == Rational(ba * bd + bc * bb, bb * bd))
            #expect(x - y == Rational(ba * bd - bc * bb, bb * bd))
            #expect(x * y == Rational(ba * bc, bb * bd))
            if c != 0 { #expect(x / y == Rational(ba * bd, bb * bc)) }
            #expect((x < y) == (ba * bd < bc * bb))
            let scale = Int(random.next() % 7)
            for mode in RoundingMode.allCases {
                #expect(x.rounded(scale: scale, mode) == reference(ba * BigInt(10).power(scale), bb, mode))
            }
        }
    }

    @Test("formatting writes the digits of a machine word as the digit text would, over 5,000 random values")
    func formatsLikeDigitText() {
        var random = SplitMix64(seed: 20_261_128)
        for _ in 0..<5_000 {
            let units = part(&random, signed: true), scale = Int(random.next() % 8)
            for grouped in [false, true] {
                let expected = reference(units, scale: scale, grouped: grouped)
                #expect(Rational.format(units: units, scale: scale, grouped: grouped) == expected)
                #expect(Rational.format(units: BigInt(units), scale: scale, grouped: grouped) == expected)
            }
        }
        #expect(Rational.format(units: Int.min, scale: 2, grouped: true) == "-92,233,720,368,547,758.08")
        #expect(Rational.format(units: 0, scale: 3) == "0.000")
        #expect(Rational.format(units: -5, scale: 2, grouped: true) == "-0.05")
    }

    /// Decimal text from the digits of `units`, by hand.
    private func reference(_ units: Int, scale: Int, grouped: Bool) -> String {
        var digits = String(units.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var whole = String(digits.dropLast(scale))
        if grouped {
            var index = whole.endIndex
            while whole.distance(from: whole.startIndex, to: index) > 3 {
                index = whole.index(index, offsetBy: -3)
                whole.insert(",", at: index)
            }
        }
        return (units < 0 ? "-" : "") + whole + (scale > 0 ? "." + digits.suffix(scale) : "")
    }

    /// Mostly money-like parts, sometimes near `Int64.max`.
    private func part(_ random: inout SplitMix64, signed: Bool) -> Int {
        let magnitude: Int = switch random.next() % 4 {
        case 0: Int(random.next() % 1_000) + 1
        case 1: [1, 10, 100, 1_000, 10_000, 1_000_000][Int(random.next() % 6)]
        case 2: Int(random.next() % UInt64(Int64.max)) + 1
        default: Int(Int64.max) - Int(random.next() % 1_000)
        }
        return signed && random.next() % 2 == 0 ? -magnitude : magnitude
    }

    private func reference(_ scaled: BigInt, _ denominator: BigInt, _ mode: RoundingMode) -> BigInt {
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: denominator)
        let twice = remainder.magnitude * 2
        let away = twice > denominator.magnitude
            || (twice == denominator.magnitude && (mode == .halfUp || quotient % 2 != 0))
        return away ? quotient + (scaled < 0 ? -1 : 1) : quotient
    }
}
