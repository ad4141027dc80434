import Foundation
import SettleContracts
import SettleCore
import SettleMonthEnd
import SettleSampleData
@testable import SettleStore
import SettleTestSupport
import Testing

/// The canonical JSON codec against Foundation's: stored documents must stay byte for byte what
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes (fingerprints and stored
/// hashes depend on it), and read back to the same values `JSONDecoder` gives.
@Suite("Canonical JSON: the same bytes and values as Foundation's JSONEncoder and JSONDecoder")
struct CanonicalJSONTests {
    func foundationJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func expectSame<T: Codable & Equatable>(_ value: T, _ label: String) throws {
        let canonical = try Canonical.encode(value)
        let foundation = try foundationJSON(value)
        #expect(canonical == foundation, "\(label)")
        #expect(try Canonical.decode(T.self, foundation) == value, "\(label)")
        #expect(try JSONDecoder().decode(T.self, from: Data(canonical.utf8)) == value, "\(label)")
    }

    struct Awkward: Codable, Equatable {
        var text: String
        var byKey: [String: Int]
        var nested: [[String?]]
        var flag: Bool
        var count: Int64
        var small: [UInt8] = [0, 255]
        var wide: UInt64? = .max
        var missing: String?
        var _0: Int   // swiftlint:disable:this identifier_name
        var Upper: Int   // swiftlint:disable:this identifier_name
    }

    @Test("escapes, key order, nulls, integers and nesting")
    func awkwardValues() throws {
        var control = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()
        control += "\u{7F} \"quoted\" back\\slash /slash/ é 中文 🎉 \u{2028}"
        let value = Awkward(text: control, byKey: ["a10": 1, "a9": 2, "B": 3, "_x": 4, "é": 5, "a": 6, "": 7, "A": 8],
                            nested: [[], ["x", nil], [control]], flag: true, count: -9_223_372_036_854_775_807,
                            missing: nil, _0: 0, Upper: -1)
        try expectSame(value, "awkward")
        try expectSame([String: [Int]](), "empty object")
        try expectSame([[String]](), "empty array")
        // JSON written by others reads too: spaces, escaped slashes and \u escapes, surrogate pairs.
        let loose = #" { "text" : "a\/b\u00e9\ud83c\udf89\n" , "byKey" : { } , "nested" : [ [ null ] ] , "flag" : false , "count" : 3 , "small" : [ 7 ] , "_0" : 1 , "Upper" : 2 } "#
        #expect(try Canonical.decode(Awkward.self, loose)
                == Awkward(text: "a/bé🎉\n", byKey: [:], nested: [[nil]], flag: false, count: 3, small: [7], wide: nil, missing: nil,
                             _0: 1, Upper: 2))
        #expect(throws: (any Error).self) { try Canonical.decode(Awkward.self, #"{"text": "unterminated"#) }
        #expect(throws: (any Error).self) { try Canonical.decode(Int.self, "12 13") }
        // A value of the wrong kind is refused, whatever the integer's width (never decoded again
        // and again), and floating point is neither written nor read.
        #expect(throws: (any Error).self) { try Canonical.decode([Int64].self, #"["3"]"#) }
        #expect(throws: (any Error).self) { try Canonical.decode([UInt8].self, "[256]") }
        #expect(throws: (any Error).self) { try Canonical.decode([Bool].self, "[1]") }
        #expect(throws: (any Error).self) { try Canonical.decode([String].self, "[1]") }
        #expect(throws: (any Error).self) { try Canonical.decode([Double].self, "[1.5]") }
        #expect(throws: (any Error).self) { try Canonical.encode([1.5]) }
        #expect(throws: (any Error).self) { try Canonical.encode(["x": Float(1)]) }
    }

    @Test("every contract of the demo and of 60 generated providers")
    func contracts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("canonical-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SampleContracts.write(count: 60, period: Period("2026-10")!, seed: 7, to: folder)
        let generated = try ContractFiles.load(paths: [folder]).get()
        let demo = try ContractFiles.load(paths: [TestCluster.contracts.path]).get()
        for loaded in generated.contracts + demo.contracts {
            try expectSame(loaded.contract, loaded.file)
            try expectReadMemberByMember(loaded.contract, loaded.file)
        }
        let payer = try #require(demo.payer)
        try expectSame(payer.payer, payer.file)
    }

    @Test("every statement and run record of a generated month end, with late rows and holds")
    func statementsAndRunRecords() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let period = Period("2026-10")!
        let folder = db.folder.path
        let profiles = try SampleContracts.write(count: 40, period: period, seed: 11, to: "\(folder)/contracts")
        let catalog = try ContractFiles.load(paths: ["\(folder)/contracts"]).get()
        _ = try db.store.load(contracts: catalog.contracts.map {
            ContractVersionFile(contract: $0.contract, sourceFile: $0.file, sourceText: $0.text)
        }, payer: nil) { _ in }
        let sample = SampleData(providers: profiles, seed: 11)
        try sample.writeFXRates(periods: [period], to: "\(folder)/fx.csv")
        try sample.writeRevenue(rows: 4_000, period: period, to: "\(folder)/revenue.csv")
        try sample.writeComputeHours(rows: 400, period: period, to: "\(folder)/hours.csv")
        for (file, dataset) in [("fx.csv", Dataset.fxRates), ("revenue.csv", .revenue), ("hours.csv", .computeHours)] {
            _ = try db.store.importFile("\(folder)/\(file)", as: dataset)
        }
        #expect(try db.store.setHold(provider: profiles[3].id, onHold: true, reason: "a \"quoted\" reason / with a slash") == .changed)
        _ = try MonthEnd(store: db.store).run(period)
        let stored = try db.store.statements(of: period)
        #expect(stored.count == 40)
        for kept in stored {
            #expect(kept.document == (try foundationJSON(kept.statement)), "\(kept.statement.provider.id)")
            try expectSame(kept.statement, kept.statement.provider.id)
        }
        let run = try #require(try db.store.currentRun(of: period))
        try expectSame(run.inputs, "run record")
    }

    @Test("a statement written member by member: every kind of line, optional member and payee")
    func statementDocument() throws {
        let eur = Currency(code: "EUR")!
        func money(_ text: String) -> Money { Money(rounding: Rational(decimal: text)!, in: eur, .halfEven) }
        let day = Day("2026-10-01")!, last = Day("2026-10-31")!
        let lines = [
            StatementLine(rule: "share", type: .revenueShare, contract: "c-1", version: 2, role: "reseller",
                          basis: Rational(decimal: "1234.5")!, rate: Rational(1, 3), amount: money("411.50"),
                          explanation: "10% of 1,234.50 EUR \"cloud\" revenue / with a slash\n", first: day, last: last),
            StatementLine(rule: "discount", type: .discount, contract: "c-1", version: 2, basis: nil, rate: nil,
                          amount: money("-12.00"), explanation: "é 中文 🎉", first: day, last: last, isCharge: true),
            StatementLine(rule: "bonus", type: .volumeBonus, contract: "c-1", version: 1, basis: .zero, rate: .one,
                          amount: money("0.00"), explanation: "", first: day, last: last, adjusts: Period("2026-08")!),
        ]
        let accounts: [Payee.Account] = [.iban("DE89370400440532013000"), .other("12345"), .aba(account: "0001", routing: "021000021")]
        for (index, account) in accounts.enumerated() {
            let payee = Payee(name: "Kühn & Söhne", account: account, bic: index == 0 ? nil : "DEUTDEFF",
                              address: PostalAddress(street: index == 1 ? "Hauptstraße 1" : nil, town: "Berlin", country: "DE"))
            let returned = index == 2 ? [ReturnedPayout(period: Period("2026-09")!, endToEndId: "E2E-1", amount: money("5.00"),
                                                        reasonCode: "AC04", reason: "account closed")] : []
            let statement = Statement(provider: Provider(id: "gp-1", name: "GPU \"One\"", country: "DE"), contract: "c-1",
                                      version: 2, period: Period("2026-10")!, currency: eur, lines: index == 0 ? [] : lines,
                                      earnings: money("411.50"), charges: money("-12.00"), periodNet: money("399.50"),
                                      openingBalance: money("-1.25"), returned: returned, payout: money("403.25"),
                                      closingBalance: money("0.00"), dueDate: Day("2026-11-30")!, onHold: index == 1,
                                      benefits: index == 0 ? [] : ["free support", "a \"quoted\" one"], payee: payee)
            #expect(try StatementDocument.json(statement) == (try foundationJSON(statement)), "\(account)")
        }
    }

    /// `ContractReading` gives what `Decodable` gives, without falling back to it.
    func expectReadMemberByMember(_ contract: Contract, _ label: String) throws {
        let json = try foundationJSON(contract)
        #expect(ContractReading.contract(try CanonicalDecoder.parse(json)) == contract, "\(label)")
        #expect(try JSONDecoder().decode(Contract.self, from: Data(json.utf8)) == contract, "\(label)")
    }

    @Test("a contract read member by member: every kind of rule, rate, account and optional term")
    func contractReading() throws {
        let rate = Rational(decimal: "0.075")!, third = Rational(1, 3)
        let rules = [
            Rule(id: "flat", kind: .revenueShare(streams: ["cloud", "edge"], rate: .flat(rate))),
            Rule(id: "roles", kind: .revenueShare(streams: ["cloud"], rate: .byRole([RoleRate(role: "reseller", rate: third),
                                                                                  RoleRate(role: "referral", rate: rate)]))),
            Rule(id: "unit", kind: .perUnit(streams: ["api"], price: Rational(decimal: "0.0004")!)),
            Rule(id: "net", kind: .discount(streams: ["cloud"], rate: rate, settle: .net)),
            Rule(id: "rebate", kind: .discount(streams: [], rate: rate, settle: .rebate)),
            Rule(id: "graduated", kind: .volumeBonus(VolumeBonus(mode: .graduated, gpuTypes: ["H100", "A100"], tiers: [
                VolumeBonus.Tier(from: .zero, value: Rational(decimal: "0.10")!), VolumeBonus.Tier(from: Rational(1000), value: third)]))),
            Rule(id: "volume", kind: .volumeBonus(VolumeBonus(mode: .volume, gpuTypes: [], tiers: []))),
            Rule(id: "threshold", kind: .volumeBonus(VolumeBonus(mode: .threshold, tiers: [VolumeBonus.Tier(from: .one, value: .one)]))),
            Rule(id: "fee", kind: .fixed(amount: Rational(decimal: "-250.5")!)),
        ]
        let accounts: [Payee.Account] = [.iban("DE89370400440532013000"), .other("12345 \"x\""), .aba(account: "0001", routing: "021000021")]
        let billings: [SelfBilling?] = [nil, SelfBilling(agreement: "SB-1", since: Day("2026-01-01")!, vatID: "DE123456789", vat: .rate(Rational(decimal: "0.19")!)),
                                        SelfBilling(agreement: "SB-2", since: Day("2026-02-01")!, vatID: nil, vat: .reverseCharge)]
        for (index, account) in accounts.enumerated() {
            let contract = Contract(
                id: "c-\(index)", version: index + 1, provider: Provider(id: "gp-\(index)", name: "Kühn & Söhne", country: "DE"),
                payee: Payee(name: "Payee", account: account, bic: index == 0 ? nil : "DEUTDEFF",
                             address: PostalAddress(street: index == 1 ? "Hauptstraße 1" : nil, postcode: index == 2 ? "10115" : nil,
                                                    town: "Berlin", country: "DE")),
                currency: Currency(code: index == 2 ? "JPY" : "EUR")!, effective: Day("2026-01-01")!,
                expires: index == 1 ? Day("2026-12-31")! : nil, terminated: index == 2 ? Day("2026-11-15")! : nil,
                noticeDays: index == 0 ? nil : 30,
                payment: PaymentTerms(netDays: 30, minimumPayout: Rational(decimal: "50")!, rounding: index == 1 ? .halfUp : .halfEven),
                rules: index == 0 ? [] : rules, limits: index == 1 ? Limits(cap: Rational(10_000), floor: third) : Limits(),
                benefits: index == 0 ? [] : ["priority support"], selfBilling: billings[index])
            try expectSame(contract, "contract \(index)")
            try expectReadMemberByMember(contract, "contract \(index)")
        }
        // A document of another shape is left to `Decodable`, which says what is wrong.
        #expect(ContractReading.contract(try CanonicalDecoder.parse(#"{"id": "c-1"}"#)) == nil)
        #expect(throws: (any Error).self) { try Canonical.decode(Contract.self, #"{"id": "c-1"}"#) }
    }
}
