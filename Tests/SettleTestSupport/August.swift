import SettleContracts
package import SettleCore
package import SettleMonthEnd
import SettleStore

/// The August every month-end test starts from: one contract whose every amount is computed by
/// hand (10% of api_usage and a fixed 100.00 EUR fee), two revenue rows and one FX rate.
extension TestDatabase {
    package static let augustContract = """
        contract: prov-a-2026
        version: 1
        provider: {id: prov-a, name: Provider A, country: DE}
        payee: {name: Provider A, iban: DE89370400440532013000, address: {town: Berlin, country: DE}}
        currency: EUR
        effective: 2026-08-01
        payment: {net_days: 30}
        rules:
          - {id: api-share, type: revenue_share, streams: [api_usage], rate: 10%}
          - {id: fee, type: fixed, amount: "100.00"}
        """

    /// A migrated database with the contract loaded and August's rows and rates imported.
    package static func august() throws -> (TestDatabase, MonthEnd) {
        let db = try TestDatabase(.migrated)
        guard case let .success(.contract(sourced)) = ContractFiles.parse(augustContract, file: "prov-a.yaml") else {
            throw MonthEndError("the test contract does not parse")
        }
        _ = try db.store.load(contracts: [ContractVersionFile(contract: sourced.contract, sourceFile: "prov-a.yaml",
                                                              sourceText: augustContract)], payer: nil) { _ in }
        try db.importRevenue("aug.csv", [("A-1", "2026-08-05", "1000.00", "EUR"), ("A-2", "2026-08-06", "100.00", "USD")])
        _ = try db.store.importFile(try db.write("fx-aug.csv", "period,from,to,rate\n2026-08,USD,EUR,0.9\n"), as: .fxRates)
        return (db, MonthEnd(store: db.store))
    }

    /// Imports revenue rows of prov-a's api_usage: (ref, date, amount, currency).
    package func importRevenue(_ name: String, _ rows: [(String, String, String, String)]) throws {
        let csv = "ref,date,provider,stream,quantity,amount,currency\n"
            + rows.map { "\($0.0),\($0.1),prov-a,api_usage,1,\($0.2),\($0.3)\n" }.joined()
        _ = try store.importFile(try write(name, csv), as: .revenue)
    }

    /// Every line of the period's statements as `rule amount [adjusts P]`, then the payout.
    package func amounts(_ period: String) throws -> [String] {
        try store.statements(of: Period(period)!).flatMap { stored in
            stored.statement.lines.map { "\($0.rule) \($0.amount)" + ($0.adjusts.map { " adjusts \($0)" } ?? "") }
                + ["payout \(stored.statement.payout)"]
        }
    }

    package static let payer = Payer(name: "Lumen Compute Platform GmbH", iban: "DE44500105175407324931", bic: "INGDDEFFXXX",
                             address: PostalAddress(town: "Berlin", country: "DE"))

    /// August, run and closed, with the payer loaded: one payout of 209.00 EUR.
    package static func closedAugust() throws -> TestDatabase {
        let (db, monthEnd) = try august()
        _ = try db.store.load(contracts: [], payer: (payer, "payer.yaml")) { _ in }
        _ = try monthEnd.run(Period("2026-08")!)
        try monthEnd.close(Period("2026-08")!, today: .testToday)
        return db
    }
}

/// Small, realistic files of each dataset.
package enum Sample {
    package static let revenue = """
        ref,date,provider,stream,quantity,amount,currency,role,customer
        rev-0001,2026-01-03,acme-cloud,api_usage,120000,1840.00,EUR,,Globex
        rev-0002,2026-01-09,pacific-compute,custom_development,1,25000.00,USD,executed,"Initech, Inc."
        rev-0003,2026-01-15,acme-cloud,api_usage,-2000,-30.50,EUR,,Globex
        rev-0004,2026-02-01,sakura-gpu,subscription,3,45000,JPY,,
        rev-0005,2026-02-11,nordlys-gpu,upgrade,12,0.000001,EUR,,

        """

    package static let computeHours = """
        ref,date,provider,hours,gpu_type
        ch-001,2026-01-31,acme-cloud,12500.5,h100
        ch-002,2026-01-31,acme-cloud,800,h200
        ch-003,2026-01-31,nordlys-gpu,0,
        ch-004,2026-02-28,sakura-gpu,40.25,a100

        """

    package static let fxRates = """
        period,from,to,rate
        2026-01,EUR,USD,1.0825
        2026-01,JPY,EUR,0.006142
        2026-02,EUR,USD,1.0790

        """
}

