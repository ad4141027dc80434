import Foundation
import SettleCore
import SettleExport
@testable import SettleStore
import SettleTestSupport
import Testing

/// `settle bank import` and `settle payouts status` (docs/REFERENCE.md §9) on the closed August of
/// three transfers: prov-a 209.00 EUR and prov-b 100.00 EUR in block STL-202608-PAY-1-1, prov-c
/// 50.00 USD in block STL-202608-PAY-1-2.
@Suite("Bank feedback through the settle binary")
struct BankImportCLITests {
    typealias Block = BankFiles.Block
    typealias Tx = BankFiles.Transaction
    typealias Entry = BankFiles.Entry

    @Test("acceptance, then settlement by a pain.002.001.03 ACSC and by a camt.054 debit; status and periods show it")
    func acceptanceAndSettlement() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        #expect(try db.transferStates() == ["prov-a sent", "prov-b sent", "prov-c sent"])
        let accepted = try db.bankImport("accepted.xml", try BankFiles.pain002(id: "BANK-STS-1", group: "ACCP"))
        #expect(accepted == .init(status: 0, stdout: "Imported accepted.xml (pain.002.001.10 BANK-STS-1): 3 matched, 3 state changes, 0 unmatched.\n", stderr: ""))
        let acsc = try db.bankImport("acsc.xml", try BankFiles.pain002("03", id: "BANK-STS-2", blocks: [
            Block(id: "STL-202608-PAY-1-2", transactions: [Tx(endToEnd: "STL-202608-prov-c", status: "ACSC")])]))
        #expect(acsc.stdout == "Imported acsc.xml (pain.002.001.03 BANK-STS-2): 1 matched, 1 state change, 0 unmatched.\n")
        let debit = try db.bankImport("debit.xml", try BankFiles.camt054(id: "BANK-NTF-1", [Entry(amount: "209.00", endToEnd: "STL-202608-prov-a")]))
        #expect(debit.stdout == "Imported debit.xml (camt.054.001.08 BANK-NTF-1): 1 matched, 1 state change, 0 unmatched.\n")
        #expect(try db.transferStates() == ["prov-a settled", "prov-b accepted", "prov-c settled"])

        let json = try db.settle("payouts", "status", "2026-08", "--json")
        #expect(json.status == 0)
        let stable = db.relative(json.stdout).replacing(#/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/#, with: "AT")
        #expect(stable == """
            [
              {
                "provider": "prov-a",
                "end_to_end_id": "STL-202608-prov-a",
                "amount": "209.00",
                "currency": "EUR",
                "state": "settled",
                "reason_code": null,
                "reason": null,
                "changes": [
                  {
                    "state": "sent",
                    "at": "AT",
                    "file": "pay.xml"
                  },
                  {
                    "state": "accepted",
                    "at": "AT",
                    "file": "accepted.xml"
                  },
                  {
                    "state": "settled",
                    "at": "AT",
                    "file": "debit.xml"
                  }
                ]
              },
              {
                "provider": "prov-b",
                "end_to_end_id": "STL-202608-prov-b",
                "amount": "100.00",
                "currency": "EUR",
                "state": "accepted",
                "reason_code": null,
                "reason": null,
                "changes": [
                  {
                    "state": "sent",
                    "at": "AT",
                    "file": "pay.xml"
                  },
                  {
                    "state": "accepted",
                    "at": "AT",
                    "file": "accepted.xml"
                  }
                ]
              },
              {
                "provider": "prov-c",
                "end_to_end_id": "STL-202608-prov-c",
                "amount": "50.00",
                "currency": "USD",
                "state": "settled",
                "reason_code": null,
                "reason": null,
                "changes": [
                  {
                    "state": "sent",
                    "at": "AT",
                    "file": "pay.xml"
                  },
                  {
                    "state": "accepted",
                    "at": "AT",
                    "file": "accepted.xml"
                  },
                  {
                    "state": "settled",
                    "at": "AT",
                    "file": "acsc.xml"
                  }
                ]
              }
            ]

            """)
        let periods = try db.settle("periods").stdout
        #expect(periods.contains("STL-202608-PAY-1 (3 transfers: 309.00 EUR, 50.00 USD; 1 accepted, 2 settled)"), "\(periods)")
        #expect(try db.rows("SELECT action, details FROM audit_log WHERE action = 'bank file' ORDER BY entry_id").map { db.relative($0[1] ?? "") } == [
            "pain.002.001.10 BANK-STS-1 from accepted.xml: 3 matched, 3 state changes, 0 ignored, 0 unmatched",
            "pain.002.001.03 BANK-STS-2 from acsc.xml: 1 matched, 1 state changes, 0 ignored, 0 unmatched",
            "camt.054.001.08 BANK-NTF-1 from debit.xml: 1 matched, 1 state changes, 0 ignored, 0 unmatched",
        ])
        #expect(try db.store.transfersOwedAgain().isEmpty)
    }

    @Test("a rejection at transaction level, with its reason; the table and the store's owed-again query name it")
    func transactionRejection() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        let report = try db.bankImport("status.xml", try BankFiles.pain002(id: "BANK-STS-1", group: "PART", blocks: [
            Block(id: "STL-202608-PAY-1-1", status: "PART", transactions: [
                Tx(endToEnd: "STL-202608-prov-a", status: "ACSP"), Tx(endToEnd: "STL-202608-prov-b", status: "RJCT", reason: "AC04")])]))
        #expect(report.stdout == "Imported status.xml (pain.002.001.10 BANK-STS-1): 2 matched, 2 state changes, 0 unmatched.\n")
        #expect(try db.transferStates() == ["prov-a accepted", "prov-b rejected AC04", "prov-c sent"])
        let table = try db.settle("payouts", "status", "2026-08").stdout
            .replacing(#/\d{4}-\d{2}-\d{2}/#, with: "DAY")
        #expect(table == """
            provider  amount  currency  end-to-end id      state     reason               changes
            prov-a    209.00  EUR       STL-202608-prov-a  accepted                       sent DAY, accepted DAY
            prov-b    100.00  EUR       STL-202608-prov-b  rejected  AC04 closed account  sent DAY, rejected DAY
            prov-c     50.00  USD       STL-202608-prov-c  sent                           sent DAY

            """)
        let owed = try db.store.transfersOwedAgain()
        #expect(owed.map { "\($0.provider) \($0.period) \($0.endToEndID) \($0.amount.description) \($0.amount.currency.code) \($0.state.rawValue) \($0.reasonCode ?? "-") \($0.reason ?? "-")" }
                == ["prov-b 2026-08 STL-202608-prov-b 100.00 EUR rejected AC04 closed account"])
    }

    @Test("a rejection of a whole payment block applies to each of its transfers, and only to them")
    func blockRejection() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        let report = try db.bankImport("block.xml", try BankFiles.pain002("03", id: "BANK-STS-9", blocks: [
            Block(id: "STL-202608-PAY-1-1", status: "RJCT", reason: "AM05")]))
        #expect(report.stdout == "Imported block.xml (pain.002.001.03 BANK-STS-9): 2 matched, 2 state changes, 0 unmatched.\n")
        #expect(try db.transferStates() == ["prov-a rejected AM05", "prov-b rejected AM05", "prov-c sent"])
        #expect(try db.store.transfersOwedAgain().map { "\($0.endToEndID) \($0.amount.description) \($0.reason ?? "-")" }
                == ["STL-202608-prov-a 209.00 duplication", "STL-202608-prov-b 100.00 duplication"])
        let periods = try db.settle("periods").stdout
        #expect(periods.contains("(3 transfers: 309.00 EUR, 50.00 USD; 1 sent, 2 rejected)"), "\(periods)")
    }

    @Test("a return after settlement: a camt.054 credit with RtrInf; a later acceptance is recorded and ignored")
    func returnAfterSettlement() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        #expect(try db.bankImport("debit.xml", try BankFiles.camt054(id: "BANK-NTF-1", [
            Entry(amount: "209.00", endToEnd: "STL-202608-prov-a"), Entry(amount: "50.00", currency: "USD", endToEnd: "STL-202608-prov-c")]))
            .stdout == "Imported debit.xml (camt.054.001.08 BANK-NTF-1): 2 matched, 2 state changes, 0 unmatched.\n")
        #expect(try db.bankImport("return.xml", try BankFiles.camt054(id: "BANK-NTF-2", [
            Entry(amount: "209.00", credit: true, endToEnd: "STL-202608-prov-a", returnReason: "AC01")]))
            .stdout == "Imported return.xml (camt.054.001.08 BANK-NTF-2): 1 matched, 1 state change, 0 unmatched.\n")
        #expect(try db.transferStates() == ["prov-a returned AC01", "prov-b sent", "prov-c settled"])
        let late = try db.bankImport("late.xml", try BankFiles.pain002(id: "BANK-STS-3", blocks: [
            Block(id: "STL-202608-PAY-1-1", transactions: [Tx(endToEnd: "STL-202608-prov-a", status: "ACCP")])]))
        #expect(late.stdout == "Imported late.xml (pain.002.001.10 BANK-STS-3): 1 matched, 0 state changes, 1 backwards (recorded, ignored), 0 unmatched.\n")
        #expect(try db.rows("SELECT end_to_end_id, state, status_code, reason_code, applied::text FROM transfer_state_changes ORDER BY change_id") == [
            ["STL-202608-prov-a", "settled", "DBIT", nil, "true"], ["STL-202608-prov-c", "settled", "DBIT", nil, "true"],
            ["STL-202608-prov-a", "returned", "CRDT", "AC01", "true"], ["STL-202608-prov-a", "accepted", "ACCP", nil, "false"],
        ])
        #expect(try db.transferStates() == ["prov-a returned AC01", "prov-b sent", "prov-c settled"])
        // Append-only, in the database itself.
        for statement in ["UPDATE transfer_state_changes SET state = 'settled'", "DELETE FROM transfer_state_changes",
                          "UPDATE payout_transfers SET amount = 1", "DELETE FROM bank_files"] {
            let error = #expect(throws: PostgresError.self) { try db.connection.query(SQL(unchecked: statement)) }
            #expect(error?.sqlState == "23000", "\(statement)")
        }
        #expect(try db.store.transfersOwedAgain().map { "\($0.endToEndID) \($0.amount.description) \($0.state.rawValue) \($0.reason ?? "-")" }
                == ["STL-202608-prov-a 209.00 returned incorrect account number"])
    }

    @Test("a file imported again, by its bytes or by its message id, changes nothing, not even the log")
    func duplicateFile() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        let text = try BankFiles.pain002(id: "BANK-STS-1", group: "ACCP")
        #expect(try db.bankImport("status.xml", text).status == 0)
        let before = try db.dataDump()
        let again = try db.bankImport("again.xml", text)
        let path = db.folder.appendingPathComponent("status.xml").standardizedFileURL.path
        #expect(db.relative(again.stdout).replacing(#/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/#, with: "WHEN")
                == "again.xml was imported before (pain.002.001.10 BANK-STS-1, from status.xml on WHEN); nothing changed.\n")
        #expect(again.status == 0 && again.stdout.contains(path))
        let sameID = try db.bankImport("same-id.xml", text.replacingOccurrences(of: "<GrpSts>ACCP</GrpSts>", with: "<GrpSts>ACSC</GrpSts>"))
        #expect(db.relative(sameID.stdout).replacing(#/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/#, with: "WHEN")
                == "same-id.xml carries the message id BANK-STS-1 of the pain.002.001.10 file imported from status.xml on WHEN; nothing changed.\n")
        #expect(try db.dataDump() == before)
    }

    @Test("an unknown EndToEndId and an amount mismatch are listed and stored as unmatched, and change no transfer")
    func unmatchedEntries() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        let camt = try db.bankImport("camt.xml", try BankFiles.camt054(id: "BANK-NTF-7", [
            Entry(amount: "75.00", endToEnd: "STL-202608-nobody"),
            Entry(amount: "210.00", endToEnd: "STL-202608-prov-a"),
            Entry(amount: "100.00", currency: "USD", endToEnd: "STL-202608-prov-b"),
            Entry(amount: "50.00", currency: "USD", endToEnd: "STL-202608-prov-c"),
            Entry(amount: "209.00", status: "PDNG", endToEnd: "STL-202608-prov-a"),
            Entry(amount: "100.00", credit: true, endToEnd: "STL-202608-prov-b"),
        ]))
        #expect(camt == .init(status: 0, stdout: """
            Imported camt.xml (camt.054.001.08 BANK-NTF-7): 1 matched, 1 state change, 5 unmatched.
              unmatched: entry 1 (E-1): 75.00 EUR debit for EndToEndId STL-202608-nobody, which matches no transfer Settle sent
              unmatched: entry 2 (E-2): 210.00 EUR debit for STL-202608-prov-a, which STL-202608-PAY-1 sent as 209.00 EUR
              unmatched: entry 3 (E-3): 100.00 USD debit for STL-202608-prov-b, which STL-202608-PAY-1 sent as 100.00 EUR
              unmatched: entry 5 (E-5): 209.00 EUR debit is not booked (PDNG)
              unmatched: entry 6 (E-6): 100.00 EUR credit for STL-202608-prov-b is neither a booked payment nor a return (no RtrInf, no reversal)

            """, stderr: ""))
        #expect(try db.transferStates() == ["prov-a sent", "prov-b sent", "prov-c settled"])
        #expect(try db.rows("SELECT item::text, problem, reference, end_to_end_id, amount::text, currency FROM bank_unmatched ORDER BY item") == [
            ["1", "unknown transfer", "E-1", "STL-202608-nobody", "75.00", "EUR"],
            ["2", "amount mismatch", "E-2", "STL-202608-prov-a", "210.00", "EUR"],
            ["3", "amount mismatch", "E-3", "STL-202608-prov-b", "100.00", "USD"],
            ["4", "not booked", "E-5", nil, "209.00", "EUR"],
            ["5", "no return information", "E-6", "STL-202608-prov-b", "100.00", "EUR"],
        ])
        let pain = try db.bankImport("pain.xml", try BankFiles.pain002(id: "BANK-STS-7", blocks: [
            Block(id: "STL-202608-PAY-1-1", transactions: [Tx(endToEnd: "STL-202608-prov-x", status: "ACCP")]),
            Block(id: "STL-202608-PAY-1-9", status: "ACCP")]))
        #expect(pain.stdout == """
            Imported pain.xml (pain.002.001.10 BANK-STS-7): 0 matched, 0 state changes, 2 unmatched.
              unmatched: transaction STL-202608-prov-x in block STL-202608-PAY-1-1 is no transfer of STL-202608-PAY-1
              unmatched: payment block STL-202608-PAY-1-9 is no block of STL-202608-PAY-1

            """)
        #expect(try db.int("SELECT count(*) FROM bank_unmatched") == 7)
        let error = #expect(throws: PostgresError.self) { try db.connection.query("UPDATE bank_unmatched SET details = ''") }
        #expect(error?.sqlState == "23000")
    }

    @Test("a reissue carries the same EndToEndIds: a rejection in the first file is owed nothing, a camt entry settles the reissue's")
    func reissue() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        #expect(try db.settle("payouts", "2026-08", "--out", "pay-2.xml", "--reissue", "--reason", "the bank lost the first")
            .stdout == "Wrote pay-2.xml: STL-202608-PAY-2, 3 transfers, control sum 359.00 (reissue 2, recorded).\n")
        #expect(try db.bankImport("block.xml", try BankFiles.pain002(id: "BANK-STS-1", blocks: [
            Block(id: "STL-202608-PAY-1-1", status: "RJCT", reason: "AC04")])).status == 0)
        #expect(try db.transferStates() == ["prov-a rejected AC04", "prov-b rejected AC04", "prov-c sent",
                                           "prov-a sent", "prov-b sent", "prov-c sent"])
        #expect(try db.store.transfersOwedAgain().isEmpty, "the reissue pays them")
        let camt = try db.bankImport("camt.xml", try BankFiles.camt054(id: "BANK-NTF-1", [
            Entry(amount: "209.00", endToEnd: "STL-202608-prov-a"), Entry(amount: "209.00", credit: true, reversal: true, endToEnd: "STL-202608-prov-a")]))
        #expect(camt.stdout == "Imported camt.xml (camt.054.001.08 BANK-NTF-1): 1 matched, 2 state changes, 0 unmatched.\n")
        #expect(try db.transferStates() == ["prov-a rejected AC04", "prov-b rejected AC04", "prov-c sent",
                                           "prov-a returned", "prov-b sent", "prov-c sent"])
        #expect(try db.store.transfersOwedAgain().map { "\($0.messageID) \($0.endToEndID) \($0.amount.description) \($0.state.rawValue) \($0.reasonCode ?? "-")" }
                == ["STL-202608-PAY-2 STL-202608-prov-a 209.00 returned -"])
        let periods = try db.settle("periods").stdout
        #expect(periods.contains("STL-202608-PAY-1 (3 transfers: 309.00 EUR, 50.00 USD; 1 sent, 2 rejected); "
                                 + "STL-202608-PAY-2 reissue (3 transfers: 309.00 EUR, 50.00 USD; 2 sent, 1 returned)"), "\(periods)")
    }

    @Test("payouts status of a period without a payout file says so; --json prints []")
    func noPayoutFile() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        #expect(try db.settle("payouts", "status", "2026-09") == .init(status: 0, stdout: "No payout file of 2026-09 was recorded, so there is no transfer; write one with `settle payouts 2026-09 --out FILE`.\n", stderr: ""))
        #expect(try db.settle("payouts", "status", "2026-09", "--json") == .init(status: 0, stdout: "[]\n", stderr: ""))
    }

    @Test("a status contradicting a final state refuses the whole file, naming the transfer; nothing changes")
    func contradiction() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        #expect(try db.bankImport("rejected.xml", try BankFiles.pain002(id: "BANK-STS-1", blocks: [
            Block(id: "STL-202608-PAY-1-1", transactions: [Tx(endToEnd: "STL-202608-prov-b", status: "RJCT", reason: "AC04")])])).status == 0)
        let before = try db.dataDump()
        let counts = try db.bankCounts()
        let camt = try db.bankImport("camt.xml", try BankFiles.camt054(id: "BANK-NTF-1", [
            Entry(amount: "209.00", endToEnd: "STL-202608-prov-a"), Entry(amount: "100.00", endToEnd: "STL-202608-prov-b")]))
        #expect(camt == .init(status: 1, stdout: "", stderr: """
            Error: camt.xml would make the transfer STL-202608-prov-b of STL-202608-PAY-1 (prov-b, 100.00 EUR) settled (DBIT), but it is already rejected (AC04 closed account); nothing was imported.

            """))
        #expect(try db.dataDump() == before && db.bankCounts() == counts)
        #expect(try db.transferStates() == ["prov-a sent", "prov-b rejected AC04", "prov-c sent"])
    }

    @Test("not XML, failing its XSD, another message type, or about a payout file never written: one sentence, nothing changed")
    func badInput() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        let before = try db.dataDump()
        let counts = try db.bankCounts()
        func refused(_ name: String, _ text: String) throws -> String {
            let outcome = try db.bankImport(name, text)
            #expect(outcome.status == 1 && outcome.stdout.isEmpty, "\(outcome)")
            return outcome.stderr
        }
        #expect(try refused("notes.xml", "status: all paid\n") == "Error: notes.xml is not well-formed XML, so it is no bank file Settle reads (pain.002.001.10, pain.002.001.03 or camt.054.001.08); nothing was imported.\n")
        let invalid = try BankFiles.pain002(id: "BANK-STS-1", group: "ACCP")
            .replacingOccurrences(of: "<OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>", with: "")
        #expect(try refused("invalid.xml", invalid) == "Error: invalid.xml fails the pain.002.001.10 schema (line 5: Element '{urn:iso:std:iso:20022:tech:xsd:pain.002.001.10}GrpSts': This element is not expected. Expected is ( {urn:iso:std:iso:20022:tech:xsd:pain.002.001.10}OrgnlMsgNmId ).); nothing was imported.\n")
        let payout = try String(contentsOf: db.folder.appendingPathComponent("pay.xml"), encoding: .utf8)
        #expect(try refused("pain001.xml", payout) == "Error: pain001.xml is a pain.001.001.09 document, not a pain.002.001.10, pain.002.001.03 or camt.054.001.08 message; nothing was imported.\n")
        #expect(try refused("stranger.xml", try BankFiles.pain002(id: "BANK-STS-5", original: "OTHER-BANK-RUN-4", group: "ACCP"))
                == "Error: stranger.xml reports on the payout file OTHER-BANK-RUN-4, which Settle never recorded; nothing was imported.\n")
        let missing = try db.settle("bank", "import", "missing.xml")
        #expect(missing == .init(status: 1, stdout: "", stderr: "Error: Cannot read missing.xml: there is no such file; give the path of the bank's pain.002 or camt.054 file.\n"))
        #expect(try db.dataDump() == before && db.bankCounts() == counts)
    }

    @Test("migration 15 reads the transfers of files recorded before it from their recorded text")
    func backfill() throws {
        let db = try BankFiles.closedAugustOfThree()
        defer { db.drop() }
        let recorded = try db.rows("SELECT * FROM payout_transfers ORDER BY end_to_end_id")
        #expect(recorded.map { $0[1] ?? "" } == ["STL-202608-prov-a", "STL-202608-prov-b", "STL-202608-prov-c"])
        try db.connection.query("BEGIN")
        try db.connection.query("ALTER TABLE payout_transfers DISABLE TRIGGER payout_transfers_immutable")
        try db.connection.query("DELETE FROM payout_transfers")
        try PayoutTransferBackfill.fromRecordedDocuments(db.connection)
        let backfilled = try db.rows("SELECT * FROM payout_transfers ORDER BY end_to_end_id")
        try db.connection.query("ROLLBACK")
        #expect(backfilled == recorded)
        for provider in ["prov-a", "a-provider-with-a-very-long-identifier", String(repeating: "x", count: 24), String(repeating: "y", count: 25)] {
            #expect(PayoutTransferBackfill.reference(provider: provider, period: Period("2026-08")!)
                    == PaymentReference.of(provider: provider, period: Period("2026-08")!))
        }
    }
}
