import SettleStore
import SettleTestSupport
import Testing

@Suite("settle providers hold|release")
struct ProviderHoldTests {
    static func provider(_ db: TestDatabase, _ id: String) throws -> ProviderRecord? {
        try db.store.providers().first { $0.id == id }
    }

    @Test("hold, hold again with another reason (replaced), release, release again: each change recorded and logged")
    func holdAndRelease() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        #expect(try db.store.setHold(provider: "acme-cloud", onHold: true, reason: "disputed invoice 2026-01") == .changed)
        #expect(try Self.provider(db, "acme-cloud")?.onHold == true)
        #expect(try Self.provider(db, "acme-cloud")?.holdReason == "disputed invoice 2026-01")
        #expect(try Self.provider(db, "nordlys-gpu")?.onHold == false)
        #expect(try db.int("SELECT count(*) FROM providers WHERE hold_changed IS NOT NULL") == 1)

        #expect(try db.store.setHold(provider: "acme-cloud", onHold: true, reason: "again")
                == .reasonReplaced(old: "disputed invoice 2026-01"))
        #expect(try Self.provider(db, "acme-cloud")?.holdReason == "again")
        #expect(try db.store.setHold(provider: "acme-cloud", onHold: true, reason: "again") == .unchanged)

        #expect(try db.store.setHold(provider: "acme-cloud", onHold: false, reason: "settled") == .changed)
        #expect(try Self.provider(db, "acme-cloud")?.onHold == false)
        #expect(try Self.provider(db, "acme-cloud")?.holdReason == nil)

        #expect(try db.store.setHold(provider: "acme-cloud", onHold: false, reason: nil) == .unchanged)
        #expect(try db.holdEvents() == [["acme-cloud", "true", "disputed invoice 2026-01"], ["acme-cloud", "true", "again"],
                                        ["acme-cloud", "false", "settled"]])
        #expect(try db.rows("SELECT action, provider_id, details, db_role = session_user FROM audit_log WHERE action IN ('hold', 'release') ORDER BY entry_id") == [
            ["hold", "acme-cloud", "disputed invoice 2026-01", "t"],
            ["hold", "acme-cloud", "reason replaced: again (was: disputed invoice 2026-01)", "t"],
            ["release", "acme-cloud", "settled", "t"],
        ])
    }

    @Test("a hold without a reason is recorded without one")
    func holdWithoutReason() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        #expect(try db.store.setHold(provider: "sakura-gpu", onHold: true, reason: nil) == .changed)
        #expect(try Self.provider(db, "sakura-gpu")?.holdReason == nil)
        #expect(try db.holdEvents() == [["sakura-gpu", "true", nil]])
    }

    @Test("an unknown provider is refused, with a suggestion when one is close, and nothing is recorded",
          arguments: [
            ("acme-clod", true,
             "There is no provider 'acme-clod' (did you mean 'acme-cloud'?); providers come from loaded contracts (`settle contracts load`)."),
            ("globex", true,
             "There is no provider 'globex'; providers come from loaded contracts (`settle contracts load`)."),
            ("nordlys-gpu", false,
             "There is no provider 'nordlys-gpu'; providers come from loaded contracts (`settle contracts load`)."),
          ])
    func unknownProvider(id: String, programmeLoaded: Bool, message: String) throws {
        let db = try TestDatabase(programmeLoaded ? .loaded : .migrated)
        defer { db.drop() }
        for onHold in [true, false] {
            let error = #expect(throws: StoreError.self) {
                try db.store.setHold(provider: id, onHold: onHold, reason: "test")
            }
            #expect(error?.description == message)
        }
        #expect(try db.holdEvents() == [])
        #expect(try db.int("SELECT count(*) FROM providers WHERE on_hold") == 0)
    }
}
