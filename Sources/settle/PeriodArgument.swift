import ArgumentParser
import SettleCore

/// Reads a `YYYY-MM` argument.
func parsePeriod(_ text: String) throws -> Period {
    guard let period = Period(text) else { throw ValidationError("'\(text)' is not a period; write it YYYY-MM, such as 2026-10.") }
    return period
}
