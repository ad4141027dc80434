import Foundation
import SettleContracts
import SettleCore
import Testing

/// Numbers are read from the literal text of the scalar, never through a binary float.
@Suite("Exact numbers from contract text")
struct ExactNumberTests {
    /// acme-cloud-v1 with its `upgrades` price and `api-share` rate rewritten.
    static func acme(perUnit: String = "\"2.00\"", rate: String = "10%") throws -> Contract {
        let source = try text(Paths.contracts.appendingPathComponent("acme-cloud-v1.yaml"))
            .replacingOccurrences(of: "per_unit: \"2.00\"", with: "per_unit: \(perUnit)")
            .replacingOccurrences(of: "rate: 10%", with: "rate: \(rate)")
        return try contract(source)
    }

    @Test("per_unit, plain or quoted, is the decimal written", arguments: [
        ("0.1", Rational(1, 10)),
        ("\"0.1\"", Rational(1, 10)),
        ("0.30", Rational(3, 10)),
        ("'12.345'", Rational(12345, 1000)),
        ("0.1000000000000000055511151231257827", Rational(decimal: "0.1000000000000000055511151231257827")!),
        ("1000", Rational(1000)),
        ("0", Rational(0)),
    ])
    func perUnit(written: String, value: Rational) throws {
        let rule = try Self.acme(perUnit: written).rules.first { $0.id == "upgrades" }
        #expect(rule?.kind == .perUnit(streams: ["upgrade"], price: value))
    }

    @Test("a rate is a percentage, kept as a fraction", arguments: [
        ("7.5%", Rational(3, 40)),
        ("0.1%", Rational(1, 1000)),
        ("12.345%", Rational(12345, 100_000)),
        ("0%", Rational(0)),
        ("100%", Rational(1)),
        ("\"10%\"", Rational(1, 10)),
    ])
    func rate(written: String, value: Rational) throws {
        let rule = try Self.acme(rate: written).rules.first { $0.id == "api-share" }
        #expect(rule?.kind == .revenueShare(streams: ["api_usage"], rate: .flat(value)))
    }

    @Test("0.1 as a float would not be one tenth; the parsed value is")
    func notAFloat() throws {
        let price = try Self.acme(perUnit: "0.1").rules.compactMap { rule -> Rational? in
            if case let .perUnit(_, price) = rule.kind { price } else { nil }
        }
        #expect(price == [Rational(1, 10)])
        #expect(price.first.map { $0 * Rational(3) } == Rational(3, 10))
    }
}
