import SettleCore

extension ContractParser {
    static let ruleKeys: [String: [String]] = [
        "revenue_share": ["streams", "rate", "rate_by_role"],
        "per_unit": ["streams", "per_unit"],
        "discount": ["streams", "rate", "settle"],
        "volume_bonus": ["mode", "gpu_types", "tiers"],
        "fixed": ["amount"],
    ]

    func rules(_ node: Node) -> [Rule]? {
        guard let items = reader.sequence(node, "rules") else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "'rules' must list at least one rule")
            return nil
        }
        var seen: Set<String> = []
        let rules = items.enumerated().map { index, item -> Rule? in
            let rule = self.rule(item, number: index + 1)
            if let rule, !seen.insert(rule.id).inserted, let idNode = item.mapping?["id"] {
                reader.error(idNode, "rule id '\(rule.id)' is used twice in this contract")
            }
            return rule
        }
        let parsed = rules.compactMap { $0 }
        return parsed.count == rules.count ? parsed : nil
    }

    private func rule(_ node: Node, number: Int) -> Rule? {
        let idText = node.mapping?["id"]?.scalar?.string
        let context = idText.map { "rule '\($0)'" } ?? "rule \(number)"
        let typeNode = node.mapping?["type"]
        let typeText = typeNode?.scalar?.string
        let knownType = typeText.flatMap { Self.ruleKeys[$0] != nil ? $0 : nil }
        let allowed = ["id", "type"] + (knownType.flatMap { Self.ruleKeys[$0] }
            ?? Array(Set(Self.ruleKeys.values.joined())).sorted())
        let typeContext = knownType.map { "\(context) (a \($0) rule)" } ?? context
        guard let fields = reader.fields(node, typeContext, allowed: allowed) else { return nil }
        let id = fields.required("id").flatMap { reader.word($0, "rule id") }
        guard let typeNode = fields.required("type") else { return nil }
        guard let type = knownType else {
            if let typeText = reader.text(typeNode, "type") {
                let options = Self.ruleKeys.keys.sorted()
                reader.error(typeNode, "unknown rule type '\(typeText)'; expected one of "
                             + options.map { "'\($0)'" }.joined(separator: ", ")
                             + Suggestion.didYouMean(typeText, in: options))
            }
            return nil
        }
        let kind: Rule.Kind? = switch type {
        case "revenue_share": revenueShare(fields)
        case "per_unit": perUnit(fields)
        case "discount": discount(fields)
        case "volume_bonus": volumeBonus(fields)
        default: fields.required("amount").flatMap { reader.decimal($0, "amount") }.map { .fixed(amount: $0) }
        }
        guard let id, let kind else { return nil }
        return Rule(id: id, kind: kind)
    }

    private func streams(_ fields: Fields) -> [String]? {
        guard let node = fields.required("streams"), let items = reader.sequence(node, "streams") else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "'streams' must list at least one revenue stream")
            return nil
        }
        let streams = items.compactMap { reader.word($0, "stream") }
        return streams.count == items.count ? streams : nil
    }

    private func revenueShare(_ fields: Fields) -> Rule.Kind? {
        let streams = streams(fields)
        let rate: ShareRate?
        switch (fields.optional("rate"), fields.optional("rate_by_role")) {
        case let (node?, nil):
            rate = reader.rate(node, "rate").map(ShareRate.flat)
        case let (nil, node?):
            rate = ratesByRole(node).map(ShareRate.byRole)
        case (_?, _?):
            fields.reportBoth("rate", "rate_by_role", in: fields.context)
            rate = nil
        case (nil, nil):
            if fields.misspelt.isDisjoint(with: ["rate", "rate_by_role"]) {
                reader.error(fields.node, "missing key 'rate' (or 'rate_by_role') in \(fields.context)")
            }
            rate = nil
        }
        guard let streams, let rate else { return nil }
        return .revenueShare(streams: streams, rate: rate)
    }

    private func ratesByRole(_ node: Node) -> [RoleRate]? {
        guard case let .mapping(mapping) = node, !mapping.isEmpty else {
            reader.error(node, "'rate_by_role' must map each role to a rate, such as {executed: 10%}")
            return nil
        }
        var seen: Set<String> = []
        let rates = mapping.map { key, value -> RoleRate? in
            guard let role = reader.word(key, "role") else { return nil }
            guard seen.insert(role).inserted else {
                reader.error(key, "duplicate key '\(role)' in 'rate_by_role'")
                return nil
            }
            return reader.rate(value, "rate_by_role.\(role)").map { RoleRate(role: role, rate: $0) }
        }
        let parsed = rates.compactMap { $0 }
        return parsed.count == rates.count ? parsed : nil
    }

    private func perUnit(_ fields: Fields) -> Rule.Kind? {
        let streams = streams(fields)
        let price = fields.required("per_unit").flatMap { reader.decimal($0, "per_unit", nonNegative: true) }
        guard let streams, let price else { return nil }
        return .perUnit(streams: streams, price: price)
    }

    private func discount(_ fields: Fields) -> Rule.Kind? {
        let streams = streams(fields)
        let rate = fields.required("rate").flatMap { reader.rate($0, "rate") }
        let settle = fields.required("settle").flatMap { reader.choice($0, "settle", as: DiscountSettlement.self) }
        guard let streams, let rate, let settle else { return nil }
        return .discount(streams: streams, rate: rate, settle: settle)
    }

    private func volumeBonus(_ fields: Fields) -> Rule.Kind? {
        let mode = fields.required("mode").flatMap { reader.choice($0, "mode", as: VolumeBonus.Mode.self) }
        let gpuTypes: [String]?? = fields.optional("gpu_types").map(self.gpuTypes)
        let tiers = fields.required("tiers").flatMap { self.tiers($0, mode: mode) }
        guard let mode, let tiers, gpuTypes.map({ $0 != nil }) ?? true else { return nil }
        return .volumeBonus(VolumeBonus(mode: mode, gpuTypes: gpuTypes ?? nil, tiers: tiers))
    }

    private func gpuTypes(_ node: Node) -> [String]? {
        guard let items = reader.sequence(node, "gpu_types") else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "'gpu_types' must list at least one GPU type, or be left out to count every row")
            return nil
        }
        let types = items.compactMap { reader.word($0, "GPU type") }
        return types.count == items.count ? types : nil
    }

    /// Tiers start at `from: 0` and rise strictly; each pays `per_hour`, or `amount` in threshold mode.
    private func tiers(_ node: Node, mode: VolumeBonus.Mode?) -> [VolumeBonus.Tier]? {
        guard let items = reader.sequence(node, "tiers") else { return nil }
        guard !items.isEmpty else {
            reader.error(node, "'tiers' must list at least one tier, starting with 'from: 0'")
            return nil
        }
        let valueKey = mode == .threshold ? "amount" : "per_hour"
        let otherKey = mode == .threshold ? "per_hour" : "amount"
        var tiers: [VolumeBonus.Tier] = []
        var complete = true
        for item in items {
            let context = mode.map { "a \($0.rawValue) tier" } ?? "a tier"
            if let mode, let wrong = item.mapping?[otherKey], item.mapping?[valueKey] == nil,
               let wrongKey = item.mapping?.keys.first(where: { $0.scalar?.string == otherKey }) {
                _ = wrong
                reader.error(wrongKey, "a \(mode.rawValue) tier pays \(mode == .threshold ? "an 'amount'" : "'per_hour'"), not '\(otherKey)'")
                complete = false
                continue
            }
            let allowed = mode == nil ? ["from", "per_hour", "amount"] : ["from", valueKey]
            guard let fields = reader.fields(item, context, allowed: allowed) else { complete = false; continue }
            let fromNode = fields.required("from")
            let from = fromNode.flatMap { reader.decimal($0, "from", nonNegative: true) }
            let value = mode == nil ? nil
                : fields.required(valueKey).flatMap { reader.decimal($0, valueKey, nonNegative: true) }
            guard let fromNode, let from, let value else { complete = false; continue }
            if tiers.isEmpty, !from.isZero {
                reader.error(fromNode, "the first tier must start at 'from: 0', not \(from)")
            } else if let previous = tiers.last, from <= previous.from {
                reader.error(fromNode, "tier 'from' values must rise strictly: \(from) follows \(previous.from)")
            }
            tiers.append(VolumeBonus.Tier(from: from, value: value))
        }
        return complete ? tiers : nil
    }
}
