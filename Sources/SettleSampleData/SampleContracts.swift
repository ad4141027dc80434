import Foundation
public import SettleCore

/// Contract files for many generated providers (benchmarks at scale): every rule type, five
/// currencies, and among them amendments and terminations in the given period.
public enum SampleContracts {
    static let currencies = ["EUR", "EUR", "EUR", "USD", "USD", "JPY", "GBP", "CHF"]

    /// Writes `count` contracts (one file per version) and `payer.yaml` to `folder`, in force from
    /// the first day of `period`; returns the providers' profiles.
    @discardableResult
    public static func write(count: Int, period: Period, seed: UInt64, to folder: String) throws -> [SampleData.ProviderProfile] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SeededRandom(seed: seed ^ 0x434F_4E54)
        var profiles: [SampleData.ProviderProfile] = []
        try payer.write(toFile: "\(folder)/payer.yaml", atomically: true, encoding: .utf8)
        for number in 1...count {
            let id = "gp-\(String(format: "%05d", number))"
            let currency = random.pick(currencies)
            profiles.append(.init(id: id, currency: Currency(code: currency)!))
            let first = contract(id: id, number: number, version: 1, currency: currency, effective: period.firstDay,
                                 terminated: nil, apiRate: random.int(5...15), random: &random)
            try first.write(toFile: "\(folder)/\(id)-v1.yaml", atomically: true, encoding: .utf8)
            if number % 10 == 0 || number % 15 == 0 {
                // Every tenth is amended mid-month, every fifteenth terminated mid-month.
                let effective = period.firstDay.adding(days: 9 + number % 10)
                let terminated = number % 15 == 0 ? period.firstDay.adding(days: 19 + number % 5) : nil
                let second = contract(id: id, number: number, version: 2, currency: currency, effective: effective,
                                      terminated: terminated, apiRate: random.int(5...15), random: &random)
                try second.write(toFile: "\(folder)/\(id)-v2.yaml", atomically: true, encoding: .utf8)
            }
        }
        return profiles
    }

    static let payer = """
        payer:
          name: Lumen Compute Platform GmbH
          iban: DE44500105175407324931
          bic: INGDDEFFXXX
          address: {street: Friedrichstr. 68, postcode: "10117", town: Berlin, country: DE}

        """

    private static func contract(id: String, number: Int, version: Int, currency: String, effective: Day,
                                 terminated: Day?, apiRate: Int, random: inout SeededRandom) -> String {
        let yen = currency == "JPY"
        let mode = random.pick(["graduated", "volume", "threshold"])
        let payee = currency == "EUR"
            ? "  iban: \(iban(number))\n"
            : "  account: \"\(100_000_000 + number)\"\n  bic: CHASUS33XXX\n"
        var text = """
            contract: \(id)-c
            version: \(version)
            provider: {id: \(id), name: Generated Provider \(number), country: DE}
            payee:
              name: Generated Provider \(number)
            \(payee)  address: {town: Berlin, country: DE}
            currency: \(currency)
            effective: \(effective)

            """
        if let terminated { text += "terminated: \(terminated)\n" }
        text += """
            payment: {net_days: 30, minimum_payout: "\(yen ? "10000" : "100.00")"}
            rules:
              - {id: api-share, type: revenue_share, streams: [api_usage], rate: \(apiRate)%}
              - {id: subscription-share, type: revenue_share, streams: [subscription], rate: 5%}
              - {id: upgrades, type: per_unit, streams: [upgrade], per_unit: "\(yen ? "300" : "2.00")"}
              - {id: consulting, type: revenue_share, streams: [consulting], rate: 5%}
              - {id: dedicated, type: discount, streams: [dedicated_capacity], rate: 20%, settle: net}
              - {id: licensing, type: revenue_share, streams: [licensing], rate: 7%}
              - {id: custom-dev, type: revenue_share, streams: [custom_development], rate_by_role: {facilitated: 5%, executed: 10%}}
              - id: volume
                type: volume_bonus
                mode: \(mode)
                gpu_types: [h100, h200]
                tiers:

            """
        let threshold = mode == "threshold"
        let key = threshold ? "amount" : "per_hour"
        let values = threshold ? (yen ? ["0", "50000", "150000"] : ["0", "500.00", "1500.00"])
            : (yen ? ["0", "5", "8"] : ["0", "0.05", "0.08"])
        text += "      - {from: 0, \(key): \"\(values[0])\"}\n"
        text += "      - {from: 1000, \(key): \"\(values[1])\"}\n"
        text += "      - {from: 5000, \(key): \"\(values[2])\"}\n"
        if number % 4 == 0 { text += "  - {id: sponsorship, type: fixed, amount: \"\(yen ? "-50000" : "-500.00")\"}\n" }
        if number % 7 == 0 { text += "limits: {cap: \"\(yen ? "20000000" : "150000.00")\", floor: \"\(yen ? "100000" : "1000.00")\"}\n" }
        return text
    }

    /// A valid German IBAN for the generated provider `number` (check digits by ISO 13616 mod-97).
    static func iban(_ number: Int) -> String {
        let bban = "37040044" + String(format: "%010d", number)
        // Move "DE00" to the end, letters to numbers (D=13, E=14), then 98 - mod 97.
        var remainder = 0
        for character in bban + "131400" {
            remainder = (remainder * 10 + Int(String(character))!) % 97
        }
        return "DE" + String(format: "%02d", 98 - remainder) + bban
    }
}
