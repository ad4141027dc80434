import SettleCore

/// Stored contract documents read straight from their parsed JSON, member by member, in the shape
/// synthesized `Codable` gives them (an enum case is an object of one member named after the case,
/// unlabelled values are `_0`; a `nil` optional is absent). `Decodable`'s containers and generic
/// calls per value were two thirds of decoding the 22,667 versions of 20,000 providers, and the
/// decoding holds up the start of every run (issue 19).
///
/// `contract(_:)` answers `nil` for a document of any other shape; `Decodable` then reads it and
/// says what is wrong. A test compares both readings over every contract of the demo and of
/// generated programmes.
enum ContractReading {
    static func contract(_ value: JSONValue) -> Contract? {
        try? Contract(Members(value))
    }
}

/// The document is not in the shape this reader knows.
private struct UnknownShape: Error {}

/// The members of a JSON object.
private struct Members {
    let members: [(key: String, value: JSONValue)]

    init(_ value: JSONValue) throws {
        guard case .object(let members) = value else { throw UnknownShape() }
        self.members = members
    }

    /// The value of `key`, `nil` when it is absent or `null` (as `decodeIfPresent` reads it).
    func optional(_ key: String) -> JSONValue? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    func required(_ key: String) throws -> JSONValue {
        guard let value = optional(key) else { throw UnknownShape() }
        return value
    }

    func string(_ key: String) throws -> String { try Self.string(try required(key)) }

    func optionalString(_ key: String) throws -> String? { try optional(key).map(Self.string) }

    func int(_ key: String) throws -> Int {
        guard case .number(let text) = try required(key), let int = Int(text) else { throw UnknownShape() }
        return int
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard optional(key) != nil else { return nil }
        return try int(key)
    }

    /// A value stored as its text (`Rational`, `Day`, ...).
    func text<T>(_ key: String, _ parse: (String) -> T?) throws -> T {
        guard let value = parse(try string(key)) else { throw UnknownShape() }
        return value
    }

    func optionalText<T>(_ key: String, _ parse: (String) -> T?) throws -> T? {
        guard optional(key) != nil else { return nil }
        return try text(key, parse)
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard case .array(let elements) = try required(key) else { throw UnknownShape() }
        return elements
    }

    func strings(_ key: String) throws -> [String] { try array(key).map(Self.string) }

    func object(_ key: String) throws -> Members { try Members(try required(key)) }

    /// An enum with associated values: its case's name and the case's own members.
    func onlyCase() throws -> (name: String, values: Members) {
        guard members.count == 1 else { throw UnknownShape() }
        return (members[0].key, try Members(members[0].value))
    }

    static func string(_ value: JSONValue) throws -> String {
        guard case .string(let text) = value else { throw UnknownShape() }
        return text
    }
}

private extension Contract {
    init(_ members: Members) throws {
        self.init(id: try members.string("id"), version: try members.int("version"),
                  provider: try Provider(try members.object("provider")), payee: try Payee(try members.object("payee")),
                  currency: try members.text("currency", Currency.init(code:)),
                  effective: try members.text("effective", Day.init), expires: try members.optionalText("expires", Day.init),
                  terminated: try members.optionalText("terminated", Day.init), noticeDays: try members.optionalInt("noticeDays"),
                  payment: try PaymentTerms(try members.object("payment")),
                  rules: try members.array("rules").map { try Rule(try Members($0)) },
                  limits: try Limits(try members.object("limits")), benefits: try members.strings("benefits"),
                  selfBilling: try members.optional("selfBilling").map { try SelfBilling(try Members($0)) })
    }
}

private extension Provider {
    init(_ members: Members) throws {
        self.init(id: try members.string("id"), name: try members.string("name"), country: try members.string("country"))
    }
}

private extension Payee {
    init(_ members: Members) throws {
        let account: Account
        switch try members.object("account").onlyCase() {
        case ("iban", let values): account = .iban(try values.string("_0"))
        case ("other", let values): account = .other(try values.string("_0"))
        case ("aba", let values): account = .aba(account: try values.string("account"), routing: try values.string("routing"))
        default: throw UnknownShape()
        }
        self.init(name: try members.string("name"), account: account, bic: try members.optionalString("bic"),
                  address: try PostalAddress(try members.object("address")))
    }
}

private extension PostalAddress {
    init(_ members: Members) throws {
        self.init(street: try members.optionalString("street"), postcode: try members.optionalString("postcode"),
                  town: try members.string("town"), country: try members.string("country"))
    }
}

private extension PaymentTerms {
    init(_ members: Members) throws {
        self.init(netDays: try members.int("netDays"), minimumPayout: try members.text("minimumPayout", Rational.init(codingText:)),
                  rounding: try members.text("rounding", RoundingMode.init(rawValue:)))
    }
}

private extension Limits {
    init(_ members: Members) throws {
        self.init(cap: try members.optionalText("cap", Rational.init(codingText:)),
                  floor: try members.optionalText("floor", Rational.init(codingText:)))
    }
}

private extension SelfBilling {
    init(_ members: Members) throws {
        self.init(agreement: try members.string("agreement"), since: try members.text("since", Day.init),
                  vatID: try members.optionalString("vatID"), vat: try members.text("vat", VATTreatment.init(text:)))
    }
}

private extension Rule {
    init(_ members: Members) throws {
        let kind: Kind
        switch try members.object("kind").onlyCase() {
        case ("revenueShare", let values):
            let rate: ShareRate
            switch try values.object("rate").onlyCase() {
            case ("flat", let flat): rate = .flat(try flat.text("_0", Rational.init(codingText:)))
            case ("byRole", let byRole):
                rate = .byRole(try byRole.array("_0").map { element in
                    let roleRate = try Members(element)
                    return RoleRate(role: try roleRate.string("role"), rate: try roleRate.text("rate", Rational.init(codingText:)))
                })
            default: throw UnknownShape()
            }
            kind = .revenueShare(streams: try values.strings("streams"), rate: rate)
        case ("perUnit", let values):
            kind = .perUnit(streams: try values.strings("streams"), price: try values.text("price", Rational.init(codingText:)))
        case ("discount", let values):
            kind = .discount(streams: try values.strings("streams"), rate: try values.text("rate", Rational.init(codingText:)),
                             settle: try values.text("settle", DiscountSettlement.init(rawValue:)))
        case ("volumeBonus", let values):
            let bonus = try values.object("_0")
            kind = .volumeBonus(VolumeBonus(
                mode: try bonus.text("mode", VolumeBonus.Mode.init(rawValue:)),
                gpuTypes: bonus.optional("gpuTypes") == nil ? nil : try bonus.strings("gpuTypes"),
                tiers: try bonus.array("tiers").map { element in
                    let tier = try Members(element)
                    return VolumeBonus.Tier(from: try tier.text("from", Rational.init(codingText:)),
                                            value: try tier.text("value", Rational.init(codingText:)))
                }))
        case ("fixed", let values): kind = .fixed(amount: try values.text("amount", Rational.init(codingText:)))
        default: throw UnknownShape()
        }
        self.init(id: try members.string("id"), kind: kind)
    }
}
