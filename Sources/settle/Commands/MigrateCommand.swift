import ArgumentParser
import SettleStore

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema; safe to repeat.",
        discussion: "Example: settle migrate --database postgresql:///settle"
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try Store(database.target)
        let applied = try store.migrate()
        if applied.isEmpty {
            print("The schema is up to date (version \(try store.schemaVersion())).")
        } else {
            print("Applied migration\(applied.count == 1 ? "" : "s") \(applied.joined(separator: ", ")); the schema is at version \(try store.schemaVersion()).")
        }
    }
}
