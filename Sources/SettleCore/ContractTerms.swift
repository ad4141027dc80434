/// A contract version's terms in plain words, for a partner manager (`settle contracts show`) and
/// what an amendment changes, term by term (`settle contracts diff`). Numbers are exact, as in the
/// statement lines' explanations.
public enum ContractTerms {
    /// One term of a contract version: what it is called and what it says.
    public struct Term: Sendable, Hashable {
        /// `rule api-share`, `cap`, `payment`, ...: the same name in every version.
        public let name: String
        public let words: String
    }

    /// Every term of `contract`, in the order of a contract file: its days in force, currency,
    /// rules, limits, payment terms, payee and benefits.
    public static func terms(of contract: Contract) -> [Term] {
        let currency = contract.currency
        var terms = [
            Term(name: "in force", words: inForce(contract)),
            Term(name: "currency", words: currency.code),
        ]
        terms += contract.rules.map { Term(name: "rule \($0.id)", words: words(for: $0, currency: currency)) }
        terms.append(Term(name: "cap", words: contract.limits.cap.map {
            "earnings of at most \(Explain.money($0, currency)) a month (scaled to the days in force)"
        } ?? "none"))
        terms.append(Term(name: "floor", words: contract.limits.floor.map {
            "earnings of at least \(Explain.money($0, currency)) a month (scaled to the days in force)"
        } ?? "none"))
        let payment = contract.payment
        let minimum = payment.minimumPayout.isZero ? "every positive balance is paid"
            : "balances below \(Explain.money(payment.minimumPayout, currency)) are carried forward"
        terms.append(Term(name: "payment", words: "due \(payment.netDays) days after the month ends; \(minimum); "
                          + "each line rounded \(payment.rounding.words)"))
        terms.append(Term(name: "payee", words: payee(contract.payee)))
        terms.append(Term(name: "benefits", words: contract.benefits.isEmpty ? "none" : contract.benefits.joined(separator: "; ")))
        return terms
    }

    /// What `rule` pays or charges: `12% of api_usage revenue`.
    public static func words(for rule: Rule, currency: Currency) -> String {
        switch rule.kind {
        case let .revenueShare(streams, .flat(rate)):
            return "\(Explain.percent(rate)) of \(Explain.streamList(streams)) revenue"
        case let .revenueShare(streams, .byRole(rates)):
            return "of \(Explain.streamList(streams)) revenue, by role: "
                + rates.map { "\(Explain.percent($0.rate)) for \($0.role)" }.joined(separator: ", ")
        case let .perUnit(streams, price):
            return "\(Explain.money(price, currency)) per unit of \(Explain.streamList(streams))"
        case let .discount(streams, rate, .net):
            return "\(Explain.percent(rate)) discount on \(Explain.streamList(streams)) purchases, charged net"
        case let .discount(streams, rate, .rebate):
            return "\(Explain.percent(rate)) rebate on \(Explain.streamList(streams)) purchases"
        case let .volumeBonus(bonus):
            let hours = "compute hours" + (bonus.gpuTypes.map { " (" + $0.joined(separator: ", ") + ")" } ?? "")
            let tiers = bonus.tiers.map { tier in
                bonus.mode == .threshold
                    ? "\(Explain.money(tier.value, currency)) from \(Explain.number(tier.from)) h"
                    : "\(Explain.money(tier.value, currency))/h from \(Explain.number(tier.from)) h"
            }
            let how = switch bonus.mode {
            case .graduated: "each hour at its tier's rate"
            case .volume: "every hour at the rate of the highest tier reached"
            case .threshold: "the amount of the highest tier reached"
            }
            return "\(bonus.mode.rawValue) bonus on \(hours), \(how): " + tiers.joined(separator: "; ")
                + " (tiers for a whole month, scaled to the days in force)"
        case let .fixed(amount):
            return amount.isNegative ? "a charge of \(Explain.money(amount.magnitude, currency)) a month"
                : "\(Explain.money(amount, currency)) a month"
        }
    }

    /// What changes from `old` to `new`, one sentence per term, in the order of `new`'s terms
    /// (then the terms it no longer has): `rule api-share: 10% of api_usage revenue → 12% of ...`.
    public static func changes(from old: Contract, to new: Contract) -> [String] {
        let before = terms(of: old), after = terms(of: new)
        let beforeByName = Dictionary(before.map { ($0.name, $0.words) }, uniquingKeysWith: { first, _ in first })
        let afterNames = Set(after.map(\.name))
        var changes: [String] = []
        for term in after {
            switch beforeByName[term.name] {
            case nil: changes.append("\(term.name) added: \(term.words)")
            case let was? where was != term.words: changes.append("\(term.name): \(was) → \(term.words)")
            default: break
            }
        }
        changes += before.filter { !afterNames.contains($0.name) }.map { "\($0.name) removed (was: \($0.words))" }
        if old.provider != new.provider {
            changes.append("provider: \(old.provider.id) (\(old.provider.name)) → \(new.provider.id) (\(new.provider.name))")
        }
        return changes
    }

    private static func inForce(_ contract: Contract) -> String {
        var words = "from \(contract.effective)"
        if let expires = contract.expires { words += " until \(expires)" }
        if let terminated = contract.terminated { words += "; terminated: last day in force \(terminated)" }
        if let notice = contract.noticeDays { words += "; \(notice) days' notice" }
        return words + (contract.expires == nil && contract.terminated == nil ? " until a later version replaces it" : "")
    }

    private static func payee(_ payee: Payee) -> String {
        let account = switch payee.account {
        case .iban(let iban): "IBAN \(iban)"
        case .other(let other): "account \(other)"
        case let .aba(account, routing): "account \(account), ABA routing number \(routing)"
        }
        let address = [payee.address.street, [payee.address.postcode, payee.address.town].compactMap { $0 }.joined(separator: " "),
                       payee.address.country].compactMap { $0 }.joined(separator: ", ")
        return "\(payee.name), \(account)" + (payee.bic.map { ", BIC \($0)" } ?? "") + "; \(address)"
    }
}

extension RoundingMode {
    /// `half even`, `half up`.
    public var words: String { rawValue.replacingUnderscores }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
