import SettleCore
@testable import SettleMonthEnd
import Testing

/// The rows outside every window as a run finds them: the month less the windows (no database).
@Suite("Rows outside every window, by subtraction")
struct OutsideWindowsTests {
    let august = Period(year: 2026, month: 8)!

    func window(_ provider: String, _ first: String, _ last: String) -> (provider: String, first: Day, last: Day) {
        (provider, Day(first)!, Day(last)!)
    }

    @Test("a provider over the whole month needs nothing, one with gaps is subtracted, one without windows is all outside")
    func providers() throws {
        let plan = try OutsideWindows(windows: [window("whole", "2026-08-01", "2026-08-31"),
                                                window("split", "2026-08-01", "2026-08-15"), window("split", "2026-08-16", "2026-08-31"),
                                                window("gap", "2026-08-21", "2026-08-31"), window("gap", "2026-08-01", "2026-08-10")],
                                      providers: ["whole", "split", "gap", "gone", "ended"], in: august)
        #expect(plan.subtracted == ["split", "gap"])
        #expect(plan.withoutWindows == ["ended", "gone"])
    }

    @Test("two windows sharing a day stop the run, naming the provider and the days")
    func overlapping() {
        let error = #expect(throws: MonthEndError.self) {
            try OutsideWindows(windows: [window("twin", "2026-08-15", "2026-08-25"), window("twin", "2026-08-01", "2026-08-20")],
                               providers: ["twin"], in: august)
        }
        #expect(error?.description == "2026-08 was not computed: twin has two contract versions in force from 2026-08-15 to 2026-08-20, which `settle contracts load` never stores. Nothing was written.")
    }

    @Test("the month less the windows, per currency and for hours; a total the windows hold whole is left out")
    func subtracting() throws {
        let eur = Currency(code: "EUR")!, usd = Currency(code: "USD")!
        let month = [
            Unsettled(reason: .outsideWindows, subject: "revenue", currency: eur, rows: 5, quantity: Rational(9), amount: Rational(16_525, 100)),
            Unsettled(reason: .outsideWindows, subject: "revenue", currency: usd, rows: 1, quantity: Rational(4), amount: Rational(750, 100)),
            Unsettled(reason: .outsideWindows, subject: "compute hours", rows: 3, hours: Rational(1375, 100)),
        ]
        let revenue = [
            RevenueEntry(date: Day("2026-08-01")!, stream: "api_usage", currency: eur, quantity: Rational(1), amount: Rational(100), rows: 1),
            RevenueEntry(date: Day("2026-08-21")!, stream: "api_usage", currency: eur, role: "executed", quantity: Rational(3),
                         amount: Rational(50), rows: 2),
        ]
        let hours = [HoursEntry(date: Day("2026-08-01")!, gpuType: "h100", hours: Rational(10), rows: 1)]
        #expect(try OutsideWindows.subtracting(revenue: revenue, hours: hours, from: month, of: "gap", in: august) == [
            Unsettled(reason: .outsideWindows, subject: "revenue", currency: eur, rows: 2, quantity: Rational(5), amount: Rational(1525, 100)),
            Unsettled(reason: .outsideWindows, subject: "revenue", currency: usd, rows: 1, quantity: Rational(4), amount: Rational(750, 100)),
            Unsettled(reason: .outsideWindows, subject: "compute hours", rows: 2, hours: Rational(375, 100)),
        ])
        let whole = [Unsettled(reason: .outsideWindows, subject: "revenue", currency: eur, rows: 1, quantity: Rational(1), amount: Rational(100))]
        #expect(try OutsideWindows.subtracting(revenue: Array(revenue.prefix(1)), hours: [], from: whole, of: "gap", in: august).isEmpty)
    }

    @Test("windows holding more than the month (rollups out of step with their days) stop the run")
    func moreInTheWindows() {
        let eur = Currency(code: "EUR")!
        let month = [Unsettled(reason: .outsideWindows, subject: "revenue", currency: eur, rows: 1, quantity: Rational(1), amount: Rational(100))]
        let revenue = [RevenueEntry(date: Day("2026-08-01")!, stream: "api_usage", currency: eur, quantity: Rational(1), amount: Rational(90), rows: 1)]
        let error = #expect(throws: MonthEndError.self) {
            try OutsideWindows.subtracting(revenue: revenue + revenue, hours: [], from: month, of: "gap", in: august)
        }
        #expect(error?.description.hasPrefix("2026-08 was not computed: the revenue rollups of gap hold less in the month than in its contract windows (-1 rows left over)") == true)
        #expect(throws: MonthEndError.self) {   // every row in a window, yet money left over
            try OutsideWindows.subtracting(revenue: revenue, hours: [], from: month, of: "gap", in: august)
        }
    }
}
