import SettleCore
import Testing

// Terse builders for contracts, facts and statements. Every number is written as decimal text and
// read exactly, like the contract files and CSV rows it stands for.

let eur = Currency(code: "EUR")!
let usd = Currency(code: "USD")!
let gbp = Currency(code: "GBP")!
let chf = Currency(code: "CHF")!
let jpy = Currency(code: "JPY")!
let kwd = Currency(code: "KWD")!

/// Exact decimal text (test literals only: traps on bad text).
func dec(_ text: String) -> Rational { Rational(decimal: text)! }

/// A rate as a contract writes it: `"7.5%"` is 3/40.
func pct(_ text: String) -> Rational {
    precondition(text.hasSuffix("%"), "rates are written with %")
    return dec(String(text.dropLast())) / Rational(100)
}

func day(_ text: String) -> Day { Day(text)! }
func period(_ text: String) -> Period { Period(text)! }

/// Rule builders, one per rule type.
enum R {
    static func share(_ id: String = "share", _ streams: [String] = ["api_usage"], _ rate: String) -> Rule {
        Rule(id: id, kind: .revenueShare(streams: streams, rate: .flat(pct(rate))))
    }

    static func byRole(_ id: String, _ streams: [String], _ rates: [(String, String)]) -> Rule {
        let roleRates = rates.map { RoleRate(role: $0.0, rate: pct($0.1)) }
        return Rule(id: id, kind: .revenueShare(streams: streams, rate: .byRole(roleRates)))
    }

    static func perUnit(_ id: String = "units", _ streams: [String] = ["upgrade"], _ price: String) -> Rule {
        Rule(id: id, kind: .perUnit(streams: streams, price: dec(price)))
    }

    static func discount(_ id: String = "dedicated", _ streams: [String] = ["dedicated_capacity"],
                         _ rate: String, _ settle: DiscountSettlement) -> Rule {
        Rule(id: id, kind: .discount(streams: streams, rate: pct(rate), settle: settle))
    }

    /// Tiers as (from, per_hour or amount).
    static func bonus(_ id: String = "volume", _ mode: VolumeBonus.Mode, gpu: [String]? = nil,
                      _ tiers: [(String, String)]) -> Rule {
        let tiers = tiers.map { VolumeBonus.Tier(from: dec($0.0), value: dec($0.1)) }
        return Rule(id: id, kind: .volumeBonus(VolumeBonus(mode: mode, gpuTypes: gpu, tiers: tiers)))
    }

    static func fixed(_ id: String = "fixed", _ amount: String) -> Rule {
        Rule(id: id, kind: .fixed(amount: dec(amount)))
    }
}

func contract(_ rules: [Rule], id: String = "acme-2026", version: Int = 1, currency: Currency = eur,
              effective: String = "2026-01-01", expires: String? = nil, terminated: String? = nil,
              netDays: Int = 30, minimumPayout: String = "0", rounding: RoundingMode = .halfEven,
              cap: String? = nil, floor: String? = nil, benefits: [String] = []) -> Contract {
    Contract(
        id: id, version: version,
        provider: Provider(id: "acme-cloud", name: "Acme Cloud GmbH", country: "DE"),
        payee: Payee(name: "Acme Cloud GmbH", account: .iban("DE89370400440532013000"), bic: "COBADEFFXXX",
                     address: PostalAddress(town: "Berlin", country: "DE")),
        currency: currency, effective: day(effective), expires: expires.map(day), terminated: terminated.map(day),
        payment: PaymentTerms(netDays: netDays, minimumPayout: dec(minimumPayout), rounding: rounding),
        rules: rules, limits: Limits(cap: cap.map(dec), floor: floor.map(dec)), benefits: benefits)
}

func rev(_ date: String, _ stream: String, _ amount: String, _ currency: Currency = eur, role: String? = nil,
         quantity: String = "1") -> RevenueEntry {
    RevenueEntry(date: day(date), stream: stream, currency: currency, role: role, quantity: dec(quantity),
                 amount: dec(amount))
}

func hrs(_ date: String, _ hours: String, gpu: String? = nil) -> HoursEntry {
    HoursEntry(date: day(date), gpuType: gpu, hours: dec(hours))
}

func fx(_ rates: [(Currency, Currency, String)]) -> FXRates {
    var result = FXRates()
    for (from, to, rate) in rates { result[from, to] = dec(rate) }
    return result
}

/// The statement of provider `acme-cloud`; fails the test when there is none.
func settle(_ period: String, _ contracts: [Contract], revenue: [RevenueEntry] = [], hours: [HoursEntry] = [],
            rates: FXRates = FXRates(), opening: String = "0", onHold: Bool = false,
            sourceLocation: SourceLocation = #_sourceLocation) throws -> Statement {
    let input = SettlementInput(providerID: "acme-cloud", period: Period(period)!, contracts: contracts,
                                revenue: revenue, hours: hours, rates: rates, openingBalance: dec(opening),
                                onHold: onHold)
    return try #require(try Settlement.statement(for: input), sourceLocation: sourceLocation)
}

extension Statement {
    /// Every line as `rule amount` or `rule/role amount`, in statement order.
    var amounts: [String] {
        lines.map { line in line.rule + (line.role.map { "/" + $0 } ?? "") + " " + line.amount.description }
    }

    /// The totals and balance walk on one line, for one exact comparison.
    var totals: String {
        "earnings \(earnings) charges \(charges) net \(periodNet) opening \(openingBalance) "
            + "payout \(payout) closing \(closingBalance)"
    }

    /// The one line of `rule` (and `role`); fails the test when there is not exactly one.
    func line(_ rule: String, role: String? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> StatementLine {
        let matching = lines.filter { $0.rule == rule && $0.role == role }
        #expect(matching.count == 1, "lines of \(rule): \(matching.count)", sourceLocation: sourceLocation)
        return try #require(matching.first, sourceLocation: sourceLocation)
    }
}
