import Foundation
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport
import Testing

/// docs/REFERENCE.md §11, four eyes: with `controls: {four_eyes: true}`, close and payouts need an approval of
/// the run by another database role; a new run voids it. Two real roles on the test cluster.
@Suite("Four eyes: another role approves the run before close and payout")
struct FourEyesTests {
    @Test("the same role is refused, another role approves, a re-run voids the approval")
    func twoRoles() throws {
        let (db, _) = try TestDatabase.august()
        defer { db.drop() }
        var payer = TestDatabase.payer
        payer.fourEyes = true
        _ = try db.store.load(contracts: [], payer: (payer, "payer.yaml")) { _ in }
        let approver = "approver_" + db.name.suffix(8).filter { $0.isLetter || $0.isNumber }.lowercased()
        try db.connection.query(SQL(unchecked: "CREATE ROLE \(approver) LOGIN IN ROLE settle"))
        defer { _ = try? db.connection.query(SQL(unchecked: "DROP ROLE IF EXISTS \(approver)")) }
        let asApprover = db.connectionString.replacingOccurrences(of: "user='settle'", with: "user='\(approver)'")
        #expect(asApprover != db.connectionString)
        func settle(_ arguments: String...) throws -> SettleBinary.Outcome { try db.settle(arguments) }
        func approve() throws -> SettleBinary.Outcome {
            try SettleBinary.run(["approve", "2026-08", "--database", asApprover], in: db.folder)
        }

        #expect(try settle("run", "2026-08").status == 0)
        let refusal = "Error: 2026-08 needs a second person's approval before it is closed (four eyes, payer.yaml): run `settle approve 2026-08` as another database role than settle, who ran it.\n"
        #expect(try settle("close", "2026-08").stderr == refusal)
        #expect(try settle("approve", "2026-08").stderr == "Error: 2026-08 was run by the database role settle; its approval must come from another role, so that two people see the numbers before they are closed and paid.\n")

        let approved = try approve()
        #expect(approved.status == 0 && approved.stdout.hasPrefix("2026-08: run ") && approved.stdout.hasSuffix(", run by settle, is approved; it can be closed and paid.\n"), "\(approved)")
        // A new run leaves the approval behind.
        #expect(try settle("run", "2026-08", "--recompute-all").status == 0)
        #expect(try settle("close", "2026-08").stderr == refusal)
        #expect(try approve().status == 0)
        #expect(try settle("close", "2026-08").stdout == "2026-08 is closed.\n")
        #expect(try settle("payouts", "2026-08", "--out", "pay.xml").stdout == "Wrote pay.xml: STL-202608-PAY-1, 1 transfer, control sum 209.00.\n")
        #expect(try db.rows("SELECT db_role, action FROM audit_log WHERE action IN ('run', 'approve', 'close') ORDER BY entry_id") == [
            ["settle", "run"], [approver, "approve"], ["settle", "run"], [approver, "approve"], ["settle", "close"],
        ])
    }
}
