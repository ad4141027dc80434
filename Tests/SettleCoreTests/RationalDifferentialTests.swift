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
