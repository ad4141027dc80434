public import SettleCore
import Foundation

/// Realistic, deterministic month-end data for the demo, the benchmark and tests: revenue on every
/// stream in five currencies with refunds and roles, compute hours on several GPU types, and the
/// FX rates the revenue needs.
public struct SampleData: Sendable {
    public struct ProviderProfile: Sendable {
        public let id: String
        /// The contract currency: most of its revenue is in it.
        public let currency: Currency

        public init(id: String, currency: Currency) {
            self.id = id
            self.currency = currency
        }

        /// One profile per provider of `contracts`, in the order they first appear.
        public static func of(_ contracts: [Contract]) -> [ProviderProfile] {
            var seen: Set<String> = []
            return contracts.compactMap { contract in
                seen.insert(contract.provider.id).inserted ? ProviderProfile(id: contract.provider.id, currency: contract.currency) : nil
            }
        }
    }

    public static let streams = ["api_usage", "subscription", "upgrade", "consulting", "dedicated_capacity",
                                 "licensing", "custom_development"]
    public static let currencies = ["EUR", "USD", "JPY", "GBP", "CHF"].map { Currency(code: $0)! }
    public static let gpuTypes = ["h100", "h200", "a100", "l40s"]

    public let providers: [ProviderProfile]
    public let seed: UInt64

    public init(providers: [ProviderProfile], seed: UInt64) {
        precondition(!providers.isEmpty, "sample data needs at least one provider")
        self.providers = providers
        self.seed = seed
    }

    /// Writes `rows` revenue rows dated in `period` to `path` (refs `R<seed>-<period>-<n>`, so files of
    /// different periods or seeds never collide).
    public func writeRevenue(rows: Int, period: Period, to path: String) throws {
        var random = SeededRandom(seed: Self.mix(seed, period, 0x5245_5645))
        try CSVFile.write(path, header: "ref,date,provider,stream,quantity,amount,currency,role,customer") { line in
            for n in 0..<rows {
                let provider = providers[n % providers.count]
                let stream = Self.weightedStreams[random.int(0...(Self.weightedStreams.count - 1))]
                let currency = random.chance(80) ? provider.currency : random.pick(Self.currencies)
                let quantity: Int
                var cents: Int
                switch stream {
                case "api_usage": quantity = random.int(1...5000); cents = quantity * random.int(1...40)
                case "upgrade": quantity = random.int(1...20); cents = quantity * 1_900
                case "subscription": quantity = random.int(1...10); cents = quantity * random.int(900...49_900)
                case "dedicated_capacity": quantity = random.int(1...24); cents = quantity * random.int(5_000...40_000)
                default: quantity = 1; cents = random.int(10_000...2_000_000)
                }
                if random.chance(3) { cents = -cents }   // refunds and reversals
                let digits = currency.minorUnitDigits
                let amount = Rational.format(units: digits == 0 ? cents / 100 : cents * Self.scale(digits), scale: digits)
                let role = stream == "custom_development" ? random.pick(["facilitated", "executed", ""]) : ""
                let day = period.firstDay.adding(days: random.int(0...(period.dayCount - 1)))
                line("R\(seed)-\(period)-\(n),\(day),\(provider.id),\(stream),\(quantity),\(amount),\(currency.code),\(role),C\(random.int(1...999))")
            }
        }
    }

    /// Writes `rows` compute-hour rows dated in `period` to `path`.
    public func writeComputeHours(rows: Int, period: Period, to path: String) throws {
        var random = SeededRandom(seed: Self.mix(seed, period, 0x484F_5552))
        try CSVFile.write(path, header: "ref,date,provider,hours,gpu_type") { line in
            for n in 0..<rows {
                let provider = providers[n % providers.count]
                let hours = Rational.format(units: random.int(0...15_000), scale: 2)
                let gpu = random.chance(95) ? random.pick(Self.gpuTypes) : ""
                let day = period.firstDay.adding(days: random.int(0...(period.dayCount - 1)))
                line("H\(seed)-\(period)-\(n),\(day),\(provider.id),\(hours),\(gpu)")
            }
        }
    }

    /// Writes the rate of every pair of the five currencies for `periods` (fixed, plausible rates
    /// that drift a little from month to month).
    public func writeFXRates(periods: [Period], to path: String) throws {
        let perEUR: [String: Int] = ["EUR": 1_000_000, "USD": 1_080_000, "JPY": 162_500_000, "GBP": 858_000, "CHF": 944_000]
        try CSVFile.write(path, header: "period,from,to,rate") { line in
            for (index, period) in periods.enumerated() {
                for from in Self.currencies {
                    for to in Self.currencies where from != to {
                        // rate = (to per EUR) / (from per EUR), drifting 0.1% a month, to 6 digits.
                        let drift = Rational(1000 + index, 1000)
                        let rate = Rational(perEUR[to.code]!, perEUR[from.code]!) * drift
                        line("\(period),\(from.code),\(to.code),\(Rational.format(units: rate.rounded(scale: 6, .halfEven), scale: 6))")
                    }
                }
            }
        }
    }

    /// Streams in proportion to how often they occur: mostly API calls, few consulting deals.
    static let weightedStreams: [String] = [
        ("api_usage", 50), ("subscription", 20), ("upgrade", 15), ("dedicated_capacity", 5), ("licensing", 5),
        ("custom_development", 3), ("consulting", 2),
    ].flatMap { Array(repeating: $0.0, count: $0.1) }

    /// A different stream of numbers per seed, period and dataset.
    private static func mix(_ seed: UInt64, _ period: Period, _ dataset: UInt64) -> UInt64 {
        seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(period.year * 100 + period.month) &* 0xBF58_476D_1CE4_E5B9 ^ dataset
    }

    private static func scale(_ digits: Int) -> Int {
        digits <= 2 ? 1 : (1...(digits - 2)).reduce(1) { value, _ in value * 10 }
    }
}

/// Writes a CSV file line by line through a large buffer.
enum CSVFile {
    static func write(_ path: String, header: String, _ body: ((String) -> Void) throws -> Void) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var buffer = Data()
        buffer.reserveCapacity(1 << 22)
        buffer.append(contentsOf: Array((header + "\n").utf8))
        try body { line in
            buffer.append(contentsOf: Array(line.utf8))
            buffer.append(10)
            if buffer.count >= 1 << 22 {
                handle.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
    }
}
