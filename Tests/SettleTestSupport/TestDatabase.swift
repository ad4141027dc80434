package import Foundation
package import SettleContracts
package import SettleCore
package import SettleStore

/// One test's own database on the private cluster, copied from a template, and a folder for its
/// files; `drop()` removes both.
///
/// ```swift
/// let db = try TestDatabase(.loaded)
/// defer { db.drop() }
/// let summary = try db.store.importFile(try db.write("r.csv", csv), as: .revenue)
/// ```
///
/// `drop()` is explicit rather than in `deinit`: Swift may release an object after its last use,
/// before the end of the test.
package final class TestDatabase {
    package let name: String
    package let store: Store
    /// Scratch files of this test (CSV files, contract copies, subprocess output).
    package let folder: URL

    /// A connection of the test's own to its database, beside the store's, for SQL the store does
    /// not offer (tampering, roles, schema checks).
    package let connection: PostgresConnection
    /// `--database` for the `settle` binary.
    package var connectionString: String { TestCluster.connectionString(name) }

    /// The shard clusters holding a database of this name (`TestShards`), in shard order.
    package private(set) var shards: [EmbeddedCluster] = []

    package init(_ content: TestCluster.Content) throws {
        let template = try TestCluster.template(for: content)
        try TestCluster.start()
        name = TestCluster.newDatabaseName()
        try TestCluster.cluster.createDatabaseIfMissing(name, template: template)
        store = Store(try TestCluster.connect(name))
        connection = try TestCluster.connect(name)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A sharded database (docs/SCALE.md): the coordinator on the test cluster, migrated, with
    /// `count` empty databases of the same name on the clusters of `servers` added to it
    /// (`Store.addShard`), then the sample programme for `.loaded`.
    package convenience init(_ content: TestCluster.Content, shards count: Int, on servers: TestShards = .shared) throws {
        precondition(content != .empty && count <= servers.clusters.count)
        try self.init(.migrated)
        do {
            try servers.start()
            for index in 0..<count {
                try servers.clusters[index].createDatabaseIfMissing(name)
                shards.append(servers.clusters[index])
                _ = try store.addShard(name: TestShards.names[index], url: servers.url(index, database: name))
            }
            if content == .loaded { _ = try Programme.load(into: store) }
        } catch {
            drop()
            throw error
        }
    }

    /// Drops the database (the coordinator's first, which ends its connections to the shards, then
    /// the shards') and removes the folder.
    package func drop() {
        // WITH (FORCE) ends our own connection and any a killed subprocess left behind.
        try? TestCluster.cluster.dropDatabase(name)
        for shard in shards { try? shard.dropDatabase(name) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `text` (UTF-8) to `name` in the test's folder and returns its path.
    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes raw bytes (for invalid UTF-8) and returns the path.
    @discardableResult
    package func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// `text` with this test's folder taken out of the paths in it: messages read `bad.csv:3: ...`.
    package func relative(_ text: String) -> String {
        text.replacingOccurrences(of: folder.path + "/", with: "")
    }

    // MARK: Reading back

    /// The rows of the tables an import can touch; an import that is refused changes none.
    package struct Counts: Equatable, CustomStringConvertible {
        package var revenue = 0, computeHours = 0, fxRates = 0, imports = 0

        package init(revenue: Int = 0, computeHours: Int = 0, fxRates: Int = 0, imports: Int = 0) {
            (self.revenue, self.computeHours, self.fxRates, self.imports) = (revenue, computeHours, fxRates, imports)
        }

        package var description: String {
            "revenue \(revenue), compute_hours \(computeHours), fx_rates \(fxRates), imports \(imports)"
        }
    }

    package func counts() throws -> Counts {
        let row = try connection.query("""
            SELECT (SELECT count(*) FROM revenue), (SELECT count(*) FROM compute_hours),
                   (SELECT count(*) FROM fx_rates), (SELECT count(*) FROM imports)
            """).onlyRow().values.map { Int($0 ?? "") ?? -1 }
        return Counts(revenue: row[0], computeHours: row[1], fxRates: row[2], imports: row[3])
    }

    /// The settle binary run on this database, in its folder.
    package func settle(_ arguments: String...) throws -> SettleBinary.Outcome {
        try settle(arguments)
    }

    package func settle(_ arguments: [String]) throws -> SettleBinary.Outcome {
        try SettleBinary.run(arguments + ["--database", connectionString], in: folder)
    }

    /// The text values of a query, row by row (`NULL` as `nil`).
    package func rows(_ sql: SQL, _ parameters: [String?] = []) throws -> [[String?]] {
        try connection.query(sql, parameters).rows.map(\.values)
    }

    /// One number from a query.
    package func int(_ sql: SQL, _ parameters: [String?] = []) throws -> Int {
        Int(try connection.query(sql, parameters).scalar ?? "") ?? -1
    }
}

/// The sample programme of `contracts/`, as the store receives it.
package enum Programme {
    package static let providers = ["acme-cloud", "helios-render", "nordlys-gpu", "pacific-compute", "sakura-gpu"]

    package static func catalog() throws -> ContractCatalog {
        try ContractFiles.load(paths: [TestCluster.contracts.path]).get()
    }

    package static func files(_ catalog: ContractCatalog) -> [ContractVersionFile] {
        catalog.contracts.map { ContractVersionFile(contract: $0.contract, sourceFile: $0.file, sourceText: $0.text) }
    }

    /// Loads the programme as `settle contracts load contracts/` does, with the cross-checks
    /// against what is stored.
    package static func load(into store: Store) throws -> ContractLoadSummary {
        let catalog = try catalog()
        return try store.load(contracts: files(catalog), payer: catalog.payer.map { ($0.payer, $0.file) }) { stored in
            let storedSources = stored.map { SourcedContract(stored: $0.contract, origin: "stored, from \($0.sourceFile)") }
            let diagnostics = ContractRules.check(catalog.contracts, stored: storedSources)
            if !diagnostics.isEmpty { throw ContractErrors(diagnostics) }
        }
    }

    /// `acme-cloud-2026 v1`, ...: the programme's versions, by contract id and version.
    package static func versionNames() throws -> [String] {
        try catalog().contracts.map { "\($0.contract.id) v\($0.contract.version)" }
    }

    /// The currency of each provider's contracts.
    package static func currencies() throws -> [String: String] {
        Dictionary(try catalog().contracts.map { ($0.contract.provider.id, $0.contract.currency.code) },
                   uniquingKeysWith: { first, _ in first })
    }
}

extension Day {
    /// The day the tests run on, whatever the clock says: after every period they close (the
    /// CLI tests pass it as `SETTLE_TODAY`).
    package static let testToday = Day("2026-12-15")!
}
