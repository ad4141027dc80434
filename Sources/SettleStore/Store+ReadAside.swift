public import SettleCore

extension Store {
    /// Starts `read` on another thread, over a second connection to the same database in the
    /// snapshot of this connection's transaction, so that the server answers it while this
    /// connection reads something else (`settle report` reads the rules' kinds beside the
    /// statements: issue 19). The second connection has taken the snapshot before this returns,
    /// and closes when `read` is done.
    ///
    /// Call inside `transaction(.readOnlySnapshot)` (or another REPEATABLE READ transaction): a
    /// snapshot is exported only from one, and `read` sees exactly what the transaction sees.
    public func readAside<Value: Sendable>(_ read: @escaping @Sendable (Store) throws -> Value) throws -> BackgroundJob<Value> {
        let snapshot = try db.query("SELECT pg_export_snapshot()").onlyRow().text(0)
        // Hexadecimal digits and dashes ("00000003-0000001B-1"); SET takes no bind parameters.
        guard !snapshot.isEmpty, snapshot.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0
                                                            || UInt8(ascii: "A")...UInt8(ascii: "F") ~= $0 }) else {
            throw StoreError("The server named the transaction's snapshot '\(snapshot)', which is not a snapshot's name.")
        }
        let aside = Store(try db.sibling())
        try aside.db.query(PostgresConnection.Isolation.readOnlySnapshot.begin)
        try aside.db.query(SQL(unchecked: "SET TRANSACTION SNAPSHOT '\(snapshot)'"))
        // Handed over: from here on only the other thread touches `aside`.
        nonisolated(unsafe) let handedOver = aside
        return .started {
            defer { _ = try? handedOver.db.query("COMMIT") }
            return try read(handedOver)
        }
    }
}
