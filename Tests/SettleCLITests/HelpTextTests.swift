import Foundation
import SettleTestSupport
import Testing

/// The command line's help and usage errors are reviewed interfaces: compared whole, as printed
/// without a terminal (80 columns).
@Suite("settle --help, --version and a usage error")
struct HelpTextTests {
    func settle(_ arguments: String...) throws -> SettleBinary.Outcome {
        try SettleBinary.run(arguments, in: FileManager.default.temporaryDirectory)
    }

    @Test("settle --version names the release and the engine")
    func version() throws {
        #expect(try settle("--version") == .init(status: 0, stdout: "settle 1.2.0 (settle-engine 5)\n", stderr: ""))
    }

    @Test("settle --help lists every verb")
    func help() throws {
        #expect(try settle("--help").stdout == """
            OVERVIEW: Month-end settlement for the compute-provider partner programme.

            USAGE: settle <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              migrate                 Create or upgrade the database schema; safe to repeat.
              contracts               Check, load, list, show and compare contracts.
              import                  Import a CSV file of revenue, compute hours or FX
                                      rates, whole or not at all.
              providers               Withhold or release a provider's payouts, or list
                                      every provider with its hold.
              run                     Compute (or recompute) a period's statements as a
                                      draft.
              show                    Review a computed period: totals per provider, or one
                                      provider's lines.
              approve                 A second person's approval of a period's run, where
                                      payer.yaml asks for four eyes.
              close                   Close a computed period: its statements can no longer
                                      change.
              verify                  Recompute a closed period from what its run read and
                                      compare with the stored statements.
              explain                 Show how each amount of a provider's statement came
                                      about, line by line.
              preview                 What contract files not loaded yet would change:
                                      statements as they stand beside the proposed ones.
              statements              Write each provider's statement for a period:
                                      ID.json, ID.csv and ID.html.
              report                  Write the finance summary of a period: report.html,
                                      report-providers.csv, report-totals.csv,
                                      report-unsettled.csv.
              payouts                 Write the ISO 20022 pain.001.001.09 payout file of a
                                      closed period, or show its transfers' states.
              invoices                Write the self-billed invoices of a closed period:
                                      NUMBER.xml (UBL 2.1) and NUMBER.html.
              journal                 Write the double-entry journal of a closed period as
                                      CSV.
              bank                    Read the bank's answers to the payout files: status
                                      reports and debit/credit notifications.
              periods                 Every period with a contract in force: open, draft or
                                      closed, its runs, close and payout files.
              log                     Who did what, when: every change of state, oldest
                                      first.
              demo                    The whole month end on sample data: statements,
                                      summaries and payout files under reports/out/.
              generate                Write deterministic sample CSV files (revenue,
                                      compute hours, FX rates) for the providers of a set
                                      of contracts.
              shards                  Add, list and check the shard servers of a sharded
                                      database (docs/SCALE.md).
              cluster                 Manage Settle's private PostgreSQL cluster (used when
                                      no database is configured).

              See 'settle help <subcommand>' for detailed help.

            """)
    }

    @Test("settle run --help explains and shows an example")
    func runHelp() throws {
        #expect(try settle("run", "--help").stdout == """
            OVERVIEW: Compute (or recompute) a period's statements as a draft.

            Same inputs, same result, byte for byte. Review with `settle show`, then
            `settle close`.

            Example: settle run 2026-10

            USAGE: settle run <period> [--recompute-all] [--database <url>]

            ARGUMENTS:
              <period>                The period, YYYY-MM.

            OPTIONS:
              --recompute-all         Recompute every provider, not only those with rows or
                                      holds changed since the draft.
              --database <url>        PostgreSQL connection URL. Default: DATABASE_URL,
                                      else the PG* variables, else Settle's private cluster
                                      in .settle/.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test("settle preview --help says what is compared, over which periods, and that nothing is written")
    func previewHelp() throws {
        #expect(try settle("preview", "--help").stdout == """
            OVERVIEW: What contract files not loaded yet would change: statements as they
            stand beside the proposed ones.

            Checks the files as `contracts load` would, then compares, for every period
            from --from (default: the first the files reach) to --to (default: the latest
            period with a run, else the current month) and every provider they concern,
            each statement line as it stands (closed, draft or none) with the line the
            files would give. For a version in force in a closed period it lists the
            prior-period adjustments that `contracts load --retroactive` and the next run
            would book. Writes nothing and logs nothing.

            Example: settle preview contracts/acme-cloud-v3.yaml --from 2026-09

            USAGE: settle preview <paths> ... [--from <period>] [--to <period>] [--json] [--database <url>]

            ARGUMENTS:
              <paths>                 Contract files (or folders of them) not loaded yet.

            OPTIONS:
              --from <period>         The first period to compare, YYYY-MM.
              --to <period>           The last period to compare, YYYY-MM.
              --json                  Print {periods, adjustments, totals} as JSON,
                                      statements in the statement JSON's shape.
              --database <url>        PostgreSQL connection URL. Default: DATABASE_URL,
                                      else the PG* variables, else Settle's private cluster
                                      in .settle/.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test("settle bank import --help says what is read, whole or nothing, and shows an example")
    func bankImportHelp() throws {
        #expect(try settle("bank", "import", "--help").stdout == """
            OVERVIEW: Import a pain.002 status report or a camt.054 notification from the
            bank.

            Reads pain.002.001.10, pain.002.001.03 and camt.054.001.08, each checked
            against its official XSD. The file is imported whole or not at all; a file
            imported before (the same bytes or the same message id) changes nothing.
            Entries that match no transfer, or match one with another amount, are listed
            and stored as unmatched.

            Example: settle bank import status-2026-10.xml

            USAGE: settle bank import <file> [--database <url>]

            ARGUMENTS:
              <file>                  The bank's XML file.

            OPTIONS:
              --database <url>        PostgreSQL connection URL. Default: DATABASE_URL,
                                      else the PG* variables, else Settle's private cluster
                                      in .settle/.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test("settle invoices --help says what is written, that numbers are kept, and shows an example")
    func invoicesHelp() throws {
        #expect(try settle("invoices", "--help").stdout == """
            OVERVIEW: Write the self-billed invoices of a closed period: NUMBER.xml (UBL
            2.1) and NUMBER.html.

            One invoice (or credit note, when the earnings total less than zero) per
            provider under a self-billing agreement on the period's last day. A number is
            given once and recorded with its issue date and text: writing a period again
            gives the same numbers and the same bytes. Each invoice is checked against the
            UBL 2.1 XSD and the EN 16931 rules before anything is written.

            Example: settle invoices 2026-10 --out invoices/2026-10

            USAGE: settle invoices <period> --out <out> [--database <url>]

            ARGUMENTS:
              <period>                The period, YYYY-MM.

            OPTIONS:
              --out <out>             Folder to write the invoices to (created if missing).
              --database <url>        PostgreSQL connection URL. Default: DATABASE_URL,
                                      else the PG* variables, else Settle's private cluster
                                      in .settle/.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test("settle journal --help says what is booked and shows an example")
    func journalHelp() throws {
        #expect(try settle("journal", "--help").stdout == """
            OVERVIEW: Write the double-entry journal of a closed period as CSV.

            At close, each provider's earnings by rule type against partner payables, with
            its charges; at payout (once a payout file is written), the payables against
            the bank of each currency. Every entry balances per currency. Accounts come
            from `ledger:` in payer.yaml, with documented defaults.

            Example: settle journal 2026-10 --out journal-2026-10.csv

            USAGE: settle journal <period> --out <out> [--database <url>]

            ARGUMENTS:
              <period>                The period, YYYY-MM.

            OPTIONS:
              --out <out>             The CSV file to write.
              --database <url>        PostgreSQL connection URL. Default: DATABASE_URL,
                                      else the PG* variables, else Settle's private cluster
                                      in .settle/.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test("settle payouts --help: writing the file stays the default; status is the other subcommand")
    func payoutsHelp() throws {
        #expect(try settle("payouts", "--help").stdout == """
            OVERVIEW: Write the ISO 20022 pain.001.001.09 payout file of a closed period,
            or show its transfers' states.

            `settle payouts PERIOD --out FILE` writes the file (the default subcommand,
            write); `settle payouts status PERIOD` shows where each transfer stands at the
            bank.

            Example: settle payouts 2026-10 --out payouts-2026-10.xml
            Example: settle payouts status 2026-10

            USAGE: settle payouts <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              write (default)         Write the ISO 20022 pain.001.001.09 payout file of a
                                      closed period.
              status                  The state of each transfer of a period's payout files
                                      at the bank.

              See 'settle help payouts <subcommand>' for detailed help.

            """)
    }

    @Test("settle payouts status --help names the JSON shape and shows an example")
    func payoutsStatusHelp() throws {
        #expect(try settle("payouts", "status", "--help").stdout == """
            OVERVIEW: The state of each transfer of a period's payout files at the bank.

            Each transfer is sent when its payout file is written, then accepted, settled,
            rejected or returned as `settle bank import` reads the bank's status reports
            and notifications. --json prints an array of {provider, end_to_end_id, amount,
            currency, state, reason_code, reason, changes: [{state, at, file}]}.

            Example: settle payouts status 2026-10 --json

            USAGE: settle payouts status <period> [--json] [--database <url>]

            ARGUMENTS:
              <period>                The period, YYYY-MM.

            OPTIONS:
              --json                  Print JSON instead of a table.
              --database <url>        PostgreSQL connection URL. Default: DATABASE_URL,
                                      else the PG* variables, else Settle's private cluster
                                      in .settle/.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test("settle shards add --help says what a shard needs and shows an example")
    func shardsAddHelp() throws {
        #expect(try settle("shards", "add", "--help").stdout == """
            OVERVIEW: Add a shard server to a migrated coordinator database that holds
            nothing yet.

            The shard's database must exist and be empty (it is migrated to the
            coordinator's schema); its URL must work from settle and from the coordinator's
            server. Each month's revenue, compute hours and their rollups are then hashed
            by provider over the shards, in the order they were added. Every other command
            is given the coordinator only.

            Example: settle shards add east postgresql://settle@db-east.internal/settle

            USAGE: settle shards add <name> <url> [--database <url>]

            ARGUMENTS:
              <name>                  The shard's name: a lower-case letter, then letters,
                                      digits or '_'.
              <url>                   The shard database's libpq URI or keyword string.

            OPTIONS:
              --database <url>        PostgreSQL connection URL. Default: DATABASE_URL,
                                      else the PG* variables, else Settle's private cluster
                                      in .settle/.
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }

    @Test("settle approve --help reads as sentences: no stray backslash from a line continuation")
    func approveHelp() throws {
        let help = try settle("approve", "--help")
        #expect(help.status == 0 && !help.stdout.contains("\\"))
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("close and payouts (and --reissue) need an approval of the period's current run"))
    }

    @Test("a usage error names the value, says what is expected and how to get help")
    func usageError() throws {
        #expect(try settle("run", "2026-13") == .init(status: 64, stdout: "", stderr: """
            Error: The value '2026-13' is invalid for '<period>': '2026-13' is not a period; write it YYYY-MM, such as 2026-10.
            Help:  <period>  The period, YYYY-MM.
            Usage: settle run <period> [--recompute-all] [--database <url>]
              See 'settle run --help' for more information.

            """))
    }
}
