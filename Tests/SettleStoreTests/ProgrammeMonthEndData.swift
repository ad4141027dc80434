import Foundation
import SettleCore
import SettleMonthEnd
import SettleStore
import SettleTestSupport

/// The hand-made data of the three-month end-to-end test (`ProgrammeMonthEndTests`) on the
/// programme of `contracts/`: every row is commented with what it feeds, and every amount the
/// test expects is worked out by hand from docs/REFERENCE.md §3 beside the expectation.
///
/// Revenue rows: `ref,date,provider,stream,quantity,amount,currency,role`.
/// Compute hours: `ref,date,provider,hours,gpu_type`.
enum ProgrammeData {
    static let revenueHeader = "ref,date,provider,stream,quantity,amount,currency,role\n"
    static let hoursHeader = "ref,date,provider,hours,gpu_type\n"
    static let fxHeader = "period,from,to,rate\n"

    // MARK: August 2026 (31 days), imported before August runs

    static let augustRevenue = [
        // acme-cloud v1 (whole month, f = 1)
        "R-A1,2026-08-03,acme-cloud,api_usage,120000,8000.00,EUR,",
        "R-A2,2026-08-14,acme-cloud,api_usage,30000,1500.00,USD,",        // x 0.9 = 1350.00 EUR
        "R-A3,2026-08-20,acme-cloud,subscription,10,1200.00,EUR,",
        "R-A4,2026-08-21,acme-cloud,upgrade,12,96.00,EUR,",
        // helios-render v1 (f = 1)
        "R-H1,2026-08-04,helios-render,licensing,1,10000.00,EUR,",
        "R-H2,2026-08-18,helios-render,licensing,1,2000.00,GBP,",          // x 1.2 = 2400.00 EUR
        "R-H3,2026-08-10,helios-render,dedicated_capacity,1,5000.00,EUR,",
        // nordlys-gpu (f = 1)
        "R-N1,2026-08-06,nordlys-gpu,consulting,1,4000.00,EUR,",
        "R-N2,2026-08-07,nordlys-gpu,licensing,1,1000.00,USD,",            // x 0.9 = 900.00 EUR
        "R-N3,2026-08-12,nordlys-gpu,dedicated_capacity,1,2000.00,EUR,",
        // pacific-compute, window 2026-08-10..31 (f = 22/31)
        "R-P0,2026-08-05,pacific-compute,api_usage,1,50000.00,USD,",       // before `effective`: nothing
        "R-P1,2026-08-11,pacific-compute,api_usage,1000000,1500000.00,USD,",
        "R-P2,2026-08-20,pacific-compute,api_usage,1,400000.00,EUR,",      // x 1.1 = 440000.00 USD
        "R-P3,2026-08-15,pacific-compute,custom_development,1,20000.00,GBP,facilitated", // x 1.25 = 25000 USD
        "R-P4,2026-08-16,pacific-compute,custom_development,1,30000.00,USD,executed",
        "R-P5,2026-08-17,pacific-compute,custom_development,1,9999.00,USD,", // no role: counts for no line
        // sakura-gpu (f = 1)
        "R-S1,2026-08-02,sakura-gpu,api_usage,1,50000,JPY,",
        "R-S2,2026-08-09,sakura-gpu,api_usage,1,100.00,USD,",              // x 147.25 = 14725 JPY
        "R-S3,2026-08-19,sakura-gpu,subscription,1,20000,JPY,",
        "R-S4,2026-08-23,sakura-gpu,upgrade,3,3000,JPY,",
    ]

    static let augustHours = [
        "H-A1,2026-08-05,acme-cloud,9000,h100",
        "H-A2,2026-08-25,acme-cloud,5000,a100",       // not in acme's gpu_types filter
        "H-A3,2026-08-26,acme-cloud,2000,",           // no gpu_type: never matches a filter
        "H-P0,2026-08-08,pacific-compute,50000,h100", // before pacific's `effective`: nothing
        "H-P1,2026-08-12,pacific-compute,9000,h100",
        "H-P2,2026-08-22,pacific-compute,6000,a100",  // pacific has no filter: counts
        "H-S1,2026-08-15,sakura-gpu,1000,h100",
    ]

    static let augustRates = [
        "2026-08,USD,EUR,0.9", "2026-08,GBP,EUR,1.2", "2026-08,EUR,USD,1.1", "2026-08,GBP,USD,1.25",
        "2026-08,USD,JPY,147.25",
    ]

    // MARK: Late August rows, imported after August is closed and before September runs

    static let lateAugustRevenue = [
        "L-H1,2026-08-31,helios-render,licensing,1,1000.00,EUR,",
        "L-N1,2026-08-29,nordlys-gpu,consulting,1,2000.00,EUR,",
        "L-N2,2026-08-30,nordlys-gpu,dedicated_capacity,1,500.00,EUR,",
        "L-P1,2026-08-06,pacific-compute,api_usage,1,10000.00,USD,",       // before `effective`: nothing
        "L-S1,2026-08-31,sakura-gpu,api_usage,1,-20000,JPY,",              // a refund
    ]

    static let lateAugustHours = [
        "L-HA1,2026-08-28,acme-cloud,2000,h200",
    ]

    // MARK: September 2026 (30 days)

    static let septemberRevenue = [
        // acme-cloud v1 window 2026-09-01..15 (f = 15/30)
        "S-A1,2026-09-05,acme-cloud,api_usage,1,10000.00,EUR,",
        "S-A2,2026-09-12,acme-cloud,api_usage,1,1000.00,USD,",             // x 0.92 = 920.00 EUR
        "S-A3,2026-09-08,acme-cloud,subscription,1,4000.00,EUR,",
        "S-A4,2026-09-09,acme-cloud,upgrade,10,200.00,EUR,",
        // acme-cloud v2 window 2026-09-16..30 (f = 15/30)
        "S-A5,2026-09-16,acme-cloud,api_usage,1,20000.05,EUR,",
        "S-A6,2026-09-25,acme-cloud,subscription,1,1000.00,GBP,",          // x 1.15 = 1150.00 EUR
        "S-A7,2026-09-30,acme-cloud,upgrade,5,100.00,EUR,",
        // helios-render v1 (f = 1), on hold in September
        "S-H1,2026-09-14,helios-render,licensing,1,3000.00,EUR,",
        "S-H2,2026-09-22,helios-render,dedicated_capacity,1,-1000.00,EUR,", // a refund
        // nordlys-gpu (f = 1)
        "S-N1,2026-09-10,nordlys-gpu,consulting,1,10000.00,EUR,",
        "S-N2,2026-09-11,nordlys-gpu,licensing,1,2000.00,EUR,",
        // pacific-compute (f = 1)
        "S-P1,2026-09-03,pacific-compute,api_usage,1,1000.00,USD,",
        "S-P2,2026-09-04,pacific-compute,api_usage,-1,-3000.00,USD,",     // a refund
        "S-P3,2026-09-05,pacific-compute,custom_development,1,5000.00,EUR,executed", // x 1.08 = 5400 USD
        "S-P4,2026-09-06,pacific-compute,custom_development,1,100.10,USD,facilitated",
        // sakura-gpu (f = 1)
        "S-S1,2026-09-04,sakura-gpu,api_usage,1,30000,JPY,",
        "S-S2,2026-09-05,sakura-gpu,subscription,1,10.00,USD,",            // x 150 = 1500 JPY
        "S-S3,2026-09-06,sakura-gpu,upgrade,2,2000,JPY,",
    ]

    static let septemberHours = [
        "SH-A1,2026-09-03,acme-cloud,8000,h100",      // v1 window
        "SH-A2,2026-09-10,acme-cloud,4000,h200",      // v1 window
        "SH-A3,2026-09-11,acme-cloud,3000,a100",      // not in the filter
        "SH-A4,2026-09-20,acme-cloud,60000,h100",     // v2 window
        "SH-P1,2026-09-07,pacific-compute,1000,h100",
        "SH-S1,2026-09-07,sakura-gpu,5200,h100",
        "SH-S2,2026-09-08,sakura-gpu,10000,a100",     // not in the filter
        "SH-S3,2026-09-09,sakura-gpu,20000,",         // no gpu_type: never matches a filter
    ]

    static let septemberRates = [
        "2026-09,USD,EUR,0.92", "2026-09,GBP,EUR,1.15", "2026-09,EUR,USD,1.08", "2026-09,USD,JPY,150",
    ]

    // MARK: Late rows imported after September is closed and before October runs

    static let lateSecondRevenue = [
        "L2-N1,2026-08-15,nordlys-gpu,consulting,1,1000.00,EUR,", // August again
        "L2-A1,2026-09-15,acme-cloud,api_usage,1,1000.00,EUR,",   // last day of acme v1's September window
    ]

    // MARK: October 2026 (31 days)

    static let octoberRevenue = [
        // acme-cloud v2 (f = 1)
        "O-A1,2026-10-05,acme-cloud,api_usage,1,200.00,EUR,",
        "O-A2,2026-10-06,acme-cloud,subscription,1,200.00,EUR,",
        "O-A3,2026-10-07,acme-cloud,subscription,-1,-900.00,EUR,",        // a refund
        "O-A4,2026-10-08,acme-cloud,upgrade,4,80.00,EUR,",
        "O-A5,2026-10-09,acme-cloud,upgrade,-1,-20.00,EUR,",              // a reversal
        // helios-render v2, window 2026-10-01..20 (terminated 2026-10-20; f = 20/31)
        "O-H1,2026-10-05,helios-render,licensing,1,2000.00,EUR,",
        "O-H2,2026-10-25,helios-render,licensing,1,50000.00,EUR,",         // after termination: nothing
        "O-H3,2026-10-10,helios-render,dedicated_capacity,1,1000.00,EUR,",
        // nordlys-gpu (f = 1)
        "O-N1,2026-10-03,nordlys-gpu,consulting,1,30000.00,EUR,",
        "O-N2,2026-10-04,nordlys-gpu,licensing,1,1000.00,GBP,",           // x 1.16 = 1160.00 EUR
        "O-N3,2026-10-05,nordlys-gpu,dedicated_capacity,1,500.00,EUR,",
        "O-N4,2026-10-06,nordlys-gpu,dedicated_capacity,-1,-1500.00,EUR,", // a refund
        // pacific-compute (f = 1)
        "O-P1,2026-10-02,pacific-compute,api_usage,1,1000.00,USD,",
        // sakura-gpu (f = 1), on hold in October
        "O-S1,2026-10-02,sakura-gpu,api_usage,1,200.00,USD,",             // x 148.5 = 29700 JPY
        "O-S2,2026-10-03,sakura-gpu,upgrade,1,1000,JPY,",
    ]

    static let octoberHours = [
        "OH-A1,2026-10-09,acme-cloud,4000,h100",
        "OH-P1,2026-10-03,pacific-compute,25000.5,h200",
        "OH-S1,2026-10-04,sakura-gpu,20000,h100",
    ]

    static let octoberRates = [
        "2026-10,USD,EUR,0.95", "2026-10,GBP,EUR,1.16", "2026-10,EUR,USD,1.05", "2026-10,USD,JPY,148.5",
    ]

    // MARK: Importing and reading back

    static func importRevenue(_ db: TestDatabase, _ name: String, _ rows: [String]) throws {
        _ = try db.store.importFile(try db.write(name, revenueHeader + rows.map { $0 + "\n" }.joined()), as: .revenue)
    }

    static func importHours(_ db: TestDatabase, _ name: String, _ rows: [String]) throws {
        _ = try db.store.importFile(try db.write(name, hoursHeader + rows.map { $0 + "\n" }.joined()),
                                    as: .computeHours)
    }

    static func importRates(_ db: TestDatabase, _ name: String, _ rows: [String]) throws {
        _ = try db.store.importFile(try db.write(name, fxHeader + rows.map { $0 + "\n" }.joined()), as: .fxRates)
    }

    /// Every line of the period: `provider vN rule[/role] type amount[ adjusts PERIOD]`.
    static func lines(_ db: TestDatabase, _ period: String) throws -> [String] {
        try db.store.statements(of: Period(period)!).flatMap { stored in
            stored.statement.lines.map { line in
                "\(stored.statement.provider.id) v\(line.version) \(line.rule)" + (line.role.map { "/\($0)" } ?? "")
                    + " \(line.type.rawValue) \(line.amount)" + (line.adjusts.map { " adjusts \($0)" } ?? "")
            }
        }
    }

    /// One summary per statement: `provider vN CUR earnings .. charges .. net .. opening .. payout ..
    /// closing .. due DATE[ held]`, the version being the statement's (the last window's).
    static func totals(_ db: TestDatabase, _ period: String) throws -> [String] {
        try db.store.statements(of: Period(period)!).map { stored in
            let s = stored.statement
            return "\(s.provider.id) v\(s.version) \(s.currency.code) earnings \(s.earnings) charges \(s.charges)"
                + " net \(s.periodNet) opening \(s.openingBalance) payout \(s.payout) closing \(s.closingBalance)"
                + " due \(s.dueDate)" + (s.onHold ? " held" : "")
        }
    }

    /// The adjustment lines of the period whose explanation does not name the period they correct.
    static func adjustmentsNotNamingTheirPeriod(_ db: TestDatabase, _ period: String) throws -> [String] {
        try db.store.statements(of: Period(period)!).flatMap { stored in
            stored.statement.lines.compactMap { line in
                guard let corrected = line.adjusts, !line.explanation.contains("\(corrected)") else { return nil }
                return "\(stored.statement.provider.id) \(line.rule): \(line.explanation)"
            }
        }
    }
}
