public import SettleCore

/// What the imports after a run brought, as far as a re-run of its period is concerned.
public struct ImportedChanges: Sendable {
    /// Providers with new rows dated in the period.
    public let providers: Set<String>
    /// New rows dated before the period (late facts of a closed one) or new FX rates of the period
    /// or before: these change what every provider reads.
    public let reachBeyondPeriod: Bool
}

extension Store {
    /// How many contract versions are stored; versions are never deleted, so an unchanged count
    /// means none was added.
    public func contractVersionCount() throws -> Int {
        try db.query("SELECT count(*) FROM contract_versions").onlyRow().int(0)
    }

    /// The changes brought by imports `importID + 1 ... maxImportID` for a run of `period`, found
    /// through the rollups' import-id indexes without reading older rows.
    public func changes(after importID: Int64, upTo maxImportID: Int64, for period: Period) throws -> ImportedChanges {
        let bounds = [String(importID), String(maxImportID), period.firstDay.description, period.next.firstDay.description]
        let providers = try db.query("""
            SELECT provider_id FROM revenue_rollup WHERE import_id > $1 AND import_id <= $2 AND date >= $3 AND date < $4
            UNION SELECT provider_id FROM hours_rollup WHERE import_id > $1 AND import_id <= $2 AND date >= $3 AND date < $4
            """, bounds).rows.map { try $0.text(0) }
        let beyond = try db.query("""
            SELECT EXISTS (SELECT 1 FROM revenue_rollup WHERE import_id > $1 AND import_id <= $2 AND date < $3)
                OR EXISTS (SELECT 1 FROM hours_rollup WHERE import_id > $1 AND import_id <= $2 AND date < $3)
                OR EXISTS (SELECT 1 FROM fx_rates WHERE import_id > $1 AND import_id <= $2 AND period <= $3)
            """, Array(bounds.prefix(3))).scalar == "t"
        return ImportedChanges(providers: Set(providers), reachBeyondPeriod: beyond)
    }

    /// Whether each provider's draft statement of `period` is on hold, by provider.
    public func draftHolds(of period: Period) throws -> [String: Bool] {
        Dictionary(uniqueKeysWithValues: try db.query(
            "SELECT provider_id, on_hold FROM statements WHERE period = $1", [period.firstDay.description]
        ).rows.map { (try $0.text(0), try $0.bool(1)) })
    }
}
