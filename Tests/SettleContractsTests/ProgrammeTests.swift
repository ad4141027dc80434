import Foundation
import SettleContracts
import SettleCore
import Testing

/// The real programme in `contracts/`: every file reads, with exactly the values written.
@Suite("The programme in contracts/")
struct ProgrammeTests {
    static let files = Paths.names(in: Paths.contracts, ending: ".yaml")

    static func read(_ name: String) throws -> Contract {
        try contract(text(Paths.contracts.appendingPathComponent("\(name).yaml")), file: "contracts/\(name).yaml")
    }

    static func rule(_ id: String, in contract: Contract) throws -> Rule.Kind {
        try #require(contract.rules.first { $0.id == id }).kind
    }

    @Test("every file parses on its own", arguments: files)
    func parses(name: String) throws {
        let source = try text(Paths.contracts.appendingPathComponent("\(name).yaml"))
        let document = try ContractFiles.parse(source, file: "contracts/\(name).yaml").get()
        switch document {
        case .payer: #expect(name == "payer")
        case let .contract(sourced):
            #expect(name != "payer")
            #expect(sourced.file == "contracts/\(name).yaml")
        }
    }

    @Test("the folder loads whole: 7 contract versions and the payer")
    func loadsWhole() throws {
        let catalog = try ContractFiles.load(paths: [Paths.contracts.path]).get()
        let versions = catalog.contracts.map { "\($0.contract.id) v\($0.contract.version)" }
        #expect(versions == [
            "acme-cloud-2026 v1", "acme-cloud-2026 v2", "helios-render-2026 v1", "helios-render-2026 v2",
            "nordlys-gpu-2026 v1", "pacific-compute-2026 v1", "sakura-gpu-2026 v1",
        ])
        let payer = try #require(catalog.payer)
        #expect(payer.file == Paths.contracts.path + "/payer.yaml")
        #expect(payer.payer == Payer(
            name: "Lumen Compute Platform GmbH", iban: "DE44500105175407324931", bic: "INGDDEFFXXX",
            address: PostalAddress(street: "Friedrichstr. 68", postcode: "10117", town: "Berlin", country: "DE"), vatID: "DE811569869"))
    }

    @Test("acme v1, every value as written")
    func acme() throws {
        let acme = try Self.read("acme-cloud-v1")
        #expect(acme.id == "acme-cloud-2026" && acme.version == 1)
        #expect(acme.provider == Provider(id: "acme-cloud", name: "Acme Cloud GmbH", country: "DE"))
        #expect(acme.payee.account == .iban("DE89370400440532013000") && acme.payee.bic == "COBADEFFXXX")
        #expect(acme.payee.address.postcode == "10115")
        #expect(acme.currency == Currency(code: "EUR"))
        #expect(acme.effective == Day("2026-08-01") && acme.expires == Day("2027-12-31"))
        #expect(acme.terminated == nil && acme.noticeDays == 90)
        #expect(acme.payment == PaymentTerms(netDays: 30, minimumPayout: Rational(100), rounding: .halfEven))
        #expect(acme.rules.map(\.id) == ["api-share", "subscription-share", "upgrades", "compute-volume"])
        #expect(try Self.rule("api-share", in: acme) == .revenueShare(streams: ["api_usage"], rate: .flat(Rational(1, 10))))
        #expect(try Self.rule("upgrades", in: acme) == .perUnit(streams: ["upgrade"], price: Rational(2)))
        #expect(try Self.rule("compute-volume", in: acme) == .volumeBonus(VolumeBonus(
            mode: .graduated, gpuTypes: ["h100", "h200"], tiers: [
                .init(from: Rational(0), value: Rational(0)),
                .init(from: Rational(10000), value: Rational(5, 100)),
                .init(from: Rational(50000), value: Rational(8, 100)),
            ])))
        #expect(acme.limits == Limits())
        #expect(acme.benefits == ["Joint branding in the partner directory"])
    }

    @Test("defaults: rounding half_even and minimum_payout 0 when left out")
    func defaults() throws {
        let helios = try Self.read("helios-render-v1")
        #expect(helios.payment.rounding == .halfEven)
        #expect(helios.payment.minimumPayout == Rational(50))
        #expect(helios.payee.bic == nil)
        let pacific = try Self.read("pacific-compute")
        #expect(pacific.payment == PaymentTerms(netDays: 30, minimumPayout: .zero, rounding: .halfUp))
    }

    @Test("the other contracts' distinctive terms")
    func others() throws {
        let pacific = try Self.read("pacific-compute")
        #expect(pacific.payee.account == .other("000123456789") && pacific.payee.bic == "CHASUS33XXX")
        #expect(pacific.limits == Limits(cap: Rational(250_000), floor: nil))
        // rate_by_role keeps the order the contract lists, not alphabetical order.
        #expect(try Self.rule("custom-dev", in: pacific) == .revenueShare(streams: ["custom_development"], rate: .byRole([
            RoleRate(role: "facilitated", rate: Rational(1, 20)), RoleRate(role: "executed", rate: Rational(1, 10)),
        ])))
        let nordlys = try Self.read("nordlys-gpu")
        #expect(nordlys.expires == nil && nordlys.limits == Limits(cap: nil, floor: Rational(1000)))
        #expect(try Self.rule("programme-fee", in: nordlys) == .fixed(amount: Rational(-500)))
        #expect(try Self.rule("dedicated-capacity", in: nordlys)
                == .discount(streams: ["dedicated_capacity"], rate: Rational(1, 5), settle: .net))
        let sakura = try Self.read("sakura-gpu")
        #expect(sakura.currency == Currency(code: "JPY") && sakura.payment.minimumPayout == Rational(10000))
        #expect(try Self.rule("h100-threshold", in: sakura) == .volumeBonus(VolumeBonus(
            mode: .threshold, gpuTypes: ["h100"], tiers: [
                .init(from: Rational(0), value: Rational(0)),
                .init(from: Rational(5000), value: Rational(150_000)),
                .init(from: Rational(20000), value: Rational(500_000)),
            ])))
        let helios = try Self.read("helios-render-v2")
        #expect(helios.terminated == Day("2026-10-20") && helios.ownLastDay == Day("2026-10-20"))
        #expect(try Self.rule("capacity-rebate", in: helios)
                == .discount(streams: ["dedicated_capacity"], rate: Rational(1, 5), settle: .rebate))
    }

    @Test("the amended acme contract: v1 until 15 September, v2 from the 16th")
    func acmeAmendment() throws {
        let catalog = try ContractFiles.load(paths: [Paths.contracts.path]).get()
        let acme = catalog.contracts.map(\.contract).filter { $0.provider.id == "acme-cloud" }
        let schedule = ContractSchedule(versions: acme)
        #expect(schedule.terms.map { "v\($0.contract.version) \($0.first)...\($0.last.map(String.init(describing:)) ?? "")" }
                == ["v1 2026-08-01...2026-09-15", "v2 2026-09-16...2027-12-31"])
        let september = schedule.windows(in: Period("2026-09")!)
        #expect(september.map { "v\($0.contract.version) \($0.first)...\($0.last) \($0.fraction)" }
                == ["v1 2026-09-01...2026-09-15 0.5", "v2 2026-09-16...2026-09-30 0.5"])
        #expect(schedule.windows(in: Period("2026-08")!).map(\.contract.version) == [1])
        #expect(schedule.windows(in: Period("2026-10")!).map(\.contract.version) == [2])
        #expect(schedule.overlaps().isEmpty)
        #expect(acme[1].rules.first { $0.id == "api-share" }?.kind
                == .revenueShare(streams: ["api_usage"], rate: .flat(Rational(3, 25))))
    }
}
