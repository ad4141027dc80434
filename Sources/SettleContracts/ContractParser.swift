import SettleCore

/// Turns the node tree of one contract file into a `Contract` or a `Payer` (docs/REFERENCE.md §1).
struct ContractParser {
    let reader: YAMLReader
    /// The whole file, kept with each contract.
    let text: String

    static let contractKeys = [
        "contract", "version", "provider", "payee", "currency", "effective", "expires", "terminated",
        "notice_days", "payment", "rules", "limits", "benefits", "self_billing",
    ]

    /// The document, or `nil` when anything was wrong (then the log says what).
    /// A file is the payer file when it has a `payer` key (or a typo of it) and no `contract` key.
    func document(_ root: Node) -> ContractDocument? {
        if case let .mapping(mapping) = root, mapping["contract"] == nil {
            let keys = mapping.keys.compactMap { $0.scalar?.string }
            if keys.contains("payer") || keys.contains(where: { Suggestion.closest(to: $0, in: ["payer"]) != nil }) {
                return payerDocument(root).map(ContractDocument.payer)
            }
        }
        return contract(root).map(ContractDocument.contract)
    }

    private func contract(_ root: Node) -> SourcedContract? {
        guard let fields = reader.fields(root, "the contract", allowed: Self.contractKeys) else { return nil }
        let id = fields.required("contract").flatMap { reader.id($0, "contract id") }
        let version = fields.required("version").flatMap { reader.integer($0, "version", minimum: 1) }
        let provider = fields.required("provider").flatMap(self.provider)
        let payee = fields.required("payee").flatMap(self.payee)
        let currency = fields.required("currency").flatMap { reader.currency($0, "currency") }
        let effective = fields.required("effective").flatMap { reader.day($0, "effective") }
        let expires = fields.optional("expires").flatMap { reader.day($0, "expires") }
        let terminated = fields.optional("terminated").flatMap { reader.day($0, "terminated") }
        let noticeDays = fields.optional("notice_days").flatMap { reader.integer($0, "notice_days", minimum: 0, maximum: 3650) }
        let payment = fields.required("payment").flatMap(self.payment)
        let rules = fields.required("rules").flatMap(self.rules)
        let limits = fields.optional("limits").map(self.limits) ?? Limits()
        let benefits = fields.optional("benefits").map(self.benefits) ?? []
        let selfBilling = fields.optional("self_billing").map(self.selfBilling)

        if let effective {
            for key in ["expires", "terminated"] {
                if let node = fields.optional(key), let day = Day(node.scalar?.string ?? ""), day < effective {
                    reader.error(node, "'\(key)' \(day) is before 'effective' \(effective)")
                }
            }
        }
        guard reader.log.diagnostics.isEmpty, let id, let version, let provider, let payee, let currency,
              let effective, let payment, let rules, selfBilling.map({ $0 != nil }) ?? true else { return nil }
        var locations: [String: SourceLocation] = [:]
        for key in ["contract", "version", "currency", "effective"] {
            locations[key] = fields.optional(key).map(reader.location)
        }
        locations["provider"] = fields.optional("provider").map(reader.location)
        locations["self_billing"] = fields.optional("self_billing").map(reader.location)
        let contract = Contract(
            id: id, version: version, provider: provider, payee: payee, currency: currency,
            effective: effective, expires: expires, terminated: terminated, noticeDays: noticeDays,
            payment: payment, rules: rules, limits: limits, benefits: benefits, selfBilling: selfBilling ?? nil)
        return SourcedContract(contract: contract, file: reader.log.file, text: text, locations: locations)
    }

    private func payment(_ node: Node) -> PaymentTerms? {
        guard let fields = reader.fields(node, "'payment'", allowed: ["net_days", "minimum_payout", "rounding"])
        else { return nil }
        let netDays = fields.required("net_days").flatMap { reader.integer($0, "net_days", minimum: 0, maximum: 3650) }
        let minimum = fields.optional("minimum_payout")
            .map { reader.decimal($0, "minimum_payout", nonNegative: true) } ?? .zero
        let rounding = fields.optional("rounding").map { reader.choice($0, "rounding", as: RoundingMode.self) }
            ?? .halfEven
        guard let netDays, let minimum, let rounding else { return nil }
        return PaymentTerms(netDays: netDays, minimumPayout: minimum, rounding: rounding)
    }

    private func limits(_ node: Node) -> Limits {
        guard let fields = reader.fields(node, "'limits'", allowed: ["cap", "floor"]) else { return Limits() }
        let cap = fields.optional("cap").flatMap { reader.decimal($0, "limits.cap", nonNegative: true) }
        let floor = fields.optional("floor").flatMap { reader.decimal($0, "limits.floor", nonNegative: true) }
        if let cap, let floor, floor > cap, let node = fields.optional("floor") {
            let text = { (key: String) in fields.optional(key)?.scalar?.string ?? "" }
            reader.error(node, "'limits.floor' \(text("floor")) is above 'limits.cap' \(text("cap"))")
        }
        return Limits(cap: cap, floor: floor)
    }

    private func benefits(_ node: Node) -> [String] {
        (reader.sequence(node, "benefits") ?? []).compactMap { reader.name($0, "benefit") }
    }
}
