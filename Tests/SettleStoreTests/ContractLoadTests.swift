import Foundation
import SettleContracts
import SettleCore
import SettleStore
import SettleTestSupport
import Testing

@Suite("settle contracts load")
struct ContractLoadTests {
    /// `acme-cloud-2026 v1`, ...: the programme's versions, by contract id and version.
    static func versions() throws -> [String] {
        let names = try Programme.versionNames()
        #expect(names.count == 7)
        #expect(names.first == "acme-cloud-2026 v1")
        return names
    }

    @Test("the programme loads as 7 versions of 5 providers and the payer")
    func load() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        let summary = try Programme.load(into: db.store)
        #expect(try summary.added == Self.versions())
        #expect(summary.unchanged == [])
        #expect(summary.payer == .added)

        let stored = try db.store.storedContracts()
        #expect(try stored.map { "\($0.contract.id) v\($0.contract.version)" } == Self.versions())
        // The finance summary reads only the rules' kinds, in the same order.
        #expect(try db.store.ruleKinds().map { "\($0.contract) v\($0.version) \($0.rule) \($0.kind)" }
            == stored.flatMap { stored in stored.contract.rules.map { "\(stored.contract.id) v\(stored.contract.version) \($0.id) \($0.kind)" } })
        #expect(stored.allSatisfy { $0.contentHash.count == 64 })
        #expect(stored.first?.sourceFile == TestCluster.contracts.appendingPathComponent("acme-cloud-v1.yaml").path)
        #expect(try db.store.storedPayer()?.name == "Lumen Compute Platform GmbH")
        let providers = try db.store.providers()
        #expect(providers.map(\.id) == Programme.providers)
        #expect(providers.allSatisfy { !$0.onHold && $0.holdReason == nil })
        #expect(providers.first?.name == "Acme Cloud GmbH")
        // The file as the partner manager wrote it is the legal record.
        let text = try String(contentsOf: TestCluster.contracts.appendingPathComponent("sakura-gpu.yaml"), encoding: .utf8)
        #expect(try db.rows("SELECT source_text FROM contract_versions WHERE contract_id = 'sakura-gpu-2026'") == [[text]])
    }

    @Test("each version's dates, kept by the server beside its document, are those of the decoded contract")
    func storedDates() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let documents = try db.store.storedContractDocuments()
        let contracts = try documents.decoded().map(\.contract)
        #expect(documents.dates == contracts.map {
            ContractDates(provider: $0.provider.id, id: $0.id, version: $0.version, effective: $0.effective, ownLastDay: $0.ownLastDay)
        })
        #expect(documents.dates.compactMap(\.ownLastDay?.description) == ["2027-12-31", "2027-12-31", "2027-06-30", "2026-10-20", "2028-06-30"])
    }

    @Test("loading the same files again changes nothing")
    func reload() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let before = try db.contractSnapshot()
        let summary = try Programme.load(into: db.store)
        #expect(summary.added == [])
        #expect(try summary.unchanged == Self.versions())
        #expect(summary.payer == .unchanged)
        #expect(try db.contractSnapshot() == before)
    }

    @Test("a reload's check sees the stored versions as decoded from the store, though a version given again is not decoded")
    func reloadSeesStored() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let decoded = try db.store.storedContracts()
        var seen: [StoredContract] = []
        _ = try db.store.load(contracts: Programme.files(try Programme.catalog()), payer: nil) { seen = $0 }
        #expect(seen == decoded)
        #expect(seen.count == 7)
    }

    @Test("each added version is logged once, in version order, with its file and content hash")
    func loadLogged() throws {
        let db = try TestDatabase(.migrated)
        defer { db.drop() }
        _ = try Programme.load(into: db.store)
        let stored = try db.store.storedContracts()
        let logged = try db.store.auditLog().filter { $0.action == "contract loaded" }
        #expect(logged.map(\.details) == stored.map {
            "\($0.contract.id) v\($0.contract.version) from \($0.sourceFile) (content SHA-256 \($0.contentHash.prefix(12)))"
        })
        #expect(logged.map(\.provider) == stored.map(\.contract.provider.id))
    }

    /// `acme-cloud-v1.yaml` with its API share raised from 10% to 11%: the same id and version.
    static func editedVersion(_ file: String = "acme-cloud-v1-edited.yaml") throws -> ContractVersionFile {
        let original = try String(contentsOf: TestCluster.contracts.appendingPathComponent("acme-cloud-v1.yaml"), encoding: .utf8)
        let text = original.replacingOccurrences(of: "rate: 10%", with: "rate: 11%")
        #expect(text != original)
        guard case let .contract(sourced) = try ContractFiles.parse(text, file: file).get() else {
            throw StoreError("\(file) is not a contract")
        }
        return ContractVersionFile(contract: sourced.contract, sourceFile: file, sourceText: text)
    }

    @Test("the same id and version with other content is refused by the store, and nothing changes")
    func sameVersionOtherContent() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let before = try db.contractSnapshot()
        let edited = try Self.editedVersion()
        let error = #expect(throws: StoreError.self) {
            try db.store.load(contracts: [edited], payer: nil) { _ in }
        }
        let source = TestCluster.contracts.appendingPathComponent("acme-cloud-v1.yaml").path
        #expect(error?.description == "Contract 'acme-cloud-2026' version 1 is already loaded (from \(source)) "
                + "with other content; an amendment must be a new version.")
        #expect(try db.contractSnapshot() == before)
    }

    @Test("a load is all or nothing: a good new version next to a refused one is not stored")
    func allOrNothing() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let before = try db.contractSnapshot()
        let original = try String(contentsOf: TestCluster.contracts.appendingPathComponent("nordlys-gpu.yaml"), encoding: .utf8)
        let renamed = original.replacingOccurrences(of: "nordlys-gpu", with: "boreal-gpu")
        guard case let .contract(newcomer) = try ContractFiles.parse(renamed, file: "boreal-gpu.yaml").get() else {
            Issue.record("boreal-gpu.yaml is not a contract")
            return
        }
        let files = [ContractVersionFile(contract: newcomer.contract, sourceFile: "boreal-gpu.yaml", sourceText: renamed),
                     try Self.editedVersion()]
        #expect(throws: StoreError.self) { try db.store.load(contracts: files, payer: nil) { _ in } }
        #expect(try db.contractSnapshot() == before)
    }

    @Test("the cross-checks against stored versions run inside the load, and a refusal stores nothing")
    func crossChecksAgainstStored() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let before = try db.contractSnapshot()
        let edited = try Self.editedVersion()
        let check: ([StoredContract]) throws -> Void = { stored in
            #expect(stored.count == 7)
            throw StoreError("refused by the check")
        }
        let error = #expect(throws: StoreError.self) {
            try db.store.load(contracts: [edited], payer: nil, check: check)
        }
        #expect(error?.description == "refused by the check")
        #expect(try db.contractSnapshot() == before)
    }

    @Test("another payer file replaces the stored payer")
    func payerReplaced() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        let original = try String(contentsOf: TestCluster.contracts.appendingPathComponent("payer.yaml"), encoding: .utf8)
        let text = original.replacingOccurrences(of: "Lumen Compute Platform GmbH", with: "Lumen Compute SE")
        guard case let .payer(payer) = try ContractFiles.parse(text, file: "payer-new.yaml").get() else {
            Issue.record("payer-new.yaml is not a payer file")
            return
        }
        let summary = try db.store.load(contracts: [], payer: (payer.payer, "payer-new.yaml")) { _ in }
        #expect(summary.payer == .replaced)
        #expect(try db.store.storedPayer()?.name == "Lumen Compute SE")
        #expect(try db.int("SELECT count(*) FROM payer") == 1)
    }

    @Test("a payer's accounts per currency are stored and read back; a payer without them is stored as before")
    func payerAccounts() throws {
        let db = try TestDatabase(.loaded)
        defer { db.drop() }
        // A payer without accounts is stored with no `accounts` key, as before accounts existed, so
        // its content hash is unchanged.
        #expect(try db.rows("SELECT content FROM payer") == [[
            #"{"address":{"country":"DE","postcode":"10117","street":"Friedrichstr. 68","town":"Berlin"},"#
                + #""bic":"INGDDEFFXXX","iban":"DE44500105175407324931","name":"Lumen Compute Platform GmbH","#
                + #""vatID":"DE811569869"}"#]])
        #expect(try db.store.storedPayer()?.accounts == nil)

        let original = try String(contentsOf: TestCluster.contracts.appendingPathComponent("payer.yaml"), encoding: .utf8)
        let text = original + """
              accounts:
                - {currency: USD, account: "4001234567", bic: CHASUS33XXX}
                - {currency: GBP, iban: GB29NWBK60161331926819}

            """
        guard case let .payer(payer) = try ContractFiles.parse(text, file: "payer-accounts.yaml").get() else {
            Issue.record("payer-accounts.yaml is not a payer file")
            return
        }
        #expect(try db.store.load(contracts: [], payer: (payer.payer, "payer-accounts.yaml")) { _ in }.payer == .replaced)
        let stored = try #require(try db.store.storedPayer())
        #expect(stored == payer.payer)
        #expect(stored.debitAccount(for: Currency(code: "USD")!).number == .other("4001234567"))
        #expect(stored.debitAccount(for: Currency(code: "EUR")!).number == .iban("DE44500105175407324931"))
        #expect(try db.store.load(contracts: [], payer: (payer.payer, "payer-accounts.yaml")) { _ in }.payer == .unchanged)
    }
}
