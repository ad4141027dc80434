import ArgumentParser
import Foundation
import SettleContracts
import SettleCore
import SettleSampleData

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write deterministic sample CSV files (revenue, compute hours, FX rates) for the providers of a set of contracts.",
        discussion: """
            The same seed gives the same bytes on every machine. Used by the demo and the benchmarks.

            Example: settle generate --providers 2000 --period 2026-10 --revenue-rows 1000000 --out data/
            """
    )

    @Option(help: "Contract files or a folder of them; their providers receive the data.")
    var contracts: String = "contracts"

    @Option(help: "Instead of --contracts: generate this many providers' contracts into OUT/contracts/ (every rule type, five currencies, amendments and terminations in the period).")
    var providers: Int?

    @Option(help: "Period to generate (YYYY-MM).", transform: parsePeriod)
    var period: Period

    @Option(help: "Revenue rows.")
    var revenueRows: Int = 1000

    @Option(help: "Compute-hour rows.")
    var hoursRows: Int = 100

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Option(help: "Folder to write revenue-PERIOD.csv, compute-hours-PERIOD.csv and fx-rates-PERIOD.csv to.")
    var out: String

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let profiles: [SampleData.ProviderProfile]
        if let providers {
            profiles = try SampleContracts.write(count: providers, period: period, seed: seed, to: "\(out)/contracts")
        } else {
            profiles = SampleData.ProviderProfile.of(try ContractsCheckCommand.catalog([contracts]).contracts.map(\.contract))
        }
        let data = SampleData(providers: profiles, seed: seed)
        let folder = URL(fileURLWithPath: out)
        let revenue = folder.appendingPathComponent("revenue-\(period).csv").path
        let hours = folder.appendingPathComponent("compute-hours-\(period).csv").path
        let rates = folder.appendingPathComponent("fx-rates-\(period).csv").path
        try data.writeRevenue(rows: revenueRows, period: period, to: revenue)
        try data.writeComputeHours(rows: hoursRows, period: period, to: hours)
        try data.writeFXRates(periods: [period], to: rates)
        print("Wrote \(revenue), \(hours) and \(rates) for \(profiles.count) providers.")
    }
}
