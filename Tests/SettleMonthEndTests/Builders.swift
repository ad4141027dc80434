import SettleCore
@testable import SettleStore

// Terse builders: values as the store would hand them to the month end, without a database.

let eur = Currency(code: "EUR")!
func dec(_ text: String) -> Rational { Rational(decimal: text)! }
func day(_ text: String) -> Day { Day(text)! }
func month(_ text: String) -> Period { Period(text)! }
func eurMoney(_ text: String) -> Money { Money(rounding: dec(text), in: eur, .halfEven) }

/// A version of `acme-2026` paying `rate` of api_usage, in force from `effective`.
func acme(version: Int, effective: String, rate: String = "0.1") -> StoredContract {
    let contract = Contract(
        id: "acme-2026", version: version, provider: Provider(id: "acme-cloud", name: "Acme Cloud GmbH", country: "DE"),
        payee: Payee(name: "Acme Cloud GmbH", account: .iban("DE89370400440532013000"), bic: "COBADEFFXXX",
                     address: PostalAddress(town: "Berlin", country: "DE")),
        currency: eur, effective: day(effective), expires: nil, terminated: nil, payment: PaymentTerms(netDays: 30),
        rules: [Rule(id: "api-share", kind: .revenueShare(streams: ["api_usage"], rate: .flat(dec(rate))))],
        limits: Limits(), benefits: [])
    return StoredContract(contract: contract, contentHash: String(repeating: "\(version)", count: 64), sourceFile: "acme.yaml")
}

/// A line of `acme-2026 v<version>`'s `rule` over August.
func line(_ rule: String, _ amount: String, version: Int = 1, type: LineType = .revenueShare,
          adjusts: Period? = nil) -> StatementLine {
    StatementLine(rule: rule, type: type, contract: "acme-2026", version: version, basis: nil, rate: nil,
                  amount: eurMoney(amount), explanation: "\(rule) as computed", first: day("2026-08-01"),
                  last: day("2026-08-31"), adjusts: adjusts)
}

/// What a run of August read: `rows` revenue rows summing to `amount`, and the versions given.
func recorded(rows: Int64 = 2, amount: String = "1100.00", contracts: [StoredContract] = [acme(version: 1, effective: "2026-01-01")],
              held: Set<String> = []) -> RecordedInputs {
    RecordedInputs(
        period: month("2026-08"),
        facts: FactSummary(revenue: .init(rows: rows, amount: amount, quantity: "2", newestImport: 1),
                           hours: .init(rows: 0, hours: "0", newestImport: 0),
                           fxRates: [.init(from: "USD", to: "EUR", rate: "0.900000000000")]),
        contracts: contracts.map { ContractRead(id: $0.contract.id, version: $0.contract.version, contentHash: $0.contentHash) },
        held: held, openingBalances: ["acme-cloud": dec("12.5")])
}
