/// A settlement period: one calendar month, written `YYYY-MM`.
public struct Period: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads exactly `YYYY-MM`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]) else { return nil }
        self.init(year: year, month: month)
    }

    public var firstDay: Day { Day(year: year, month: month, day: 1)! }
    public var lastDay: Day { Day(year: year, month: month, day: dayCount)! }
    public var dayCount: Int { Day.daysIn(year: year, month: month) }

    public var next: Period { lastDay.adding(days: 1).period }
    public var previous: Period { firstDay.adding(days: -1).period }

    public func contains(_ day: Day) -> Bool { day.year == year && day.month == month }

    public var description: String { String(format4: year) + "-" + String(format2: month) }

    /// `202610`: the period without its dash, for references.
    public var compact: String { String(format4: year) + String(format2: month) }

    /// The periods Settle settles and rows may be dated in: 2000-01 to 2999-12. Outside them a
    /// row is refused at import, so that every month has a next one and a partition.
    public static let supported = Period(year: 2000, month: 1)!...Period(year: 2999, month: 12)!

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
