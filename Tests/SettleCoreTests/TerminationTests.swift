import SettleCore
import Testing

/// The period in which a provider's last contract ends: minimum_payout does not apply.
@Suite("Termination and expiry: the final period")
struct TerminationTests {
    static let share = R.share("api", ["api_usage"], "10%")

    /// v1 from 2026-01-01; v2 from 2026-06-01 (June has 30 days), optionally terminated.
    static func versions(terminated: String?, rules: [Rule] = [share]) -> [Contract] {
        [contract([share], minimumPayout: "100.00"),
         contract(rules, version: 2, effective: "2026-06-01", terminated: terminated, minimumPayout: "100.00")]
    }

    /// (terminated, totals): 600.00 x 10% = 60.00, below the minimum payout of 100.00.
    @Test("below the minimum payout: paid in the final period, carried otherwise", arguments: [
        ("2026-06-10" as String?, "earnings 60.00 charges 0.00 net 60.00 opening 0.00 payout 60.00 closing 0.00"),
        (nil, "earnings 60.00 charges 0.00 net 60.00 opening 0.00 payout 0.00 closing 60.00"),
    ])
    func minimumDoesNotApply(terminated: String?, totals: String) throws {
        let s = try settle("2026-06", Self.versions(terminated: terminated),
                           revenue: [rev("2026-06-05", "api_usage", "600.00")])
        #expect(s.totals == totals)
        #expect(s.version == 2)
    }

    @Test("rows after the last day in force count for nothing; no statement afterwards")
    func afterTermination() throws {
        let contracts = Self.versions(terminated: "2026-06-10", rules: [Self.share, R.fixed("fee", "150.00")])
        let s = try settle("2026-06", contracts, revenue: [
            rev("2026-06-10", "api_usage", "100.00"),
            rev("2026-06-11", "api_usage", "5000.00"),
        ])
        // window 06-01..06-10, f = 10/30: api 100.00 x 10% = 10.00; fee 150.00 x 10/30 = 50.00
        #expect(s.amounts == ["api 10.00", "fee 50.00"])
        #expect(s.lines.allSatisfy { $0.last == day("2026-06-10") })
        #expect(s.totals == "earnings 60.00 charges 0.00 net 60.00 opening 0.00 payout 60.00 closing 0.00")

        let july = SettlementInput(providerID: "acme-cloud", period: period("2026-07"), contracts: contracts,
                                   revenue: [rev("2026-07-01", "api_usage", "100.00")])
        #expect(try Settlement.statement(for: july) == nil)
    }

    @Test("a negative balance in the final period stays owed")
    func negativeStaysOwed() throws {
        let contracts = Self.versions(terminated: "2026-06-10", rules: [R.fixed("fee", "-150.00")])
        let s = try settle("2026-06", contracts, opening: "-20.00")
        // -150.00 x 10/30 = -50.00; -20.00 - 50.00 = -70.00
        #expect(s.totals == "earnings 0.00 charges -50.00 net -50.00 opening -20.00 payout 0.00 closing -70.00")
    }

    @Test("the final period pays a carried balance, unless on hold")
    func carriedAndHold() throws {
        let contracts = Self.versions(terminated: "2026-06-10")
        let revenue = [rev("2026-06-05", "api_usage", "600.00")]
        let paid = try settle("2026-06", contracts, revenue: revenue, opening: "30.00")
        // 30.00 + 60.00 = 90.00 < 100.00, paid anyway
        #expect(paid.totals == "earnings 60.00 charges 0.00 net 60.00 opening 30.00 payout 90.00 closing 0.00")
        let held = try settle("2026-06", contracts, revenue: revenue, opening: "30.00", onHold: true)
        #expect(held.totals == "earnings 60.00 charges 0.00 net 60.00 opening 30.00 payout 0.00 closing 90.00")
    }

    /// (expires, terminated, last day in force, fee line): fixed 150.00 in June, minimum payout 1000.00.
    @Test("a contract ends on the earlier of expires and terminated", arguments: [
        ("2026-06-20" as String?, nil as String?, "2026-06-20", "100.00"),   // 150 x 20/30
        ("2026-06-20", "2026-06-25", "2026-06-20", "100.00"),
        ("2026-06-25", "2026-06-15", "2026-06-15", "75.00"),                 // 150 x 15/30
        (nil, "2026-06-01", "2026-06-01", "5.00"),                           // 150 x 1/30
        ("2026-06-30", nil, "2026-06-30", "150.00"),                         // a whole final month
    ])
    func endsOnEarlier(expires: String?, terminated: String?, last: String, fee: String) throws {
        let terms = contract([R.fixed("fee", "150.00")], expires: expires, terminated: terminated,
                             minimumPayout: "1000.00")
        let s = try settle("2026-06", [terms])
        #expect(s.amounts == ["fee " + fee])
        #expect(try s.line("fee").last == day(last))
        #expect(s.payout.description == fee && s.closingBalance.description == "0.00")
        #expect(ContractSchedule(versions: [terms]).endsFinally(in: period("2026-06")))
    }

    @Test("not final while a later version or contract follows", arguments: [
        contract([TerminationTests.share], id: "acme-2027", effective: "2026-07-01", minimumPayout: "100.00"),   // a renewal
        contract([TerminationTests.share], version: 2, effective: "2026-08-01", minimumPayout: "100.00"),        // after a gap
    ])
    func notFinal(successor: Contract) throws {
        let expiring = contract([Self.share], expires: "2026-06-30", minimumPayout: "100.00")
        let s = try settle("2026-06", [expiring, successor], revenue: [rev("2026-06-05", "api_usage", "600.00")])
        // 60.00 < 100.00 and the provider still has a contract: carried
        #expect(s.totals == "earnings 60.00 charges 0.00 net 60.00 opening 0.00 payout 0.00 closing 60.00")
        #expect(!ContractSchedule(versions: [expiring, successor]).endsFinally(in: period("2026-06")))
    }
}
