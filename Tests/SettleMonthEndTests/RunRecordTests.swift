import SettleCore
@testable import SettleMonthEnd
@testable import SettleStore
import Testing

/// What a run read: compared field by field, extended with what it read of closed periods, and
/// the terms of a closed period that changed since its run (no database).
@Suite("Run records")
struct RunRecordTests {
    @Test("close and verify name each field that changed, old value to new")
    func differences() {
        var now = recorded(rows: 3, amount: "1110.00", held: ["acme-cloud"])
        now.lateFacts = [LateFacts(period: month("2026-07"), facts: recorded().facts)]
        #expect(now.differences(from: recorded()) == [
            "revenue rows 2 → 3", "revenue amount 1100.00 → 1110.00", "holds none → acme-cloud",
            "late facts for 2026-07 arrived",
        ])
        #expect(recorded().differences(from: recorded()).isEmpty)
        var newerImport = recorded()
        newerImport.facts.revenue.newestImport = 9
        #expect(newerImport.differences(from: recorded()) == ["the newest imports read"])
    }

    @Test("what a run read of closed periods is added to the period's own record")
    func closedPeriodsAdded() {
        let reading = ClosedPeriodsRead(
            lateFacts: [LateFacts(period: month("2026-07"), facts: recorded().facts)],
            retroactiveVersions: [RetroactiveVersionsRead(period: month("2026-07"), provider: "acme-cloud",
                                                          versions: [ContractVersionName(id: "acme-2026", version: 2)])])
        let all = reading.added(to: recorded())
        #expect(all.readsClosedPeriods && !recorded().readsClosedPeriods)
        #expect(all.retroactiveVersions.map(\.description) == ["2026-07 acme-cloud acme-2026 v2"])
        #expect(LegacyRunInputs.parse(LegacyRunInputs.render(all)) == all)
    }

    @Test("a version loaded since a closed period's run changes its terms only where it is in force")
    func changedTerms() {
        let v1 = acme(version: 1, effective: "2026-01-01")
        let run = RunRecord(runID: 1, period: month("2026-08"), maxImportID: 1, inputs: recorded(contracts: [v1]),
                            fingerprint: "", engineVersion: MonthEnd.engineVersion, contractVersions: 1)
        let midAugust = acme(version: 2, effective: "2026-08-16", rate: "0.12")
        #expect(MonthEnd.changedTerms(in: month("2026-08"), run: run, stored: [v1, midAugust], providers: ["acme-cloud"])
                == ["acme-cloud": [ContractVersionName(id: "acme-2026", version: 2)]])
        let september = acme(version: 2, effective: "2026-09-01", rate: "0.12")
        #expect(MonthEnd.changedTerms(in: month("2026-08"), run: run, stored: [v1, september], providers: ["acme-cloud"]).isEmpty)
        #expect(MonthEnd.changedTerms(in: month("2026-08"), run: run, stored: [v1, midAugust], providers: []).isEmpty)
    }
}
