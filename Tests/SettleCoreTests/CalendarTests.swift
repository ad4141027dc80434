import SettleCore
import Testing

@Suite("Day and Period")
struct CalendarTests {
    @Test("valid days", arguments: ["2026-01-31", "2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "9999-12-31"])
    func parsesDay(text: String) throws {
        let parsed = try #require(Day(text))
        #expect(parsed.description == text)
    }

    @Test("invalid days", arguments: [
        "2026-02-29",   // 2026 is not a leap year
        "1900-02-29",   // divisible by 100, not by 400
        "2100-02-29",
        "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
        "2026-1-01", "2026-01-1", "26-01-01", "02026-01-01", "0000-01-01",
        "2026/01/01", "2026-01-01T00:00", " 2026-01-01", "2026-01-01 ", "+026-01-01", "2026--1-01", "",
    ])
    func refusesDay(text: String) {
        #expect(Day(text) == nil)
    }

    @Test("days in February", arguments: [(2024, 29), (2026, 28), (2000, 29), (1900, 28), (2100, 28), (2028, 29)])
    func february(year: Int, days: Int) {
        #expect(Period(year: year, month: 2)!.dayCount == days)
        #expect((Day(year: year, month: 2, day: 29) != nil) == (days == 29))
    }

    @Test("ordinals count days since 1970-01-01", arguments: [
        ("1970-01-01", 0),
        ("1970-01-02", 1),
        ("1969-12-31", -1),
        ("2000-03-01", 11_017),   // 30 years x 365 + 7 leap days = 10957 (2000-01-01), + 31 + 29
        ("2026-01-01", 20_454),   // 56 x 365 + 14 leap days (1972...2024)
    ])
    func ordinal(text: String, ordinal: Int) {
        #expect(day(text).ordinal == ordinal)
        #expect(Day(ordinal: ordinal) == day(text))
    }

    @Test("every day from 1899 to 2101 round-trips and follows the one before")
    func ordinalRoundTrip() {
        var previous = day("1898-12-31")
        for ordinal in (previous.ordinal + 1)...day("2101-12-31").ordinal {
            let current = Day(ordinal: ordinal)
            let nextInMonth = Day(year: previous.year, month: previous.month, day: previous.day + 1)
            let expected = nextInMonth ?? previous.period.next.firstDay
            guard current == expected, current.ordinal == ordinal, Day(current.description) == current else {
                Issue.record("\(previous) is followed by \(current) (ordinal \(ordinal)), expected \(expected)")
                return
            }
            previous = current
        }
    }

    @Test("days in a year", arguments: [(2024, 366), (2026, 365), (2000, 366), (1900, 365), (2100, 365)])
    func yearLength(year: Int, days: Int) {
        let first = Day(year: year, month: 1, day: 1)!
        let next = Day(year: year + 1, month: 1, day: 1)!
        #expect(next.ordinal - first.ordinal == days)
    }

    @Test("adding days", arguments: [
        ("2026-03-15", 0, "2026-03-15"),
        ("2026-01-31", 1, "2026-02-01"),
        ("2026-02-28", 1, "2026-03-01"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2024-02-29", 1, "2024-03-01"),
        ("1900-02-28", 1, "1900-03-01"),
        ("2000-02-28", 1, "2000-02-29"),
        ("2026-12-31", 1, "2027-01-01"),
        ("2026-01-01", -1, "2025-12-31"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2024-03-01", -1, "2024-02-29"),
        ("2026-03-31", 30, "2026-04-30"),
        ("2026-03-31", 31, "2026-05-01"),
        ("2026-01-31", 30, "2026-03-02"),   // Jan 31 + 28 = Feb 28, + 29 = Mar 1, + 30 = Mar 2
        ("2026-12-31", 45, "2027-02-14"),   // + 31 = Jan 31, + 14 more = Feb 14
        ("2024-01-01", 366, "2025-01-01"),
        ("2026-01-01", 365, "2027-01-01"),
        ("2026-06-15", -365, "2025-06-15"),
    ])
    func adding(from: String, days: Int, expected: String) {
        #expect(day(from).adding(days: days).description == expected)
    }

    @Test("valid periods", arguments: [("2026-03", 31), ("2026-04", 30), ("2026-02", 28), ("2024-02", 29), ("2026-12", 31)])
    func parsesPeriod(text: String, days: Int) throws {
        let parsed = try #require(Period(text))
        #expect(parsed.description == text)
        #expect(parsed.dayCount == days)
        #expect(parsed.firstDay.description == text + "-01")
        #expect(parsed.lastDay.description == text + "-\(days)")
    }

    @Test("invalid periods", arguments: ["2026-3", "2026-13", "2026-00", "202603", "2026-03-01", "26-03", "2026-03 ", "", "2026-+3"])
    func refusesPeriod(text: String) {
        #expect(Period(text) == nil)
    }

    @Test("next, previous, contains, order")
    func periodArithmetic() {
        #expect(period("2026-12").next == period("2027-01"))
        #expect(period("2026-01").previous == period("2025-12"))
        #expect(period("2024-02").next == period("2024-03"))
        #expect(period("2026-03").contains(day("2026-03-31")))
        #expect(!period("2026-03").contains(day("2026-04-01")))
        #expect(!period("2026-03").contains(day("2025-03-15")))
        #expect(period("2025-12") < period("2026-01"))
        #expect(period("2026-02") < period("2026-10"))
        #expect(day("2024-02-29").period == period("2024-02"))
        #expect(day("2026-01-31") < day("2026-02-01"))
    }
}
