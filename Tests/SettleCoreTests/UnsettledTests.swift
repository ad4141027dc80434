import SettleCore
import Testing

/// What counts for nothing, and why (docs/REFERENCE.md §4): every row the rules pass over is named, counted and
/// summed per currency; nothing a rule reads is.
@Suite("Unsettled data")
struct UnsettledTests {
    /// v1 to 15 October reads api_usage (any role) and custom_development for the executed role, and
    /// pays a volume bonus on h100 hours; v2 from 16 October to 25 October (terminated) reads only
    /// api_usage and has no volume bonus.
    static let versions = [
        contract([R.share("api", ["api_usage"], "10%"), R.byRole("custom", ["custom_development"], [("executed", "10%")]),
                  R.bonus("h100", .graduated, gpu: ["h100"], [("0", "0.01")])], effective: "2026-10-01"),
        contract([R.share("api", ["api_usage"], "12%")], version: 2, effective: "2026-10-16", terminated: "2026-10-25"),
    ]

    static func input(revenue: [RevenueEntry] = [], hours: [HoursEntry] = []) -> SettlementInput {
        SettlementInput(providerID: "acme-cloud", period: period("2026-10"), contracts: versions, revenue: revenue,
                        hours: hours, rates: FXRates([CurrencyPair(from: usd, to: eur): dec("0.9")]))
    }

    @Test("a misspelt stream, an unlisted role, days after the end and excluded GPU types are each named and summed")
    func everyReason() throws {
        let input = Self.input(revenue: [
            rev("2026-10-03", "api_usage", "100.00"),                          // read by api
            rev("2026-10-04", "api-usage", "50.00"), rev("2026-10-05", "api-usage", "25.50"),
            rev("2026-10-06", "api-usage", "10.00", usd),
            rev("2026-10-07", "custom_development", "1000.00", role: "executed"),  // read by custom
            rev("2026-10-08", "custom_development", "300.00", role: "advised"),
            rev("2026-10-09", "custom_development", "200.00"),
            rev("2026-10-20", "custom_development", "999.00", role: "executed"), // v2 has no custom rule
            rev("2026-10-28", "api_usage", "70.00"),                           // after the termination
        ], hours: [
            hrs("2026-10-02", "500", gpu: "h100"),                              // read by h100
            hrs("2026-10-02", "40", gpu: "a100"), hrs("2026-10-03", "2.5"),
            hrs("2026-10-18", "8", gpu: "h100"),                                // v2 has no volume bonus
            hrs("2026-10-30", "3", gpu: "h100"),                                // after the termination
        ])
        #expect(Settlement.unsettled(for: input) == [
            Unsettled(reason: .streamNotRead, subject: "api-usage", currency: eur, rows: 2, quantity: dec("2"), amount: dec("75.50")),
            Unsettled(reason: .streamNotRead, subject: "api-usage", currency: usd, rows: 1, quantity: dec("1"), amount: dec("10.00")),
            Unsettled(reason: .streamNotRead, subject: "custom_development", currency: eur, rows: 1, quantity: dec("1"),
                      amount: dec("999.00")),
            Unsettled(reason: .roleNotListed, subject: "custom_development/advised", currency: eur, rows: 1,
                      quantity: dec("1"), amount: dec("300.00")),
            Unsettled(reason: .roleNotListed, subject: "custom_development/no role", currency: eur, rows: 1,
                      quantity: dec("1"), amount: dec("200.00")),
            Unsettled(reason: .outsideWindows, subject: "compute hours", rows: 1, hours: dec("3")),
            Unsettled(reason: .outsideWindows, subject: "revenue", currency: eur, rows: 1, quantity: dec("1"), amount: dec("70.00")),
            Unsettled(reason: .hoursNotRead, subject: "a100", rows: 1, hours: dec("40")),
            Unsettled(reason: .hoursNotRead, subject: "h100", rows: 1, hours: dec("8")),
            Unsettled(reason: .hoursNotRead, subject: "no GPU type", rows: 1, hours: dec("2.5")),
        ])
    }

    @Test("window sums carry their row counts; rows every rule reads leave nothing unsettled")
    func rowCountsAndNothing() {
        let sums = Self.input(revenue: [
            RevenueEntry(date: day("2026-10-01"), stream: "api_usage", currency: eur, quantity: dec("900"), amount: dec("12.5"), rows: 900),
            RevenueEntry(date: day("2026-10-16"), stream: "web", currency: usd, quantity: dec("3"), amount: dec("-4.25"), rows: 3),
        ])
        #expect(Settlement.unsettled(for: sums) == [
            Unsettled(reason: .streamNotRead, subject: "web", currency: usd, rows: 3, quantity: dec("3"), amount: dec("-4.25")),
        ])
        #expect(Settlement.unsettled(for: Self.input(revenue: [rev("2026-10-10", "api_usage", "1")])).isEmpty)
    }
}
