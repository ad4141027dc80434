import Foundation
import SettleStore
import SettleTestSupport
import Testing

/// `settle contracts list`, `show` and `diff` on the sample programme (docs/REFERENCE.md §8).
@Suite("Contract insight through the settle binary")
struct ContractInsightCLITests {
    @Test("list: every contract with its versions' days in force and the version in force today")
    func list() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        #expect(try db.settle("contracts", "list") == .init(status: 0, stdout: """
            contract              provider         cur  versions (days in force)                                  in force 2026-12-15
            acme-cloud-2026       acme-cloud       EUR  v1 2026-08-01 to 2026-09-15, v2 2026-09-16 to 2027-12-31  v2
            helios-render-2026    helios-render    EUR  v1 2026-08-01 to 2026-09-30, v2 2026-10-01 to 2026-10-20  none
            nordlys-gpu-2026      nordlys-gpu      EUR  v1 from 2026-08-01                                        v1
            pacific-compute-2026  pacific-compute  USD  v1 2026-08-10 to 2028-06-30                               v1
            sakura-gpu-2026       sakura-gpu       JPY  v1 from 2026-08-01                                        v1

            """, stderr: ""))
    }

    @Test("show: the version in force on a day, every term in words, and where it was loaded from")
    func show() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let outcome = try db.settle("contracts", "show", "helios-render-2026", "--on", "2026-10-05")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("""
            helios-render-2026 version 2, in force on 2026-10-05: Hélios Rendu SAS (provider helios-render)
              in force              from 2026-10-01 until 2027-06-30; terminated: last day in force 2026-10-20; 60 days' notice
              currency              EUR
              rule licensing-share  7% of licensing revenue
              rule capacity-rebate  20% rebate on dedicated_capacity purchases
              rule sponsorship      1,500.00 EUR a month
              cap                   none
              floor                 none
              payment               due 30 days after the month ends; balances below 50.00 EUR are carried forward; each line rounded half even
              payee                 Hélios Rendu SAS, IBAN FR1420041010050500013M02606; 12 rue de la Paix, 75002 Paris, FR
              benefits              none
            Loaded from \(TestCluster.contracts.path)/helios-render-v2.yaml; content SHA-256 
            """), "\(outcome)")
        // Today (2026-12-15) neither version is in force: the days they are, and what to do.
        #expect(try db.settle("contracts", "show", "helios-render-2026") == .init(status: 1, stdout: "", stderr: """
            Error: No version of helios-render-2026 is in force on 2026-12-15 (version 1 from 2026-08-01 to 2026-09-30 and version 2 from 2026-10-01 to 2026-10-20); give another day with --on.

            """))
        #expect(try db.settle("contracts", "show", "acme-cloud-2025").stderr
                == "Error: No contract acme-cloud-2025 is stored; did you mean 'acme-cloud-2026'? `settle contracts list` shows them.\n")
    }

    @Test("diff: two stored versions term by term, and a file against the stored version it amends; nothing is loaded")
    func diff() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let stored = try db.settle("contracts", "diff", "acme-cloud-2026")
        #expect(stored.status == 0)
        #expect(stored.stdout.hasPrefix("""
            acme-cloud-2026: version 1 (from 2026-08-01) → version 2 (from 2026-09-16)
              in force: from 2026-08-01 until 2027-12-31; 90 days' notice → from 2026-09-16 until 2027-12-31; 90 days' notice
              rule api-share: 10% of api_usage revenue → 12% of api_usage revenue

            """.dropLast()), "\(stored)")
        let v2 = try String(contentsOf: TestCluster.contracts.appendingPathComponent("acme-cloud-v2.yaml"), encoding: .utf8)
        try db.write("acme-cloud-v3.yaml", v2.replacingOccurrences(of: "rate: 12%", with: "rate: 14%")
            .replacingOccurrences(of: "version: 2", with: "version: 3")
            .replacingOccurrences(of: "effective: 2026-09-16", with: "effective: 2027-01-01"))
        let before = try db.contractSnapshot()
        #expect(try db.settle("contracts", "diff", "acme-cloud-v3.yaml") == .init(status: 0, stdout: """
            acme-cloud-v3.yaml: acme-cloud-2026 version 3 (from 2027-01-01) against stored version 2 (from 2026-09-16)
              in force: from 2026-09-16 until 2027-12-31; 90 days' notice → from 2027-01-01 until 2027-12-31; 90 days' notice
              rule api-share: 12% of api_usage revenue → 14% of api_usage revenue

            """, stderr: ""))
        #expect(try db.contractSnapshot() == before)
        #expect(try db.settle("contracts", "diff", "nordlys-gpu-2026").stderr
                == "Error: nordlys-gpu-2026 has no version before version 1, so there is nothing to compare it with; `settle contracts show nordlys-gpu-2026` shows its terms.\n")
    }
}
