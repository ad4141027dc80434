import Foundation
import SettleCore

/// The day it is for Settle (docs/REFERENCE.md §4): `SETTLE_TODAY` (`YYYY-MM-DD`) when set, so that tests and
/// replays do not depend on the clock; else the system clock's date in UTC. It decides whether a
/// month has ended and a payout file's execution date.
enum Today {
    static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Day {
        if let text = environment["SETTLE_TODAY"] {
            guard let day = Day(text) else {
                throw CommandError("SETTLE_TODAY is '\(text)', not a date written YYYY-MM-DD; set it to a date such as 2026-11-28, or unset it to use the clock.")
            }
            return day
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
