public import SettleCore

/// Where a period stands.
public enum PeriodStatus: String, Sendable {
    case computed, closed

    /// What the period's statements say they are: a computed period's are drafts.
    public var statementStatus: StatementStatus { self == .closed ? .closed : .draft }
}

/// What a run read, as stored with it.
public struct RunRecord: Sendable {
    public let runID: Int64
    public let period: Period
    public let maxImportID: Int64
    public let inputs: RecordedInputs
    /// SHA-256 of the canonical JSON of `inputs`, as stored.
    public let fingerprint: String
    public let engineVersion: String
    /// How many contract versions were stored when the run read them (`nil` for runs before
    /// schema version 5).
    public let contractVersions: Int?
}

extension Store {
    /// The newest import id a reader counts: every fact row stored now, of an import that is not
    /// pending, has an import id at most this.
    public func maxImportID() throws -> Int64 {
        // Below the first pending import: its rollups may be committed before its rows (and with
        // shards, rows on some shards before others), and ids complete out of order. Under the
        // month-end lock none is pending (`discardAbandonedImports`).
        try db.query("""
            SELECT coalesce(min(import_id) FILTER (WHERE state = 'pending') - 1, max(import_id), 0) FROM imports
            """).onlyRow().int64(0)
    }

    /// What a run of `period` reads from the fact tables: row counts, sums and the newest import
    /// id per dataset (from the rollups), and the FX rates.
    public func factSummary(_ period: Period, maxImportID: Int64) throws -> FactSummary {
        try factSummary(period, adding: .empty, importsAbove: 0, upTo: maxImportID)
    }

    /// `base` (the summary up to import `importsAbove`) plus the rows of the imports after it, up to
    /// `maxImportID`: the same values as a summary over every row, reading only the new rollups.
    /// (PostgreSQL keeps the larger scale when it adds numerics, as a sum over all rows would.)
    public func factSummary(_ period: Period, adding base: FactSummary, importsAbove: Int64, upTo maxImportID: Int64)
        throws -> FactSummary {
        let bounds = [period.firstDay.description, period.next.firstDay.description, String(importsAbove), String(maxImportID)]
        let revenue = try db.query("""
            SELECT $5::bigint + coalesce(sum(rows), 0), $6::numeric + coalesce(sum(amount), 0),
                   $7::numeric + coalesce(sum(quantity), 0), greatest($8::bigint, max(import_id))
            FROM revenue_rollup WHERE date >= $1 AND date < $2 AND import_id > $3 AND import_id <= $4
            """, bounds + [String(base.revenue.rows), base.revenue.amount, base.revenue.quantity,
                           String(base.revenue.newestImport)]).onlyRow()
        let hours = try db.query("""
            SELECT $5::bigint + coalesce(sum(rows), 0), $6::numeric + coalesce(sum(hours), 0),
                   greatest($7::bigint, max(import_id))
            FROM hours_rollup WHERE date >= $1 AND date < $2 AND import_id > $3 AND import_id <= $4
            """, bounds + [String(base.hours.rows), base.hours.hours, String(base.hours.newestImport)]).onlyRow()
        let rates = try db.query("""
            SELECT from_currency, to_currency, rate::text FROM fx_rates
            WHERE period = $1 AND import_id <= $2 ORDER BY from_currency, to_currency
            """, [period.firstDay.description, String(maxImportID)]).rows.map {
            FactSummary.Rate(from: try $0.text(0), to: try $0.text(1), rate: try $0.text(2))
        }
        return FactSummary(
            revenue: .init(rows: try revenue.int64(0), amount: try revenue.text(1), quantity: try revenue.text(2),
                           newestImport: try revenue.int64(3)),
            hours: .init(rows: try hours.int64(0), hours: try hours.text(1), newestImport: try hours.int64(2)),
            fxRates: rates)
    }

    /// The held providers' ids.
    public func heldProviders() throws -> Set<String> {
        Set(try db.query("SELECT provider_id FROM providers WHERE on_hold").rows.map { try $0.text(0) })
    }

    /// Each provider's closing balance from its latest statement before `period`.
    public func openingBalances(before period: Period) throws -> [String: Rational] {
        var balances: [String: Rational] = [:]
        for row in try db.query("""
            SELECT DISTINCT ON (provider_id) provider_id, closing_balance FROM statements
            WHERE period < $1 ORDER BY provider_id, period DESC
            """, [period.firstDay.description]).rows {
            balances[try row.text(0)] = try row.rational(1)
        }
        return balances
    }

    /// Whether a closed period's statements are as they were closed: `nil` when they are, else a
    /// sentence saying they are not (a change made behind Settle's back, past its triggers).
    public func statementsTampered(in period: Period) throws -> String? {
        let row = try db.query("""
            SELECT statements_sha256, settle_statements_fingerprint(period) FROM periods WHERE period = $1 AND status = 'closed'
            """, [period.firstDay.description]).rows.first
        guard let row, row[0] != row[1] else { return nil }
        return "the stored statements of \(period) do not match their fingerprint taken when it was closed"
    }

    /// Whether the current run of a closed period still has the record its fingerprint was taken
    /// of: `nil` when it does, else a sentence saying it does not.
    public func runRecordTampered(in period: Period) throws -> String? {
        let row = try db.query("""
            SELECT r.run_id, r.fingerprint = encode(sha256(convert_to(settle_whole_record(r.inputs, r.contracts_of), 'UTF8')), 'hex')
                   AND (r.legacy_inputs IS NULL
                        OR r.legacy_fingerprint = encode(sha256(convert_to(r.legacy_inputs, 'UTF8')), 'hex'))
            FROM periods p JOIN runs r USING (run_id) WHERE p.period = $1
            """, [period.firstDay.description]).rows.first
        guard let row, try !row.bool(1) else { return nil }
        return "the record of what run \(try row.text(0)) read does not match its fingerprint"
    }

    public func status(of period: Period) throws -> PeriodStatus? {
        try db.query("SELECT status FROM periods WHERE period = $1", [period.firstDay.description]).scalar
            .flatMap(PeriodStatus.init(rawValue:))
    }

    /// The periods that have been computed or closed, oldest first.
    public func periodStatuses() throws -> [(Period, PeriodStatus)] {
        try db.query("SELECT to_char(period, 'YYYY-MM'), status FROM periods ORDER BY period").rows.map {
            (try $0.period(0), try $0.value(PeriodStatus.self, 1))
        }
    }

    /// The run whose statements the period holds now, with its whole record.
    public func currentRun(of period: Period) throws -> RunRecord? {
        guard let row = try db.query("""
            SELECT r.run_id, r.max_import_id, settle_whole_record(r.inputs, r.contracts_of), r.fingerprint, r.engine_version,
                   r.contract_versions
            FROM periods p JOIN runs r USING (run_id) WHERE p.period = $1
            """, [period.firstDay.description]).rows.first else { return nil }
        return RunRecord(runID: try row.int64(0), period: period, maxImportID: try row.int64(1),
                         inputs: try row.document(RecordedInputs.self, 2), fingerprint: try row.text(3),
                         engineVersion: try row.text(4), contractVersions: row[5] == nil ? nil : try row.int(5))
    }

    /// Records a run and removes the draft statements it replaces, before its statements are
    /// stored (`saveStatements`, as often as needed), its unsettled data (`saveUnsettled`) and the
    /// period points at it (`finishRun`). Call all four inside one transaction; the database
    /// refuses them for a closed period.
    ///
    /// - Parameter replacing: the providers whose draft statements this run replaces, the others
    ///   staying as they are (a re-run); `nil` replaces the whole draft, its unsettled data too.
    /// - Returns: the run, and the draft's totals without the statements removed (for `nil`,
    ///   nothing), for the run to count what it stores into.
    public func beginRun(period: Period, engineVersion: String, maxImportID: Int64, inputs: RecordedInputs,
                         contractVersions: Int, replacing: Set<String>? = nil) throws -> (record: RunRecord, totals: DraftTotals) {
        let document = try Canonical.encode(inputs)
        let month = period.firstDay.description
        // The fingerprint is taken where the record is stored, of the whole record (migration 23):
        // a whole record (2.5 MB at 20,000 providers) crosses the connection once, one by reference
        // not at all.
        let stored = try db.query("""
            INSERT INTO runs (period, engine_version, max_import_id, revenue_rows, hours_rows, fx_rows, inputs, fingerprint,
                              contract_versions, contracts_of)
            VALUES ($1, $2, $3, $4, $5, $6, $7, encode(sha256(convert_to(settle_whole_record($7, $9), 'UTF8')), 'hex'), $8, $9)
            RETURNING run_id, fingerprint
            """, [month, engineVersion, String(maxImportID), String(inputs.facts.revenue.rows), String(inputs.facts.hours.rows),
                  String(inputs.facts.fxRates.count), document, String(contractVersions),
                  inputs.contractsOf.map { String($0) }]).onlyRow()
        var totals = DraftTotals()
        if let replacing {
            totals = try draftTotals(of: period)
            // A statement's run_id is the run that computed it: the ones kept keep theirs (rewriting
            // 20,000 kept rows was 2.2 s of a re-run that recomputes 20 providers, issue 19).
            for row in try db.query("""
                DELETE FROM statements WHERE period = $1 AND provider_id = ANY($2::text[]) RETURNING payout, currency
                """, [month, textArray(replacing)]).rows {
                totals.count(statementPaying: Money(rounding: try row.rational(0), in: try row.currency(1), .halfEven), sign: -1)
            }
        } else {
            try db.query("DELETE FROM statements WHERE period = $1", [month])
            try db.query("DELETE FROM unsettled WHERE period = $1", [month])
        }
        let record = RunRecord(runID: try stored.int64(0), period: period, maxImportID: maxImportID, inputs: inputs,
                               fingerprint: try stored.text(1), engineVersion: engineVersion, contractVersions: contractVersions)
        return (record, totals)
    }

    /// Stores statements encoded beforehand (see `StatementRows`) as the draft's (their providers'
    /// earlier draft statements were removed by `beginRun`), counting them into `totals`.
    public func saveStatements(_ encoded: StatementRows, into totals: inout DraftTotals) throws {
        try db.copy("""
            COPY statements (provider_id, period, run_id, contract_id, currency, earnings, charges, period_net,
                             opening_balance, payout, closing_balance, due_date, on_hold, document) FROM STDIN
            """) { writer in
            for row in encoded.rows { try writer.write(row) }
        }
        totals.add(encoded.totals)
    }

    /// Makes `run` the period's current run, once its statements and unsettled data are stored,
    /// keeps the draft's `totals` beside it and logs it.
    ///
    /// - Parameters:
    ///   - recomputed: how many statements it stored.
    ///   - replaced: whether it replaced only some providers' statements (a re-run).
    public func finishRun(_ run: RunRecord, recomputed: Int, replaced: Bool, totals: DraftTotals) throws {
        try db.query("""
            INSERT INTO periods (period, status, run_id, draft_totals) VALUES ($1, 'computed', $2, $3)
            ON CONFLICT (period) DO UPDATE SET run_id = excluded.run_id, draft_totals = excluded.draft_totals
            """, [run.period.firstDay.description, String(run.runID), try Canonical.encode(totals)])
        let what = replaced ? "\(recomputed) statements recomputed after new rows or holds" : "\(recomputed) statements computed"
        try log("run", period: run.period,
                "run \(run.runID) (\(run.engineVersion)): \(what), fingerprint \(run.fingerprint.prefix(12))")
    }

    /// What the period's draft adds up to, as its last run kept it (`finishRun`), or counted from
    /// the tables for a draft computed before schema version 27.
    public func draftTotals(of period: Period) throws -> DraftTotals {
        guard let stored = try db.query("SELECT draft_totals FROM periods WHERE period = $1",
                                        [period.firstDay.description]).scalar else { return try countedDraftTotals(of: period) }
        return try Canonical.decode(DraftTotals.self, stored)
    }

    /// What the period's draft adds up to, counted from its statements and unsettled data.
    public func countedDraftTotals(of period: Period) throws -> DraftTotals {
        let totals = try payoutTotals(of: period)
        return DraftTotals(statements: totals.statements, payouts: totals.payouts, unsettled: try unsettledCounts(of: period))
    }

    /// The number of statements of a period and its payouts per currency (held and zero ones left out).
    func payoutTotals(of period: Period) throws -> (statements: Int, payouts: [Money]) {
        // One pass over the period's statements (a re-run of 20 providers spent 31 ms on each of two).
        var count = 0
        var payouts: [Money] = []
        for row in try db.query("""
            SELECT currency, count(*), sum(payout) FILTER (WHERE payout > 0) FROM statements WHERE period = $1
            GROUP BY currency ORDER BY currency
            """, [period.firstDay.description]).rows {
            count += try row.int(1)
            if row[2] != nil { payouts.append(Money(rounding: try row.rational(2), in: try row.currency(0), .halfEven)) }
        }
        return (count, payouts)
    }

    /// The period's statements as stored, ordered by provider.
    ///
    /// - Parameter providers: only these providers' statements; `nil` for all.
    public func statements(of period: Period, providers: Set<String>? = nil) throws -> [StoredStatement] {
        try db.query("""
            SELECT document, earnings, charges, period_net, opening_balance, payout, closing_balance, on_hold
            FROM statements WHERE period = $1 AND ($2::text[] IS NULL OR provider_id = ANY($2::text[])) ORDER BY provider_id
            """, [period.firstDay.description, providers.map(textArray)]).rows.concurrentMap { row in
            StoredStatement(statement: try row.document(Statement.self, 0), document: try row.text(0),
                            columns: row.values[1...].map { $0 ?? "" })
        }
    }

    /// The period's statements, decoded, ordered by provider; unlike `statements(of:providers:)`
    /// the stored JSON is not kept beside them (66 MB at 20,000 providers).
    ///
    /// - Parameters:
    ///   - type: what each document is decoded as: a `Statement`, or a reader that takes only the
    ///     keys it needs of one (decoding 20,000 whole statements was half of `settle report`).
    ///   - payableOnly: only those with a payout above zero and not on hold
    ///     (`Statement.isPayable()`), as a payout file pays.
    ///
    ///   - page: how many documents are read at a time (by provider), so that the stored text of
    ///     the period is never held whole; call inside a transaction (a snapshot, for an open
    ///     period) for one consistent read.
    public func decodedStatements<T: Decodable & Sendable>(of period: Period, as type: T.Type = Statement.self,
                                                           payableOnly: Bool = false, page: Int = 2_000) throws -> [T] {
        var decoded: [T] = []
        try decodedStatements(of: period, as: type, payableOnly: payableOnly, page: page) { decoded += $0 }
        return decoded
    }

    /// As `decodedStatements(of:as:payableOnly:page:)`, handing each page to `body` as it is
    /// decoded, so that what a caller keeps of the statements can be less than the statements.
    /// A page is decoded on other threads while the next is read and `body` takes the one before
    /// (at most two pages decoded and one read are held at once).
    public func decodedStatements<T: Decodable & Sendable>(of period: Period, as type: T.Type, payableOnly: Bool = false,
                                                           page: Int = 2_000, _ body: ([T]) throws -> Void) throws {
        var after = ""
        var decoding: BackgroundJob<[T]>?
        while true {
            let rows = try db.query("""
                SELECT provider_id, document FROM statements
                WHERE period = $1 AND (NOT $2::boolean OR (payout > 0 AND NOT on_hold)) AND provider_id > $3
                ORDER BY provider_id LIMIT $4
                """, [period.firstDay.description, payableOnly ? "true" : "false", after, String(page)]).rows
            let previous = decoding
            decoding = rows.isEmpty ? nil : .started { try rows.concurrentMap { row in try row.document(T.self, 1) } }
            if let previous { try body(try previous.wait()!) }
            guard let last = rows.last else { return }
            after = try last.text(0)
        }
    }

    /// The providers with a statement of the period, ordered as `statements(of:)` orders them.
    public func statementProviders(of period: Period) throws -> [String] {
        try db.query("SELECT provider_id FROM statements WHERE period = $1 ORDER BY provider_id",
                     [period.firstDay.description]).rows.map { try $0.text(0) }
    }

    /// Marks a computed period closed; from then on the database refuses any change to it.
    ///
    /// - Parameter early: the period's last day had not passed (recorded).
    public func markClosed(_ period: Period, early: Bool) throws {
        Failpoint.reached("close.marking")
        try db.query("""
            UPDATE periods SET status = 'closed', closed_at = now(), closed_early = $2,
                               statements_sha256 = settle_statements_fingerprint($1)
            WHERE period = $1 AND status = 'computed'
            """, [period.firstDay.description, early ? "true" : "false"])
        try log("close", period: period, early ? "closed early, before its last day had passed" : "closed")
    }

    /// Serialises runs and closes: a second one waits for the first to commit, and both wait for
    /// imports, contract loads and hold changes in progress (`holdOffMonthEnd`), which wait for them
    /// in turn. So everything a run reads holds still while it runs, and every import id up to the
    /// newest it sees is committed (ids are taken before an import's COPY, so without this an
    /// import could commit below a run's newest id after the run).
    ///
    /// - Parameter waiting: called once, before waiting, when the lock is not free at once.
    func lockMonthEnd(waiting: () -> Void = {}) throws {
        if try db.query("SELECT pg_try_advisory_xact_lock($1)", [String(LockKey.monthEnd)]).scalar == "t" { return }
        waiting()
        try db.query("SELECT pg_advisory_xact_lock($1)", [String(LockKey.monthEnd)])
    }

    /// Keeps runs and closes out until this transaction ends (a shared hold on their lock; these
    /// writers do not wait for each other).
    func holdOffMonthEnd() throws {
        try db.query("SELECT pg_advisory_xact_lock_shared($1)", [String(LockKey.monthEnd)])
    }
}

/// Statements of a run encoded as the rows `saveStatements` copies: the part of storing them that
/// needs no connection, so that a run can encode one batch while the connection reads the next.
public struct StatementRows: Sendable {
    fileprivate let rows: [[UInt8]]
    /// The statements and their payouts, counted.
    fileprivate var totals = DraftTotals()

    public var count: Int { rows.count }

    /// Encoded on both cores: the documents of 20,000 statements are 68 MB.
    public init(_ statements: [Statement], of run: RunRecord) throws {
        let month = run.period.firstDay.description
        let runID = String(run.runID)
        rows = try statements.concurrentMap { statement in
            CopyText.row([statement.provider.id, month, runID, statement.contract, statement.currency.code,
                          statement.earnings.description, statement.charges.description,
                          statement.periodNet.description, statement.openingBalance.description,
                          statement.payout.description, statement.closingBalance.description,
                          statement.dueDate.description, statement.onHold ? "t" : "f", try StatementDocument.json(statement)])
        }
        for statement in statements { totals.count(statementPaying: statement.payout, sign: 1) }
    }
}

/// A statement as stored: the decoded document, its exact JSON, and the summary columns beside it.
public struct StoredStatement: Sendable {
    public let statement: Statement
    public let document: String
    /// earnings, charges, period_net, opening_balance, payout, closing_balance, on_hold as stored.
    public let columns: [String]

    /// The summary columns the statement itself implies (to catch a column changed behind its back).
    public static func columns(of statement: Statement) -> [String] {
        [statement.earnings, statement.charges, statement.periodNet, statement.openingBalance, statement.payout,
         statement.closingBalance].map(\.description) + [statement.onHold ? "t" : "f"]
    }
}

extension Store {
    /// The period of a provider's latest statement before `period`: where its opening balance
    /// comes from (`nil` in its first period).
    public func openingBalanceSource(of provider: String, before period: Period) throws -> Period? {
        try db.query("""
            SELECT to_char(period, 'YYYY-MM') FROM statements WHERE provider_id = $1 AND period < $2
            ORDER BY period DESC LIMIT 1
            """, [provider, period.firstDay.description]).scalar.flatMap(Period.init)
    }
}
