import ArgumentParser
import SettleCore
import SettleOperations

struct ContractsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every stored contract: provider, currency, versions with their days in force, and the version in force today.",
        discussion: "Example: settle contracts list"
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let today = try Today.resolve()
        let listings = try ContractInsight.list(store: try database.openStore(), on: today)
        guard !listings.isEmpty else {
            print("No contract is stored; load them with `settle contracts load contracts/`.")
            return
        }
        let rows = listings.map { listing in
            [listing.contract, listing.provider.id, listing.currency.code,
             listing.versions.map(Self.span).joined(separator: ", "),
             listing.inForce.map { "v\($0)" } ?? "none"]
        }
        print(StatementTable.table([["contract", "provider", "cur", "versions (days in force)", "in force \(today)"]] + rows,
                                   rightAligned: []))
    }

    /// `v2 2026-09-16 to 2027-12-31`, or `v1 from 2026-08-01` while nothing ends it.
    static func span(_ version: (version: Int, first: Day, last: Day?)) -> String {
        "v\(version.version) " + (version.last.map { "\(version.first) to \($0)" } ?? "from \(version.first)")
    }
}
