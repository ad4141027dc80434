import SettleCore
import SettleStore

extension MonthEnd {
    /// What counts for nothing in the period (docs/REFERENCE.md §4) of the providers a re-run
    /// recomputes: the engine names the rows of each window that no rule reads, the store the rows
    /// outside every window (an anti-join: a run from scratch subtracts instead, `OutsideWindows`),
    /// and a provider in force with no rows at all is named too.
    ///
    /// - Parameter only: the providers to look at.
    func unsettled(_ period: Period, inputs: RunInputs, maxImportID: Int64, only: Set<String>) throws -> [String: [Unsettled]] {
        var found = try store.outsideWindowFacts(period, maxImportID: maxImportID, windows: inputs.windows, providers: only)
        for input in Self.settlementInputs(period, inputs: inputs) {
            found[input.providerID] = Self.unsettled(for: input, outside: found[input.providerID] ?? [])
        }
        return found.filter { !$0.value.isEmpty }
    }

    /// What counts for nothing of one provider in force, given its rows outside every window.
    static func unsettled(for input: SettlementInput, outside: [Unsettled]) -> [Unsettled] {
        let noRows = input.revenue.isEmpty && input.hours.isEmpty && outside.isEmpty
        return noRows ? [Unsettled(reason: .noRows, subject: "-", rows: 0)] : Unsettled.merged(Settlement.unsettled(for: input) + outside)
    }
}
