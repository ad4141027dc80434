import ArgumentParser
import SettleStore

/// `--database URL`, shared by every verb that touches the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL connection URL. Default: DATABASE_URL, else the PG* variables, else Settle's private cluster in .settle/.",
        valueName: "url"))
    var database: String?

    var target: DatabaseTarget { DatabaseTarget.resolve(option: database) }

    /// Opens the store, checking that its schema is this build's.
    func openStore() throws -> Store {
        let store = try Store(target)
        try store.requireCurrentSchema()
        return store
    }
}
