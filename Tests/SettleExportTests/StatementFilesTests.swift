import Foundation
import SettleCore
import SettleExport
import Testing

/// Golden files for the three statement files, on a statement with every kind of line, a
/// prorated amendment, an adjustment and hostile text; plus the escaping rules on their own.
@Suite("Statement files: JSON, CSV, HTML")
struct StatementFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Golden")
    static let template = StatementHTML.defaultTemplate()

    static let eur = Currency(code: "EUR")!
    static let usd = Currency(code: "USD")!

    static func d(_ text: String) -> Rational { Rational(decimal: text)! }

    /// v1 from 1 September, amended by v2 from 16 September; a hostile provider name and benefit.
    static func contracts() -> [Contract] {
        let provider = Provider(id: "hostile-cloud", name: #"A & B <Cloud> "Quoted" 'Ltd' ✓ Ωmega"#, country: "DE")
        let payee = Payee(name: "A & B Cloud", account: .iban("DE89370400440532013000"), bic: nil,
                          address: PostalAddress(town: "Berlin", country: "DE"))
        let tiers = [VolumeBonus.Tier(from: .zero, value: .zero), VolumeBonus.Tier(from: d("10000"), value: d("0.05"))]
        func version(_ number: Int, _ effective: String, _ rate: String) -> Contract {
            Contract(id: "hostile-2026", version: number, provider: provider, payee: payee, currency: eur,
                     effective: Day(effective)!, payment: PaymentTerms(netDays: 30),
                     rules: [
                        Rule(id: "api-share", kind: .revenueShare(streams: ["api_usage"], rate: .flat(d(rate)))),
                        Rule(id: "dedicated", kind: .discount(streams: ["dedicated_capacity"], rate: d("0.2"), settle: .net)),
                        Rule(id: "volume", kind: .volumeBonus(VolumeBonus(mode: .graduated, tiers: tiers))),
                        Rule(id: "fee", kind: .fixed(amount: d("-30.00"))),
                     ],
                     benefits: [#"=HYPERLINK("http://evil.example","click") & <b>bold</b>"#, "Joint branding"])
        }
        return [version(1, "2026-09-01", "0.1"), version(2, "2026-09-16", "0.12")]
    }

    static func statement() throws -> Statement { try explained().statement }

    static func explained() throws -> ExplainedStatement {
        let revenue = [
            RevenueEntry(date: Day("2026-09-03")!, stream: "api_usage", currency: eur, quantity: d("10"), amount: d("1000.00")),
            RevenueEntry(date: Day("2026-09-04")!, stream: "api_usage", currency: usd, quantity: d("1"), amount: d("200.00")),
            RevenueEntry(date: Day("2026-09-20")!, stream: "api_usage", currency: eur, quantity: d("5"), amount: d("500.00")),
            RevenueEntry(date: Day("2026-09-21")!, stream: "dedicated_capacity", currency: eur, quantity: d("1"), amount: d("300.00")),
        ]
        let hours = [HoursEntry(date: Day("2026-09-05")!, gpuType: "h100", hours: d("7000")),
                     HoursEntry(date: Day("2026-09-25")!, gpuType: "h100", hours: d("4000.5"))]
        var rates = FXRates()
        rates[usd, eur] = d("0.9")
        let adjustment = StatementLine(rule: "api-share", type: .revenueShare, contract: "hostile-2026", version: 1,
                                       basis: nil, rate: nil, amount: Money(rounding: d("12.50"), in: eur, .halfEven),
                                       explanation: "prior-period adjustment for 2026-08: api-share is now 112.50 EUR (settled 100.00 EUR) after rows that arrived late",
                                       first: Day("2026-08-01")!, last: Day("2026-08-31")!, adjusts: Period("2026-08")!)
        let origin = AdjustmentOrigin(corrects: Period("2026-08")!, settled: Money(rounding: d("100"), in: eur, .halfEven),
                                      alreadyAdjusted: .zero(eur), now: Money(rounding: d("112.50"), in: eur, .halfEven),
                                      cause: "rows that arrived late")
        let input = SettlementInput(providerID: "hostile-cloud", period: Period("2026-09")!, contracts: contracts(),
                                    revenue: revenue, hours: hours, rates: rates, openingBalance: d("-20.00"),
                                    adjustments: [adjustment], adjustmentOrigins: [origin])
        return try #require(try Settlement.explained(for: input))
    }

    /// Compares with the golden file; `SETTLE_UPDATE_GOLDEN=1` rewrites it (then review the diff).
    func expectGolden(_ text: String, _ name: String) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SETTLE_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            // Never a pass by construction: a rewritten file is reviewed, then the tests run again.
            Issue.record("Golden/\(name) was rewritten; review the diff and run the tests again without SETTLE_UPDATE_GOLDEN")
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "differs from Golden/\(name)")
    }

    @Test("PROVIDER.json matches its golden file")
    func json() throws {
        try expectGolden(StatementJSON.render(try Self.statement(), status: .closed), "hostile-cloud.json")
    }

    @Test("PROVIDER.csv matches its golden file")
    func csv() throws {
        try expectGolden(StatementCSV.render(try Self.statement(), status: .closed), "hostile-cloud.csv")
    }

    @Test("PROVIDER.html matches its golden file")
    func html() throws {
        let explained = try Self.explained()
        try expectGolden(StatementHTML.render(explained.statement, status: .closed, contracts: Self.contracts(),
                                              derivations: explained.derivations, template: Self.template),
                         "hostile-cloud.html")
    }

    @Test("hostile text reaches every file escaped, and nothing is lost")
    func hostile() throws {
        let statement = try Self.statement()
        let json = StatementJSON.render(statement, status: .closed)
        #expect(json.contains(#""=HYPERLINK(\"http://evil.example\",\"click\") \u0026 \u003cb\u003ebold\u003c/b\u003e""#))
        let html = StatementHTML.render(statement, status: .closed, contracts: Self.contracts(), template: Self.template)
        #expect(html.contains("A &amp; B &lt;Cloud&gt; &quot;Quoted&quot; &#39;Ltd&#39; ✓ Ωmega"))
        #expect(html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;) &amp; &lt;b&gt;bold&lt;/b&gt;"))
        #expect(!html.contains("<b>bold</b>"))
    }

    @Test("a CSV cell that could start a formula is neutralised; numbers stay numbers",
          arguments: [(#"=HYPERLINK("x")"#, #""'=HYPERLINK(""x"")""#), ("+1", "'+1"), ("-12.50", "-12.50"),
                      ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("plain, text", #""plain, text""#)])
    func csvCells(input: String, expected: String) {
        #expect(StatementCSV.renderCell(input) == expected)
    }

    @Test("a draft says so in every file and promises no payment; a closed statement promises it")
    func draftAndClosed() throws {
        let statement = try Self.statement()
        let draftJSON = StatementJSON.render(statement, status: .draft)
        #expect(draftJSON.contains("  \"period\": \"2026-09\",\n  \"status\": \"draft\",\n"))
        #expect(StatementCSV.render(statement, status: .draft).split(separator: "\r\n").dropFirst()
            .allSatisfy { $0.hasPrefix("hostile-cloud,2026-09,draft,") })

        let draft = StatementHTML.render(statement, status: .draft, contracts: Self.contracts(), template: Self.template)
        let closed = StatementHTML.render(statement, status: .closed, contracts: Self.contracts(), template: Self.template)
        #expect(draft.contains(#"<div class="draft-mark" aria-hidden="true">DRAFT</div>"#))
        #expect(draft.contains("This is a draft: 2026-09 is not closed, the amounts may still change, and nothing is paid on a draft."))
        #expect(draft.contains("<td>Payout if closed as it stands (not paid)</td>"))
        #expect(!draft.contains("will be paid by") && !draft.contains("Paid out"))
        #expect(!closed.contains("DRAFT") && !closed.contains(#"class="draft-banner""#))
        #expect(closed.contains("0.50 EUR will be paid by 2026-10-30 with the reference STL-202609-hostile-cloud."))
        #expect(closed.contains("<td>Paid out</td>"))
    }

    @Test("a restyled template with an unknown, misplaced or unclosed placeholder is refused, naming file and line")
    func templateErrors() {
        func error(_ text: String) -> String? {
            do { _ = try StatementHTML.template(text, source: "mine.html"); return nil } catch { return error.description }
        }
        #expect(error("<p>{{earnigs}}</p>") == "mine.html:1: unknown placeholder {{earnigs}}; did you mean 'earnings'?")
        #expect(error("<p>\n{{{payout}}}</p>") == "mine.html:2: unknown placeholder {{{payout}}}; write it as {{payout}}.")
        #expect(error("<p>{{nonsense}}</p>") == "mine.html:1: unknown placeholder {{nonsense}}.")
        #expect(error("<p>{{payout</p>") == "mine.html:1: a placeholder opened with '{{' is never closed.")
        #expect(error("<p>{{ payout }} {{{lines}}}</p>") == nil)
    }
}
