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

    /// The run whose statements the period holds now, as a re-run reads it: its record without
    /// the contract versions, which `inputs.contractsOf` names (the draft's own whole record, or
    /// the one it refers to; migration 23 says where they end). Only the text after them crosses
    /// the connection: 2.5 MB of 22,667 versions at 20,000 providers were decoded, encoded and
    /// stored again by every re-run (issue 19).
    public func draftRun(of period: Period) throws -> RunRecord? {
        guard let row = try db.query("""
            SELECT r.run_id, r.max_import_id,
                   '{"contractsOf":' || coalesce(r.contracts_of, r.run_id) || ',"facts":' || split_part(r.inputs, ',"facts":', 2),
                   r.fingerprint, r.engine_version, r.contract_versions
            FROM periods p JOIN runs r USING (run_id) WHERE p.period = $1
            """, [period.firstDay.description]).rows.first else { return nil }
        let inputs = try row.document(RecordedInputs.self, 2)
        assert(inputs.contractsOf != nil && inputs.contracts.isEmpty)
        return RunRecord(runID: try row.int64(0), period: period, maxImportID: try row.int64(1), inputs: inputs,
                         fingerprint: try row.text(3), engineVersion: try row.text(4),
                         contractVersions: row[5] == nil ? nil : try row.int(5))
    }

    /// Those of `providers` with a draft statement of `period` (every provider in force has one):
    /// a re-run asks about the few it may concern, not the 20,000 statements (issue 19).
    public func draftProviders(of period: Period, among providers: Set<String>) throws -> Set<String> {
        Set(try db.query(
            "SELECT provider_id FROM statements WHERE period = $1 AND provider_id = ANY($2::text[])",
            [period.firstDay.description, textArray(providers)]
        ).rows.map { try $0.text(0) })
    }
}
