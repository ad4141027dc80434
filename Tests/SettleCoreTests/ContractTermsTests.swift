import SettleCore
import Testing

/// A contract's terms in plain words, and what an amendment changes, term by term.
@Suite("Contract terms in words")
struct ContractTermsTests {
    @Test("every rule kind says what it pays or charges, with exact numbers")
    func ruleWords() {
        let words = [
            R.share("api-share", ["api_usage", "batch"], "7.5%"),
            R.byRole("projects", ["custom_development"], [("executed", "10%"), ("referred", "2.5%")]),
            R.perUnit("upgrades", ["upgrade"], "0.0015"),
            R.discount("dedicated", ["dedicated_capacity"], "15%", .net),
            R.discount("credits", ["credits"], "3%", .rebate),
            R.bonus("volume", .graduated, gpu: ["h100"], [("0", "0"), ("10000", "0.05")]),
            R.bonus("threshold", .threshold, [("0", "0"), ("1000", "250")]),
            R.fixed("fee", "-50"),
            R.fixed("retainer", "1000"),
        ].map { ContractTerms.words(for: $0, currency: eur) }
        #expect(words == [
            "7.5% of api_usage + batch revenue",
            "of custom_development revenue, by role: 10% for executed, 2.5% for referred",
            "0.0015 EUR per unit of upgrade",
            "15% discount on dedicated_capacity purchases, charged net",
            "3% rebate on credits purchases",
            "graduated bonus on compute hours (h100), each hour at its tier's rate: 0.00 EUR/h from 0 h; 0.05 EUR/h from 10,000 h (tiers for a whole month, scaled to the days in force)",
            "threshold bonus on compute hours, the amount of the highest tier reached: 0.00 EUR from 0 h; 250.00 EUR from 1,000 h (tiers for a whole month, scaled to the days in force)",
            "a charge of 50.00 EUR a month",
            "1,000.00 EUR a month",
        ])
    }

    @Test("an amendment's changes: a changed rate, a new rule, a removed rule, new limits and terms")
    func changes() {
        let v1 = contract([R.share("api-share", ["api_usage"], "10%"), R.fixed("fee", "100")], version: 1,
                          effective: "2026-01-01", minimumPayout: "50")
        let v2 = contract([R.share("api-share", ["api_usage"], "12%"), R.perUnit("upgrades", ["upgrade"], "2")],
                          version: 2, effective: "2026-09-16", minimumPayout: "50", cap: "10000")
        #expect(ContractTerms.changes(from: v1, to: v2) == [
            "in force: from 2026-01-01 until a later version replaces it → from 2026-09-16 until a later version replaces it",
            "rule api-share: 10% of api_usage revenue → 12% of api_usage revenue",
            "rule upgrades added: 2.00 EUR per unit of upgrade",
            "cap: none → earnings of at most 10,000.00 EUR a month (scaled to the days in force)",
            "rule fee removed (was: 100.00 EUR a month)",
        ])
        #expect(ContractTerms.changes(from: v1, to: v1).isEmpty)
    }

    @Test("payment, payee and the days in force read as a partner manager would say them")
    func otherTerms() {
        let terms = ContractTerms.terms(of: contract([R.fixed("fee", "1")], effective: "2026-01-01", expires: "2026-12-31",
                                                     terminated: "2026-10-31", netDays: 45, rounding: .halfUp))
        let byName = Dictionary(uniqueKeysWithValues: terms.map { ($0.name, $0.words) })
        #expect(byName["in force"] == "from 2026-01-01 until 2026-12-31; terminated: last day in force 2026-10-31")
        #expect(byName["payment"] == "due 45 days after the month ends; every positive balance is paid; each line rounded half up")
        #expect(byName["payee"] == "Acme Cloud GmbH, IBAN DE89370400440532013000, BIC COBADEFFXXX; Berlin, DE")
        #expect(byName["floor"] == "none" && byName["benefits"] == "none")
    }
}
