/// The schema, as numbered migrations. Each runs in its own transaction, once; a released
/// migration is never edited, a change is a new one.
///
/// Design for month end: facts are one table per dataset with one key, `ref` (migration 17), and
/// their rollups are range-partitioned by month on the date (so a period's work reads only its
/// own partitions). Rollup partitions are created by the import that first needs them.
enum Migrations {
    struct Migration: Sendable {
        let version: Int
        let name: String
        let sql: SQL
        /// Work on the data that SQL cannot do well, run after `sql` in the same transaction.
        var convert: (@Sendable (PostgresConnection) throws -> Void)? = nil
    }

    static let all: [Migration] = [
        Migration(version: 1, name: "store", sql: """
            CREATE TABLE providers (
                provider_id   text PRIMARY KEY,
                name          text NOT NULL,
                country       text NOT NULL,
                on_hold       boolean NOT NULL DEFAULT false,
                hold_reason   text,
                hold_changed  timestamptz
            );

            -- Every hold and release, for the record.
            CREATE TABLE provider_hold_events (
                provider_id   text NOT NULL REFERENCES providers,
                event_id      bigint GENERATED ALWAYS AS IDENTITY,
                on_hold       boolean NOT NULL,
                reason        text,
                at            timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (provider_id, event_id)
            );

            -- A contract version is immutable once loaded (enforced below); amendments are new versions.
            CREATE TABLE contract_versions (
                provider_id   text NOT NULL REFERENCES providers,
                contract_id   text NOT NULL,
                version       integer NOT NULL CHECK (version >= 1),
                currency      text NOT NULL,
                effective     date NOT NULL,
                content       text NOT NULL,   -- canonical JSON of the parsed contract
                content_hash  text NOT NULL,   -- SHA-256 of content, hex
                source_file   text NOT NULL,
                source_text   text NOT NULL,   -- the file as the partner manager wrote it
                loaded_at     timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (provider_id, contract_id, version)
            );
            CREATE UNIQUE INDEX contract_versions_id ON contract_versions (contract_id, version);

            CREATE TABLE payer (
                singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                content       text NOT NULL,
                content_hash  text NOT NULL,
                source_file   text NOT NULL,
                loaded_at     timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE imports (
                import_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                dataset       text NOT NULL CHECK (dataset IN ('revenue', 'compute_hours', 'fx_rates')),
                file_name     text NOT NULL,
                rows_read     bigint NOT NULL,
                rows_new      bigint NOT NULL,
                rows_present  bigint NOT NULL,
                imported_at   timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE revenue (
                provider_id   text NOT NULL,
                date          date NOT NULL,
                ref           text NOT NULL,
                stream        text NOT NULL,
                quantity      numeric NOT NULL,
                amount        numeric NOT NULL,
                currency      text NOT NULL,
                role          text,
                customer      text,
                import_id     bigint NOT NULL,
                PRIMARY KEY (provider_id, date, ref)
            ) PARTITION BY RANGE (date);
            CREATE INDEX revenue_ref ON revenue (ref);

            CREATE TABLE compute_hours (
                provider_id   text NOT NULL,
                date          date NOT NULL,
                ref           text NOT NULL,
                hours         numeric NOT NULL CHECK (hours >= 0),
                gpu_type      text,
                import_id     bigint NOT NULL,
                PRIMARY KEY (provider_id, date, ref)
            ) PARTITION BY RANGE (date);
            CREATE INDEX compute_hours_ref ON compute_hours (ref);

            CREATE TABLE fx_rates (
                period        date NOT NULL CHECK (extract(day FROM period) = 1),
                from_currency text NOT NULL,
                to_currency   text NOT NULL,
                rate          numeric NOT NULL CHECK (rate > 0),
                import_id     bigint NOT NULL,
                PRIMARY KEY (period, from_currency, to_currency)
            );

            -- Facts and contract versions are never updated or deleted: corrections arrive as new rows.
            CREATE FUNCTION settle_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% rows are never changed or deleted', TG_TABLE_NAME
                    USING ERRCODE = 'integrity_constraint_violation';
            END $$;
            CREATE TRIGGER contract_versions_immutable BEFORE UPDATE OR DELETE ON contract_versions
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER revenue_immutable BEFORE UPDATE OR DELETE ON revenue
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER compute_hours_immutable BEFORE UPDATE OR DELETE ON compute_hours
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER fx_rates_immutable BEFORE UPDATE OR DELETE ON fx_rates
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            """),
        Migration(version: 2, name: "settlement", sql: """
            -- One row per computed or closed period; a closed period never reopens.
            CREATE TABLE periods (
                period        date PRIMARY KEY CHECK (extract(day FROM period) = 1),
                status        text NOT NULL CHECK (status IN ('computed', 'closed')),
                run_id        bigint NOT NULL,
                closed_at     timestamptz
            );

            -- What each run read, so that `close` can tell whether anything changed since and
            -- `verify` can recompute a closed period from exactly the same inputs.
            CREATE TABLE runs (
                run_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                period          date NOT NULL,
                started_at      timestamptz NOT NULL DEFAULT now(),
                engine_version  text NOT NULL,
                max_import_id   bigint NOT NULL,   -- every fact row the run read has import_id <= this
                revenue_rows    bigint NOT NULL,
                hours_rows      bigint NOT NULL,
                fx_rows         bigint NOT NULL,
                inputs          text NOT NULL,     -- canonical summary: counts, sums, contracts and hashes, holds, balances
                fingerprint     text NOT NULL      -- SHA-256 of inputs
            );

            -- The statements of a period: a draft until the period is closed, then frozen.
            CREATE TABLE statements (
                provider_id     text NOT NULL,
                period          date NOT NULL,
                run_id          bigint NOT NULL REFERENCES runs,
                contract_id     text NOT NULL,
                currency        text NOT NULL,
                earnings        numeric NOT NULL,
                charges         numeric NOT NULL,
                period_net      numeric NOT NULL,
                opening_balance numeric NOT NULL,
                payout          numeric NOT NULL,
                closing_balance numeric NOT NULL,
                due_date        date NOT NULL,
                on_hold         boolean NOT NULL,
                document        text NOT NULL,     -- canonical JSON of the whole statement, lines included
                PRIMARY KEY (provider_id, period)
            );
            CREATE INDEX statements_period ON statements (period);

            CREATE FUNCTION settle_refuse_closed_change() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                touched date := CASE WHEN TG_OP = 'DELETE' THEN OLD.period ELSE NEW.period END;
            BEGIN
                IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM periods WHERE period = OLD.period AND status = 'closed')
                   OR EXISTS (SELECT 1 FROM periods WHERE period = touched AND status = 'closed') THEN
                    RAISE EXCEPTION 'period % is closed; its statements can no longer change', to_char(touched, 'YYYY-MM')
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$;
            CREATE TRIGGER statements_frozen_when_closed BEFORE INSERT OR UPDATE OR DELETE ON statements
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_closed_change();

            CREATE FUNCTION settle_refuse_reopen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' OR OLD.status = 'closed' THEN
                    RAISE EXCEPTION 'period % is closed and stays closed', to_char(OLD.period, 'YYYY-MM')
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER periods_stay_closed BEFORE UPDATE OR DELETE ON periods
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_reopen();
            CREATE TRIGGER runs_immutable BEFORE UPDATE OR DELETE ON runs
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            """),
        Migration(version: 3, name: "payout files", sql: """
            -- Every payout file written, first issue and reissues alike.
            CREATE TABLE payout_files (
                period        date NOT NULL,
                issue         integer NOT NULL CHECK (issue >= 1),
                message_id    text NOT NULL UNIQUE,
                file_path     text NOT NULL,
                file_sha256   text NOT NULL,
                transactions  integer NOT NULL,
                control_sum   numeric NOT NULL,
                reissue       boolean NOT NULL,
                written_at    timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (period, issue)
            );
            CREATE TRIGGER payout_files_immutable BEFORE UPDATE OR DELETE ON payout_files
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            """),
        Migration(version: 4, name: "rollups", sql: """
            -- Per provider, day, stream, currency, role and import: kept current by each import in its
            -- own transaction, so that a run reads these sums and never the raw rows. The import id
            -- stays in the key so that verify can still read exactly the rows a run read.
            CREATE TABLE revenue_rollup (
                provider_id   text NOT NULL,
                date          date NOT NULL,
                stream        text NOT NULL,
                currency      text NOT NULL,
                role          text NOT NULL,     -- '' for rows without a role
                import_id     bigint NOT NULL,
                quantity      numeric NOT NULL,
                amount        numeric NOT NULL,
                rows          bigint NOT NULL,
                PRIMARY KEY (provider_id, date, stream, currency, role, import_id)
            ) PARTITION BY RANGE (date);

            CREATE TABLE hours_rollup (
                provider_id   text NOT NULL,
                date          date NOT NULL,
                gpu_type      text NOT NULL,     -- '' for rows without a GPU type
                import_id     bigint NOT NULL,
                hours         numeric NOT NULL,
                rows          bigint NOT NULL,
                PRIMARY KEY (provider_id, date, gpu_type, import_id)
            ) PARTITION BY RANGE (date);

            DO $$
            DECLARE part record;
            BEGIN
                FOR part IN SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, p.relname AS parent
                            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                            WHERE p.relname IN ('revenue', 'compute_hours') LOOP
                    EXECUTE format('CREATE TABLE %I PARTITION OF %I %s',
                        CASE part.parent WHEN 'revenue' THEN replace(part.name, 'revenue_p', 'revenue_rollup_p')
                                         ELSE replace(part.name, 'compute_hours_p', 'hours_rollup_p') END,
                        CASE part.parent WHEN 'revenue' THEN 'revenue_rollup' ELSE 'hours_rollup' END,
                        part.bound);
                END LOOP;
            END $$;

            INSERT INTO revenue_rollup
            SELECT provider_id, date, stream, currency, coalesce(role, ''), import_id, sum(quantity), sum(amount), count(*)
            FROM revenue GROUP BY provider_id, date, stream, currency, coalesce(role, ''), import_id;
            INSERT INTO hours_rollup
            SELECT provider_id, date, coalesce(gpu_type, ''), import_id, sum(hours), count(*)
            FROM compute_hours GROUP BY provider_id, date, coalesce(gpu_type, ''), import_id;
            """),
        Migration(version: 5, name: "incremental runs", sql: """
            -- How many contract versions were stored when the run read them (versions are never
            -- deleted, so an equal count means none was added). While it and everything else a run
            -- read stays the same, a re-run recomputes only the providers with new rows.
            ALTER TABLE runs ADD COLUMN contract_versions integer;

            -- Find the rows of one import without reading the others: facts are only ever
            -- appended, so import ids grow with the pages, and a BRIN index costs next to nothing.
            -- (An import's check for refs stored before read the whole partition: 2.5 s for
            -- 5,000 late rows beside 10M.)
            CREATE INDEX revenue_import ON revenue USING brin (import_id) WITH (autosummarize = on);
            CREATE INDEX compute_hours_import ON compute_hours USING brin (import_id) WITH (autosummarize = on);
            -- The rollups of imports newer than a run, for a re-run. A B-tree: on the much smaller
            -- rollups it costs little, and the planner estimates it well (it passed over a BRIN
            -- index for a 70 ms scan where the index took 7 ms).
            CREATE INDEX revenue_rollup_import ON revenue_rollup (import_id);
            CREATE INDEX hours_rollup_import ON hours_rollup (import_id);

            -- Statement documents (about 4 KB of JSON each) compressed with lz4 rather than pglz:
            -- storing a re-run's 2,000 statements went from 316 ms to 220 ms.
            ALTER TABLE statements ALTER COLUMN document SET COMPRESSION lz4;

            -- What the engine read for an open period's draft: revenue and hours summed per provider
            -- and contract window (role and GPU type '' when absent). Written by each run in its own
            -- transaction; a re-run adds the newer imports' rollups for the providers they concern
            -- instead of summing the month again. Dropped when the period closes.
            CREATE TABLE draft_revenue_sums (
                period        date NOT NULL,
                provider_id   text NOT NULL,
                window_first  date NOT NULL,
                stream        text NOT NULL,
                currency      text NOT NULL,
                role          text NOT NULL,
                quantity      numeric NOT NULL,
                amount        numeric NOT NULL,
                PRIMARY KEY (period, provider_id, window_first, stream, currency, role)
            );
            CREATE TABLE draft_hours_sums (
                period        date NOT NULL,
                provider_id   text NOT NULL,
                window_first  date NOT NULL,
                gpu_type      text NOT NULL,
                hours         numeric NOT NULL,
                PRIMARY KEY (period, provider_id, window_first, gpu_type)
            );
            """),
        Migration(version: 6, name: "early closes and hour reversals", sql: """
            -- A period closed before its last day had passed (`settle close --early`), on record.
            ALTER TABLE periods ADD COLUMN closed_early boolean NOT NULL DEFAULT false;

            -- Over-reported hours are corrected by reversal rows with negative hours; what must
            -- never be negative is a provider's total in a window, which the run checks.
            ALTER TABLE compute_hours DROP CONSTRAINT compute_hours_hours_check;
            """),
        Migration(version: 7, name: "unsettled data", sql: """
            -- How many rows each draft window sum adds up, for the unsettled data (engine version 2
            -- recomputes drafts from scratch once, filling it).
            ALTER TABLE draft_revenue_sums ADD COLUMN rows bigint NOT NULL DEFAULT 0;
            ALTER TABLE draft_hours_sums ADD COLUMN rows bigint NOT NULL DEFAULT 0;

            -- The facts of a period that count for nothing, per provider, as its current run found
            -- them (docs/REFERENCE.md §4): frozen with the period, like its statements.
            CREATE TABLE unsettled (
                period        date NOT NULL,
                provider_id   text NOT NULL,
                reason        text NOT NULL CHECK (reason IN ('stream_not_read', 'role_not_listed', 'outside_windows',
                                                              'hours_not_read', 'no_rows')),
                subject       text NOT NULL,
                currency      text NOT NULL,     -- '' for compute hours and for no rows
                rows          bigint NOT NULL,
                quantity      numeric NOT NULL,
                amount        numeric NOT NULL,
                hours         numeric NOT NULL,
                PRIMARY KEY (period, provider_id, reason, subject, currency)
            );
            CREATE TRIGGER unsettled_frozen_when_closed BEFORE INSERT OR UPDATE OR DELETE ON unsettled
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_closed_change();
            """),
        Migration(version: 8, name: "no truncation, rollups immutable", sql: """
            -- Row triggers do not fire on TRUNCATE: every table that holds money or its proof refuses
            -- it with a statement trigger (each monthly partition gets its own when it is created,
            -- since TRUNCATE of a partition does not fire its parent's).
            CREATE FUNCTION settle_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is never truncated: it holds money or its proof', TG_TABLE_NAME
                    USING ERRCODE = 'integrity_constraint_violation';
            END $$;
            DO $$
            DECLARE target record;
            BEGIN
                FOR target IN
                    SELECT c.oid::regclass AS name FROM pg_class c
                    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                      AND (c.relname IN ('revenue', 'compute_hours', 'fx_rates', 'contract_versions', 'payer', 'imports',
                                         'providers', 'provider_hold_events', 'periods', 'runs', 'statements',
                                         'payout_files', 'revenue_rollup', 'hours_rollup', 'unsettled')
                           OR c.oid IN (SELECT inhrelid FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                                        WHERE p.relname IN ('revenue', 'compute_hours', 'revenue_rollup', 'hours_rollup')))
                LOOP
                    EXECUTE format('CREATE TRIGGER never_truncated BEFORE TRUNCATE ON %s FOR EACH STATEMENT '
                                   'EXECUTE FUNCTION settle_refuse_truncate()', target.name);
                END LOOP;
            END $$;

            -- The rollups are what runs read: like the rows they sum, they are only ever appended.
            CREATE TRIGGER revenue_rollup_immutable BEFORE UPDATE OR DELETE ON revenue_rollup
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER hours_rollup_immutable BEFORE UPDATE OR DELETE ON hours_rollup
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            """),
        Migration(version: 9, name: "payout files written in two steps", sql: """
            -- A payout file is recorded with its exact text before it is moved into place, and
            -- confirmed once it is: a write whose confirmation never arrived (a lost connection, a
            -- kill) is completed by the next `settle payouts` with the same bytes and message id,
            -- never followed by a second file.
            ALTER TABLE payout_files ADD COLUMN document text;
            CREATE TABLE payout_file_writes (
                period        date NOT NULL,
                issue         integer NOT NULL,
                written_at    timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (period, issue),
                FOREIGN KEY (period, issue) REFERENCES payout_files
            );
            -- Files recorded before this migration were written in the recording transaction.
            INSERT INTO payout_file_writes (period, issue, written_at) SELECT period, issue, written_at FROM payout_files;
            CREATE TRIGGER payout_file_writes_immutable BEFORE UPDATE OR DELETE ON payout_file_writes
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON payout_file_writes
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            """),
        Migration(version: 10, name: "statements fingerprinted at close", sql: """
            -- SHA-256 over a closed period's statements as they were closed (`Store.statementsFingerprint`):
            -- payouts (and later invoices) check it before writing anything, and verify reports a change.
            -- Independent of the session's settings: the date written YYYY-MM-DD (not by DateStyle),
            -- the order by byte (not by the database's collation).
            CREATE FUNCTION settle_statements_fingerprint(closed date) RETURNS text LANGUAGE sql STABLE AS $$
                SELECT encode(sha256(convert_to(coalesce(string_agg(concat_ws(E'\\x1f', provider_id, contract_id, currency,
                    earnings::text, charges::text, period_net::text, opening_balance::text, payout::text, closing_balance::text,
                    to_char(due_date, 'YYYY-MM-DD'), on_hold::text, document),
                    E'\\x1e' ORDER BY provider_id COLLATE "C"), ''), 'UTF8')), 'hex')
                FROM statements WHERE period = closed
            $$;
            ALTER TABLE periods ADD COLUMN statements_sha256 text;
            ALTER TABLE periods DISABLE TRIGGER periods_stay_closed;
            UPDATE periods SET statements_sha256 = settle_statements_fingerprint(period) WHERE status = 'closed';
            ALTER TABLE periods ENABLE TRIGGER periods_stay_closed;
            """),
        Migration(version: 11, name: "audit log", sql: """
            -- Every change of state, who made it and when (docs/REFERENCE.md §11): written in the transaction of
            -- the change itself, and never changed, deleted or truncated.
            CREATE TABLE audit_log (
                entry_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at            timestamptz NOT NULL DEFAULT now(),
                db_role       text NOT NULL DEFAULT session_user,
                os_user       text NOT NULL,
                action        text NOT NULL,
                period        date,
                provider_id   text,
                details       text NOT NULL
            );
            CREATE INDEX audit_log_period ON audit_log (period);
            CREATE INDEX audit_log_provider ON audit_log (provider_id);
            CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            """),
        Migration(version: 12, name: "four eyes", sql: """
            -- Who ran each run, and the approvals of runs by a second database role (docs/REFERENCE.md §11): an
            -- approval names its run, so a new run of the period leaves it behind.
            ALTER TABLE runs ADD COLUMN run_by text NOT NULL DEFAULT session_user;
            CREATE TABLE approvals (
                run_id        bigint NOT NULL REFERENCES runs,
                period        date NOT NULL,
                approved_by   text NOT NULL DEFAULT session_user,
                os_user       text NOT NULL,
                at            timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (run_id, approved_by)
            );
            CREATE TRIGGER approvals_immutable BEFORE UPDATE OR DELETE ON approvals
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON approvals
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            """),
        Migration(version: 13, name: "a period's run is a run", sql: """
            ALTER TABLE periods ADD CONSTRAINT periods_run_id_fkey FOREIGN KEY (run_id) REFERENCES runs;
            """),
        Migration(version: 14, name: "typed run records", sql: """
            -- What a run read becomes canonical JSON (`RecordedInputs`), fingerprinted from that.
            -- Each run recorded before keeps its text and fingerprint beside it, as the proof it was;
            -- the conversion refuses any text it cannot render back exactly.
            ALTER TABLE runs RENAME COLUMN inputs TO legacy_inputs;
            ALTER TABLE runs RENAME COLUMN fingerprint TO legacy_fingerprint;
            ALTER TABLE runs ALTER COLUMN legacy_inputs DROP NOT NULL;
            ALTER TABLE runs ALTER COLUMN legacy_fingerprint DROP NOT NULL;
            ALTER TABLE runs ADD COLUMN inputs text;
            ALTER TABLE runs ADD COLUMN fingerprint text;
            """, convert: LegacyRunInputs.convertStoredRuns),
        Migration(version: 15, name: "bank feedback", sql: """
            -- Each transaction of a recorded payout file, and where it stands at the bank (docs/REFERENCE.md §9):
            -- a transfer is `sent` from its file's record; every later state is a row of transfer_state_changes
            -- made by an imported bank file. All of it is only ever appended.
            CREATE TABLE payout_transfers (
                message_id      text NOT NULL REFERENCES payout_files (message_id),
                end_to_end_id   text NOT NULL,
                period          date NOT NULL,
                issue           integer NOT NULL,
                payment_block   text NOT NULL,
                instruction_id  text NOT NULL,
                provider_id     text NOT NULL,
                amount          numeric NOT NULL CHECK (amount > 0),
                currency        text NOT NULL,
                PRIMARY KEY (message_id, end_to_end_id),
                FOREIGN KEY (period, issue) REFERENCES payout_files
            );
            CREATE INDEX payout_transfers_end_to_end ON payout_transfers (end_to_end_id);
            CREATE INDEX payout_transfers_period ON payout_transfers (period);

            -- Every bank file imported, with its exact bytes; a file is known again by its SHA-256 or
            -- by its message id.
            CREATE TABLE bank_files (
                bank_file_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                message_type         text NOT NULL CHECK (message_type IN ('pain.002.001.10', 'pain.002.001.03', 'camt.054.001.08')),
                message_id           text NOT NULL,
                original_message_id  text,
                file_path            text NOT NULL,
                file_sha256          text NOT NULL UNIQUE,
                document             bytea NOT NULL,
                matched              integer NOT NULL,
                changes              integer NOT NULL,
                ignored              integer NOT NULL,
                unmatched            integer NOT NULL,
                imported_at          timestamptz NOT NULL DEFAULT now(),
                UNIQUE (message_type, message_id)
            );

            -- Each state a bank file gave a transfer; `applied` false for a backwards move (recorded,
            -- and the state stays).
            CREATE TABLE transfer_state_changes (
                change_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                message_id      text NOT NULL,
                end_to_end_id   text NOT NULL,
                bank_file_id    bigint NOT NULL REFERENCES bank_files,
                state           text NOT NULL CHECK (state IN ('accepted', 'settled', 'rejected', 'returned')),
                status_code     text NOT NULL,
                reason_code     text,
                applied         boolean NOT NULL,
                at              timestamptz NOT NULL DEFAULT now(),
                FOREIGN KEY (message_id, end_to_end_id) REFERENCES payout_transfers
            );
            CREATE INDEX transfer_state_changes_transfer ON transfer_state_changes (message_id, end_to_end_id);

            -- What a bank file reported that matched no transfer, or matched one with another amount.
            CREATE TABLE bank_unmatched (
                bank_file_id    bigint NOT NULL REFERENCES bank_files,
                item            integer NOT NULL,
                problem         text NOT NULL,
                reference       text,
                end_to_end_id   text,
                amount          numeric,
                currency        text,
                details         text NOT NULL,
                PRIMARY KEY (bank_file_id, item)
            );

            CREATE TRIGGER payout_transfers_immutable BEFORE UPDATE OR DELETE ON payout_transfers
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER bank_files_immutable BEFORE UPDATE OR DELETE ON bank_files
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER transfer_state_changes_immutable BEFORE UPDATE OR DELETE ON transfer_state_changes
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER bank_unmatched_immutable BEFORE UPDATE OR DELETE ON bank_unmatched
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON payout_transfers
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON bank_files
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON transfer_state_changes
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON bank_unmatched
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            """, convert: PayoutTransferBackfill.fromRecordedDocuments),
        Migration(version: 16, name: "self-billed invoices", sql: """
            -- Self-billed invoices (docs/REFERENCE.md §10): one gap-free series of numbers per provider and
            -- year. A number is given once, with its issue date and its invoice's exact text, and is
            -- never changed, deleted or reused: writing a period's invoices again writes these bytes.
            CREATE TABLE invoices (
                provider_id      text NOT NULL,
                year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
                sequence         integer NOT NULL CHECK (sequence BETWEEN 1 AND 99999),
                number           text NOT NULL UNIQUE,
                period           date NOT NULL CHECK (extract(day FROM period) = 1),
                issue_date       date NOT NULL,
                document_type    text NOT NULL CHECK (document_type IN ('Invoice', 'CreditNote')),
                document         text NOT NULL,
                html             text NOT NULL,
                document_sha256  text NOT NULL,
                recorded_at      timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (provider_id, year, sequence),
                UNIQUE (provider_id, period),
                CHECK (extract(year FROM period) = year)
            );

            -- Gap-free in the database itself: a number is only ever the next of its series.
            CREATE FUNCTION settle_invoice_next_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.sequence <> (SELECT coalesce(max(sequence), 0) + 1 FROM invoices
                                    WHERE provider_id = NEW.provider_id AND year = NEW.year) THEN
                    RAISE EXCEPTION 'invoice % is not the next number of its series', NEW.number
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER invoices_next_only BEFORE INSERT ON invoices
                FOR EACH ROW EXECUTE FUNCTION settle_invoice_next_only();
            CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON invoices
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            """),
        Migration(version: 17, name: "one key per fact table", sql: """
            -- An idempotent import needs one unique key on `ref`, across all months (issue 19). A
            -- table partitioned by month cannot have it (a partition's key must hold the date), so
            -- each import checked every new ref against every month after its COPY. The facts are
            -- one table again, keyed by ref alone: PostgreSQL refuses a re-sent or conflicting ref
            -- while it writes the row, at the cost of the one index that guarantee needs, and the
            -- key (provider_id, date, ref) and the index on ref go. Runs read the rollups (still
            -- partitioned by month); what reads rows by day or import finds them through BRIN
            -- indexes, which cost next to nothing because facts are only appended, month by month.
            -- Rows are copied in import order, so that those indexes stay tight.
            CREATE TABLE revenue_facts (LIKE revenue INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
            INSERT INTO revenue_facts SELECT * FROM revenue ORDER BY import_id;
            DROP TABLE revenue;
            ALTER TABLE revenue_facts RENAME TO revenue;
            ALTER TABLE revenue ADD PRIMARY KEY (ref);
            CREATE INDEX revenue_import ON revenue USING brin (import_id) WITH (autosummarize = on);
            CREATE INDEX revenue_date ON revenue USING brin (date) WITH (autosummarize = on);
            CREATE TRIGGER revenue_immutable BEFORE UPDATE OR DELETE ON revenue
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON revenue
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();

            CREATE TABLE compute_hours_facts (LIKE compute_hours INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
            INSERT INTO compute_hours_facts SELECT * FROM compute_hours ORDER BY import_id;
            DROP TABLE compute_hours;
            ALTER TABLE compute_hours_facts RENAME TO compute_hours;
            ALTER TABLE compute_hours ADD PRIMARY KEY (ref);
            CREATE INDEX compute_hours_import ON compute_hours USING brin (import_id) WITH (autosummarize = on);
            CREATE INDEX compute_hours_date ON compute_hours USING brin (date) WITH (autosummarize = on);
            CREATE TRIGGER compute_hours_immutable BEFORE UPDATE OR DELETE ON compute_hours
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON compute_hours
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();
            """),
        Migration(version: 18, name: "shards", sql: """
            -- The shard servers of a sharded database (docs/SCALE.md, docs/REFERENCE.md §12), in the order
            -- they were added: each month's partition of the facts and rollups is hashed by provider_id
            -- over them, remainder = position. Added before anything is loaded, never changed or removed
            -- (the modulus must never change under data).
            CREATE TABLE shards (
                name      text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,30}$'),
                position  integer NOT NULL UNIQUE CHECK (position >= 0),
                url       text NOT NULL,     -- as given: libpq URI or keyword string
                added_at  timestamptz NOT NULL DEFAULT now(),
                added_by  text NOT NULL DEFAULT session_user
            );
            CREATE TRIGGER shards_immutable BEFORE UPDATE OR DELETE ON shards
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_change();
            CREATE TRIGGER never_truncated BEFORE TRUNCATE ON shards
                FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_truncate();

            -- A shard's postgres_fdw server, the user mapping every role of the coordinator uses, and a
            -- foreign table of the shard's schema_migrations (how `settle shards check` asks the
            -- coordinator's server itself whether it reaches the shard). The options come from libpq's
            -- parse of the URL, as JSON objects; format() quotes them here, never the client.
            CREATE FUNCTION settle_create_shard_server(server name, server_options jsonb, user_options jsonb,
                                                       schema_table name) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                listed text;
            BEGIN
                SELECT string_agg(format('%I %L', key, value), ', ') INTO listed FROM jsonb_each_text(server_options);
                EXECUTE format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (%s)', server, listed);
                SELECT string_agg(format('%I %L', key, value), ', ') INTO listed FROM jsonb_each_text(user_options);
                EXECUTE format('CREATE USER MAPPING FOR PUBLIC SERVER %I', server)
                    || CASE WHEN listed IS NULL THEN '' ELSE format(' OPTIONS (%s)', listed) END;
                EXECUTE format('CREATE FOREIGN TABLE %I (version integer, name text) SERVER %I '
                               'OPTIONS (table_name %L)', schema_table, server, 'schema_migrations');
            END $$;
            """),
        Migration(version: 19, name: "pending imports", sql: """
            -- An import on shards is recorded `pending`, and committed so, before its rows reach them;
            -- it becomes `complete` in the transaction that stores them (docs/SCALE.md). postgres_fdw
            -- commits each shard in turn, without two-phase commit: a shard that fails after another
            -- has committed leaves rows of an import that never completed, which the next import, run
            -- or close deletes, with the record, before it reads anything.
            ALTER TABLE imports ADD COLUMN state text NOT NULL DEFAULT 'complete' CHECK (state IN ('pending', 'complete'));

            -- Facts and rollups stay immutable, with one door: on a shard, the rows of an import the
            -- coordinator never completed are deleted by a session that names that import in
            -- `settle.discard_import` (Store.discardImport).
            CREATE FUNCTION settle_refuse_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND OLD.import_id::text = current_setting('settle.discard_import', true) THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION '% rows are never changed or deleted', TG_TABLE_NAME
                    USING ERRCODE = 'integrity_constraint_violation';
            END $$;
            DROP TRIGGER revenue_immutable ON revenue;
            DROP TRIGGER compute_hours_immutable ON compute_hours;
            DROP TRIGGER revenue_rollup_immutable ON revenue_rollup;
            DROP TRIGGER hours_rollup_immutable ON hours_rollup;
            CREATE TRIGGER revenue_immutable BEFORE UPDATE OR DELETE ON revenue
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_fact_change();
            CREATE TRIGGER compute_hours_immutable BEFORE UPDATE OR DELETE ON compute_hours
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_fact_change();
            CREATE TRIGGER revenue_rollup_immutable BEFORE UPDATE OR DELETE ON revenue_rollup
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_fact_change();
            CREATE TRIGGER hours_rollup_immutable BEFORE UPDATE OR DELETE ON hours_rollup
                FOR EACH ROW EXECUTE FUNCTION settle_refuse_fact_change();
            """),
        Migration(version: 20, name: "no draft window sums", sql: """
            -- A re-run sums the rollups of the providers it recomputes straight from the rollups'
            -- primary key (provider first), which costs milliseconds; keeping every window's sums
            -- for it cost a full run a second write of the month's sums (5.5 s of 55 s at 20,000
            -- providers, issue 19).
            DROP TABLE draft_revenue_sums;
            DROP TABLE draft_hours_sums;
            """),
        Migration(version: 21, name: "closed periods guarded per statement", sql: """
            -- A closed period's statements and unsettled data are refused any change, as before, but
            -- checked once per SQL statement over its transition tables instead of once per row: the
            -- row trigger cost a run 140 us a row (47,000 unsettled rows: 7.1 s against 0.8 s;
            -- 20,000 statements: 5.1 s against 2.1 s; issue 19).
            CREATE FUNCTION settle_refuse_closed_rows() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                touched date;
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    SELECT o.period INTO touched FROM old_rows o JOIN periods p USING (period) WHERE p.status = 'closed' LIMIT 1;
                END IF;
                IF touched IS NULL AND TG_OP IN ('INSERT', 'UPDATE') THEN
                    SELECT n.period INTO touched FROM new_rows n JOIN periods p USING (period) WHERE p.status = 'closed' LIMIT 1;
                END IF;
                IF touched IS NOT NULL THEN
                    RAISE EXCEPTION 'period % is closed; its statements can no longer change', to_char(touched, 'YYYY-MM')
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NULL;
            END $$;
            DO $$
            DECLARE
                guarded text;
            BEGIN
                FOREACH guarded IN ARRAY ARRAY['statements', 'unsettled'] LOOP
                    EXECUTE format('DROP TRIGGER %I ON %I', guarded || '_frozen_when_closed', guarded);
                    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                                   'FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_closed_rows()', guarded || '_frozen_on_insert', guarded);
                    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                                   'FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_closed_rows()', guarded || '_frozen_on_update', guarded);
                    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                                   'FOR EACH STATEMENT EXECUTE FUNCTION settle_refuse_closed_rows()', guarded || '_frozen_on_delete', guarded);
                END LOOP;
            END $$;
            DROP FUNCTION settle_refuse_closed_change();
            """),
        Migration(version: 22, name: "draft window sums as of the run", sql: """
            -- Back, lighter than before migration 20: a run from scratch stores the window sums it
            -- read, as of its newest import, and no re-run rewrites them; a re-run adds the rollups
            -- of the imports since to the sums of the providers it recomputes, so that late rows of
            -- every provider cost a re-run the new rollups, not the month's (issue 7's target). No
            -- key on every column: an index on the provider is all a re-run needs, and the six-column
            -- key cost a run 4.4 s of 255,000 rows at 20,000 providers (2.1 s without it).
            CREATE TABLE draft_revenue_sums (
                period        date NOT NULL,
                provider_id   text NOT NULL,
                window_first  date NOT NULL,
                stream        text NOT NULL,
                currency      text NOT NULL,
                role          text NOT NULL,
                quantity      numeric NOT NULL,
                amount        numeric NOT NULL,
                rows          bigint NOT NULL
            );
            CREATE INDEX draft_revenue_sums_provider ON draft_revenue_sums (period, provider_id);
            CREATE TABLE draft_hours_sums (
                period        date NOT NULL,
                provider_id   text NOT NULL,
                window_first  date NOT NULL,
                gpu_type      text NOT NULL,
                hours         numeric NOT NULL,
                rows          bigint NOT NULL
            );
            CREATE INDEX draft_hours_sums_provider ON draft_hours_sums (period, provider_id);
            -- The newest import the period's stored window sums hold.
            CREATE TABLE draft_sums_as_of (
                period        date PRIMARY KEY,
                import_id     bigint NOT NULL
            );
            """),
        Migration(version: 23, name: "a re-run's record by reference", sql: """
            -- A re-run records the contract versions it read by reference: its `inputs` hold
            -- `"contractsOf":<run>` in place of the `"contracts":[...]` of that run's whole record
            -- (2.5 MB of 22,667 versions at 20,000 providers, issue 19), and everything else itself.
            -- The whole record is that run's text up to its `,"facts":` and this one's from it: a
            -- record holds `,"facts":` once, as its top-level key (keys are sorted, only `contracts`
            -- or `contractsOf` comes before it, `facts` is the first key of a late period's
            -- reading, and no JSON string holds a bare quote). `split_part` cuts by bytes (`left`
            -- and `strpos` count the characters of the 2.5 MB, three times slower). The
            -- fingerprint is of the whole record, as before: a re-run's equals a run's from scratch.
            ALTER TABLE runs ADD COLUMN contracts_of bigint REFERENCES runs;
            -- NULL when `referred` is not a whole record, which the fingerprint's NOT NULL refuses.
            CREATE FUNCTION settle_whole_record(record text, referred bigint) RETURNS text LANGUAGE sql STABLE AS $$
                SELECT CASE WHEN referred IS NULL THEN record
                    ELSE (SELECT split_part(b.inputs, ',"facts":', 1) FROM runs b
                          WHERE b.run_id = referred AND b.contracts_of IS NULL)
                         || ',"facts":' || split_part(record, ',"facts":', 2) END
            $$;
            """),
        Migration(version: 24, name: "a contract version's own last day beside its document", sql: """
            -- The last day a version can be in force by its own terms (the earlier of `expires` and
            -- `terminated`, `Contract.ownLastDay`), written by `contracts load` beside the
            -- document: with `effective`, all a run needs for the contract windows whose facts the
            -- server sums while the client decodes the 22,667 documents (issue 19). Stored versions
            -- get theirs from their documents here, once (a generated column parsed every document
            -- again at each load: 3 s of 14 at 20,000 providers).
            ALTER TABLE contract_versions ADD COLUMN own_last_day date;
            ALTER TABLE contract_versions DISABLE TRIGGER contract_versions_immutable;
            UPDATE contract_versions
            SET own_last_day = least((content::json->>'expires')::date, (content::json->>'terminated')::date);
            ALTER TABLE contract_versions ENABLE TRIGGER contract_versions_immutable;
            """),
        Migration(version: 25, name: "monthly rollups with their days", sql: """
            -- An import on one server keeps one rollup row per provider, month, stream, currency, role
            -- (GPU type) and import: `date` is the month's first day, the columns the month's totals,
            -- and the arrays the same sums per day (`days`: days of the month, ascending), for the
            -- contract windows that split a month (days as numbers: COPY reads a date a third slower). At 20,000 providers a file's rollups per day were nearly as many rows as
            -- the file (849,206 for 1 M rows, 4.2 M for 10 M), and writing them cost more than the
            -- COPY of the rows themselves; per month they are 248,311 and 585,197 (issue 19). Rows
            -- written before this version, and every rollup on shards (where the per-day grouping is
            -- what each shard sums for the coordinator), stay one per day: `days` is NULL.
            ALTER TABLE revenue_rollup ADD COLUMN days smallint[], ADD COLUMN day_quantity numeric[],
                ADD COLUMN day_amount numeric[], ADD COLUMN day_rows bigint[];
            ALTER TABLE hours_rollup ADD COLUMN days smallint[], ADD COLUMN day_hours numeric[], ADD COLUMN day_rows bigint[];
            """),
        Migration(version: 26, name: "no draft window sums, again", sql: """
            -- With rollups per month (migration 25) the month's rollups are no more rows than the
            -- window sums a run stored from them (584,837 against 623,884 at 10 M rows of 20,000
            -- providers), so the stored copy saved a re-run nothing, and writing it cost a run 2.4 s
            -- it could not overlap. A run now sums each batch of providers from the rollups while
            -- both cores settle the batch before (issue 19); a re-run sums its providers the same way.
            DROP TABLE draft_revenue_sums;
            DROP TABLE draft_hours_sums;
            DROP TABLE draft_sums_as_of;
            """),
        Migration(version: 27, name: "a draft's totals beside its period", sql: """
            -- What the draft adds up to (statements, payouts per currency, unsettled data counted),
            -- as canonical JSON of `DraftTotals`, kept up to date by each run from what it removes and
            -- writes: a re-run of 20 providers counted the period's 20,000 statements and 100,000
            -- unsettled rows again for its summary line, 155 ms of 0.35 s at 10 M rows (issue 19).
            -- NULL for a draft computed before this version: it is counted once, by its next run.
            ALTER TABLE periods ADD COLUMN draft_totals text;
            """),
        Migration(version: 28, name: "daily rollup rows found by an index of their own", sql: """
            -- Rollup rows per day (`days` NULL: written before schema 25, or on shards) are read by
            -- every query beside the monthly ones; without an index the search for them scanned the
            -- whole month to find none: 0.5 s of the 1.8 s search for rows outside every window at
            -- 10 M rows of 20,000 providers (issue 19). Monthly rows are not in these indexes.
            CREATE INDEX revenue_rollup_daily ON revenue_rollup (provider_id, date) WHERE days IS NULL;
            CREATE INDEX hours_rollup_daily ON hours_rollup (provider_id, date) WHERE days IS NULL;
            """),
        Migration(version: 29, name: "facts without an index on their import", sql: """
            -- Every query that looks for an import's rows also bounds their dates, which the BRIN
            -- index on `date` finds; the one on `import_id` cost the import's COPY a tenth of
            -- PostgreSQL's floor on its own (issue 19). Sharded facts (partitioned by month) keep
            -- theirs: removing an unfinished import from a shard names only its id.
            DO $$
            BEGIN
                IF (SELECT relkind FROM pg_class WHERE oid = 'revenue'::regclass) = 'r' THEN
                    DROP INDEX revenue_import;
                END IF;
                IF (SELECT relkind FROM pg_class WHERE oid = 'compute_hours'::regclass) = 'r' THEN
                    DROP INDEX compute_hours_import;
                END IF;
            END $$;
            """),
    ]

    static var latest: Int { all.map(\.version).max() ?? 0 }
}
