import ArgumentParser
import SettleCore

/// Reads a `YYYY-MM` argument.
func parsePeriod(_ text: String) throws -> Period {
    guard let period = Period(text) else { throw ValidationError("'\(text)' is not a period; write it YYYY-MM, such as 2026-10.") }
    guard Period.supported.contains(period) else {
        throw ValidationError("'\(text)' is outside the periods Settle settles, \(Period.supported.lowerBound) to \(Period.supported.upperBound).")
    }
    return period
}
