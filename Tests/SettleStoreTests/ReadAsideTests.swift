import SettleCore
@testable import SettleStore
import SettleTestSupport
import Testing

@Suite("Store.readAside: a second connection in the same snapshot")
struct ReadAsideTests {
    @Test("a read aside sees what the transaction sees, not what commits after its snapshot")
    func sharesTheSnapshot() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        try db.connection.query("CREATE TABLE aside_probe (n int)")
        try db.connection.query("INSERT INTO aside_probe VALUES (1)")
        let count: SQL = "SELECT count(*) FROM aside_probe"
        let (inside, aside) = try db.store.transaction(.readOnlySnapshot) {
            let inside = try db.store.db.query(count).onlyRow().int(0)
            // Committed by another connection after the snapshot was taken.
            try db.connection.query("INSERT INTO aside_probe VALUES (2)")
            let read = try db.store.readAside { store in try store.db.query(count).onlyRow().int(0) }
            return (inside, try read.wait()!)
        }
        #expect(inside == 1)
        #expect(aside == 1)
        #expect(try db.int(count) == 2)
    }

    @Test("the read aside's error is thrown by wait()")
    func throwsTheError() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        try db.store.transaction(.readOnlySnapshot) {
            let read = try db.store.readAside { store in try store.db.query("SELECT 1 / 0").onlyRow().int(0) }
            #expect(throws: PostgresError.self) { try read.wait() }
        }
    }
}
