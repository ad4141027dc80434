import SettleCore

extension ContractParser {
    /// `self_billing: {agreement, since, vat_id, vat}` (docs/REFERENCE.md §10); the provider's
    /// `vat_id` may be left out only under `vat: outside_scope`.
    func selfBilling(_ node: Node) -> SelfBilling? {
        guard let fields = reader.fields(node, "'self_billing'", allowed: ["agreement", "since", "vat_id", "vat"])
        else { return nil }
        let agreement = fields.required("agreement").flatMap { reader.name($0, "self_billing.agreement") }
        let since = fields.required("since").flatMap { reader.day($0, "self_billing.since") }
        let vatID = fields.optional("vat_id").map { self.vatID($0, "self_billing.vat_id") }
        let vat = fields.required("vat").flatMap(self.vatTreatment)
        if let vat, vat != .outsideScope, vatID == nil {
            reader.error(fields.node, "missing key 'vat_id' in 'self_billing': the provider's VAT id is on every "
                         + "invoice under 'vat: \(vat)' (only 'outside_scope' goes without it)")
            return nil
        }
        guard let agreement, let since, let vat, vatID.map({ $0 != nil }) ?? true else { return nil }
        if let agreementNode = fields.optional("agreement"), agreement.count > 35 {
            reader.error(agreementNode, "'self_billing.agreement' must be at most 35 characters, not \(agreement.count)")
            return nil
        }
        return SelfBilling(agreement: agreement, since: since, vatID: vatID ?? nil, vat: vat)
    }

    /// `reverse_charge`, `outside_scope` or a rate such as `19%`.
    private func vatTreatment(_ node: Node) -> VATTreatment? {
        guard let text = reader.text(node, "self_billing.vat") else { return nil }
        if text.hasSuffix("%") || Rational(decimal: text) != nil {
            return reader.rate(node, "self_billing.vat").map(VATTreatment.rate)
        }
        guard let treatment = VATTreatment(text: text) else {
            reader.error(node, "'self_billing.vat' must be 'reverse_charge', 'outside_scope' or a rate such as '19%', "
                         + "not '\(text)'" + Suggestion.didYouMean(text, in: ["reverse_charge", "outside_scope"]))
            return nil
        }
        return treatment
    }

    /// A VAT id in the format of its country prefix (`VATIdentifier`).
    func vatID(_ node: Node, _ what: String) -> String? {
        guard let text = reader.text(node, what) else { return nil }
        if let problem = VATIdentifier.problem(text) {
            reader.error(node, "'\(what)' '\(text)' is not a VAT id: \(problem)")
            return nil
        }
        return text
    }

    /// `ledger: {payables: "3300", revenue_share: "6110", bank_USD: "1210", ...}`: account numbers,
    /// 1 to 20 letters, digits, `.` or `-`.
    func ledger(_ node: Node) -> Ledger? {
        guard case let .mapping(mapping) = node else {
            reader.error(node, "'payer.ledger' must be a mapping of keys to values")
            return nil
        }
        let keys = Ledger.Key.allCases.map(\.rawValue) + Ledger.earningsTypes
        let allowed = keys + mapping.keys.compactMap { key in
            key.scalar?.string.hasPrefix("bank_") == true ? key.scalar?.string : nil
        }
        guard let fields = reader.fields(node, "'payer.ledger'", allowed: allowed) else { return nil }
        var accounts: [String: String] = [:]
        var complete = true
        for (key, value) in fields.values {
            if key.hasPrefix("bank_"), Currency(code: String(key.dropFirst(5))) == nil, let keyNode = fields.keys[key] {
                reader.error(keyNode, "'payer.ledger.\(key)' must name a currency, such as 'bank_EUR'")
                complete = false
                continue
            }
            guard let text = reader.text(value, "payer.ledger.\(key)") else { complete = false; continue }
            guard (1...20).contains(text.count),
                  text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
                reader.error(value, "'payer.ledger.\(key)' must be an account number of 1 to 20 letters, digits, "
                             + "'.' or '-', not '\(text)'")
                complete = false
                continue
            }
            accounts[key] = text
        }
        return complete ? Ledger(accounts: accounts) : nil
    }
}
