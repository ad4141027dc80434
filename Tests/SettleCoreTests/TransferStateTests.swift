import SettleCore
import Testing

/// docs/REFERENCE.md §9: how a reported state moves a transfer.
@Suite("Transfer states")
struct TransferStateTests {
    @Test("status codes map to states; RCVD and PART say nothing about a transfer",
          arguments: [("ACCP", TransferState.accepted), ("ACTC", .accepted), ("ACSP", .accepted), ("ACWC", .accepted),
                      ("PDNG", .accepted), ("ACSC", .settled), ("RJCT", .rejected)])
    func codes(code: String, state: TransferState) {
        #expect(TransferState(statusCode: code) == state)
    }

    @Test("codes that are no state")
    func noState() {
        #expect(TransferState(statusCode: "RCVD") == nil && TransferState(statusCode: "PART") == nil)
    }

    @Test("every move, from every state to every reported one",
          arguments: [
            (TransferState.sent, TransferState.accepted, TransferMove.changed), (.sent, .settled, .changed), (.sent, .rejected, .changed),
            (.sent, .returned, .changed), (.sent, .sent, .unchanged),
            (.accepted, .accepted, .unchanged), (.accepted, .settled, .changed), (.accepted, .rejected, .changed),
            (.accepted, .returned, .changed),
            (.settled, .accepted, .ignoredBackwards), (.settled, .settled, .unchanged), (.settled, .returned, .changed),
            (.settled, .rejected, .contradiction),
            (.rejected, .accepted, .contradiction), (.rejected, .settled, .contradiction), (.rejected, .returned, .contradiction),
            (.rejected, .rejected, .unchanged),
            (.returned, .accepted, .ignoredBackwards), (.returned, .settled, .ignoredBackwards), (.returned, .rejected, .contradiction),
            (.returned, .returned, .unchanged),
          ])
    func moves(from: TransferState, reported: TransferState, expected: TransferMove) {
        #expect(from.move(to: reported) == expected)
    }

    @Test("reason codes read as words; an unknown one says so")
    func reasons() {
        #expect(StatusReason.text(of: "AC04") == "closed account")
        #expect(StatusReason.text(of: "AC01") == "incorrect account number")
        #expect(StatusReason.text(of: "AM05") == "duplication")
        #expect(StatusReason.text(of: "ZZ99") == "reason code not in Settle's table")
    }
}
