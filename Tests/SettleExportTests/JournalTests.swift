import SettleCore
import SettleExport
import Testing

/// The journal's entries computed by hand (docs/REFERENCE.md §10): every entry balances per
/// currency, and partner payables net to zero once the period is paid.
@Suite("Journal (double entry)")
struct JournalTests {
    @Test("close: earnings by type, a cap, a charge and the payable, by hand; payout: payable against bank")
    func byHand() throws {
        // api-share 109.00 + fee 100.00 - cap 9.00 = 200.00 earnings; a charge of -50.00; net 150.00.
        let statement = InvoiceTests.statement()
        let ledger = Ledger(accounts: ["limit": "6190", "bank_EUR": "1210"])
        let close = Journal.closeEntries(statements: [statement], ledger: ledger, references: ["acme-cloud": "SB-acme-cloud-2026-00001"])
        let payout = Journal.payoutEntries(period: statement.period, messageID: "STL-202608-PAY-1", date: Day("2026-09-01")!,
                                           transfers: [PayoutTransfer(provider: "acme-cloud", endToEndID: "STL-202608-acme-cloud",
                                                                      paymentBlock: "B1", instructionID: "I1",
                                                                      amount: InvoiceTests.money("150.00"))],
                                           ledger: ledger)
        #expect(Journal.csv(close + payout) == """
            entry,date,account,debit,credit,currency,provider,period,reference,text
            CLOSE-202608-acme-cloud,2026-08-31,6100,109.00,,EUR,acme-cloud,2026-08,SB-acme-cloud-2026-00001,revenue_share earnings of acme-cloud for 2026-08
            CLOSE-202608-acme-cloud,2026-08-31,6100,100.00,,EUR,acme-cloud,2026-08,SB-acme-cloud-2026-00001,fixed earnings of acme-cloud for 2026-08
            CLOSE-202608-acme-cloud,2026-08-31,6190,,9.00,EUR,acme-cloud,2026-08,SB-acme-cloud-2026-00001,limit earnings of acme-cloud for 2026-08
            CLOSE-202608-acme-cloud,2026-08-31,4100,,50.00,EUR,acme-cloud,2026-08,SB-acme-cloud-2026-00001,charges to acme-cloud for 2026-08
            CLOSE-202608-acme-cloud,2026-08-31,3300,,150.00,EUR,acme-cloud,2026-08,SB-acme-cloud-2026-00001,owed to acme-cloud for 2026-08
            PAY-202608-EUR,2026-09-01,3300,150.00,,EUR,acme-cloud,2026-08,STL-202608-acme-cloud,payout to acme-cloud for 2026-08
            PAY-202608-EUR,2026-09-01,1210,,150.00,EUR,,2026-08,STL-202608-PAY-1,"payout file STL-202608-PAY-1, EUR"

            """)
        #expect(Journal.unbalanced(close + payout) == [])
        let payables = (close + payout).filter { $0.account == "3300" }.reduce(Money.zero(InvoiceTests.eur)) { $0 + $1.amount }
        #expect(payables.isZero)
    }

    @Test("an entry that does not balance is named with its sums")
    func unbalanced() {
        let line = JournalLine(entry: "X", date: Day("2026-08-31")!, account: "1", amount: InvoiceTests.money("1.00"),
                               provider: nil, period: Period("2026-08")!, reference: "r", text: "t")
        #expect(Journal.unbalanced([line]) == ["X EUR: debits 1, credits 0"])
    }
}
