/// One version of one partner agreement, as a partner manager wrote it (docs/REFERENCE.md §1).
///
/// A version is complete: a later version replaces every rule and term of the one before it from
/// its own `effective` day.
public struct Contract: Sendable, Hashable, Codable {
    public var id: String
    public var version: Int
    public var provider: Provider
    public var payee: Payee
    /// The statement and payout currency.
    public var currency: Currency
    /// First day in force.
    public var effective: Day
    /// Last day in force, if the agreement has an end date.
    public var expires: Day?
    /// Last day in force after a termination notice.
    public var terminated: Day?
    /// Informational only.
    public var noticeDays: Int?
    public var payment: PaymentTerms
    public var rules: [Rule]
    public var limits: Limits
    /// Non-cash benefits, printed on the statement.
    public var benefits: [String]
    /// `self_billing:`: we issue the provider's invoices (docs/REFERENCE.md §10). `nil` when absent,
    /// and then not encoded, so that contracts stored before it keep their content hash.
    public var selfBilling: SelfBilling?

    public init(id: String, version: Int, provider: Provider, payee: Payee, currency: Currency,
                effective: Day, expires: Day? = nil, terminated: Day? = nil, noticeDays: Int? = nil,
                payment: PaymentTerms, rules: [Rule], limits: Limits = Limits(), benefits: [String] = [],
                selfBilling: SelfBilling? = nil) {
        self.id = id
        self.version = version
        self.provider = provider
        self.payee = payee
        self.currency = currency
        self.effective = effective
        self.expires = expires
        self.terminated = terminated
        self.noticeDays = noticeDays
        self.payment = payment
        self.rules = rules
        self.limits = limits
        self.benefits = benefits
        self.selfBilling = selfBilling
    }

    /// The last day this version can be in force by its own terms: the earlier of `expires` and
    /// `terminated`, or `nil` when it runs until a later version replaces it.
    public var ownLastDay: Day? {
        switch (expires, terminated) {
        case let (e?, t?): return min(e, t)
        case let (e?, nil): return e
        case let (nil, t?): return t
        case (nil, nil): return nil
        }
    }
}

/// The compute provider a contract is with.
public struct Provider: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-2.
    public var country: String

    public init(id: String, name: String, country: String) {
        self.id = id
        self.name = name
        self.country = country
    }
}

/// Where a provider's money goes.
public struct Payee: Sendable, Hashable, Codable {
    public var name: String
    public var account: Account
    public var bic: String?
    public var address: PostalAddress

    public init(name: String, account: Account, bic: String?, address: PostalAddress) {
        self.name = name
        self.account = account
        self.bic = bic
        self.address = address
    }

    public enum Account: Sendable, Hashable, Codable {
        /// An IBAN, already checked with ISO 13616 mod-97.
        case iban(String)
        /// Any other account identification (then a BIC is required).
        case other(String)
        /// An account at a US bank named by its ABA routing number (9 digits, check digit already
        /// verified); the BIC is optional beside it (docs/REFERENCE.md §9, Accounts).
        case aba(account: String, routing: String)
    }
}

/// A structured postal address; town and country are all a payment needs.
public struct PostalAddress: Sendable, Hashable, Codable {
    public var street: String?
    public var postcode: String?
    public var town: String
    /// ISO 3166-1 alpha-2.
    public var country: String

    public init(street: String? = nil, postcode: String? = nil, town: String, country: String) {
        self.street = street
        self.postcode = postcode
        self.town = town
        self.country = country
    }
}

/// Payment terms of a contract version.
public struct PaymentTerms: Sendable, Hashable, Codable {
    /// Due date = last day of the period + `netDays`.
    public var netDays: Int
    /// Balances below it are carried forward.
    public var minimumPayout: Rational
    public var rounding: RoundingMode

    public init(netDays: Int, minimumPayout: Rational = .zero, rounding: RoundingMode = .halfEven) {
        self.netDays = netDays
        self.minimumPayout = minimumPayout
        self.rounding = rounding
    }
}

/// Per-period cap and minimum guarantee on earnings (never on charges).
public struct Limits: Sendable, Hashable, Codable {
    public var cap: Rational?
    public var floor: Rational?

    public init(cap: Rational? = nil, floor: Rational? = nil) {
        self.cap = cap
        self.floor = floor
    }
}

/// Our own company: the debtor of every payout (`contracts/payer.yaml`).
public struct Payer: Sendable, Hashable, Codable {
    public var name: String
    public var iban: String
    public var bic: String?
    public var address: PostalAddress
    /// `controls: {four_eyes: true}` in payer.yaml: close and payouts need another role's approval
    /// of the run (docs/REFERENCE.md §11). `nil` (absent) is off; optional so that payers stored before it decode.
    public var fourEyes: Bool?
    /// `accounts:` in payer.yaml, at most one per currency, in file order (docs/REFERENCE.md §9,
    /// Accounts). `nil` when none is named: optional so that payers stored before it decode, and
    /// so that a payer without accounts keeps its stored content hash.
    public var accounts: [PayerAccount]?
    /// `vat_id:` in payer.yaml, needed by a self-billing agreement (docs/REFERENCE.md §10); `nil`
    /// when absent (not encoded, so stored payers keep their content hash).
    public var vatID: String?
    /// `ledger:` in payer.yaml, the accounts of `settle journal`; `nil` means every default.
    public var ledger: Ledger?

    public init(name: String, iban: String, bic: String?, address: PostalAddress, fourEyes: Bool? = nil,
                accounts: [PayerAccount]? = nil, vatID: String? = nil, ledger: Ledger? = nil) {
        self.name = name
        self.iban = iban
        self.bic = bic
        self.address = address
        self.fourEyes = fourEyes
        self.accounts = accounts
        self.vatID = vatID
        self.ledger = ledger
    }

    public var requiresFourEyes: Bool { fourEyes ?? false }

    /// The account a currency's transfers are debited from: its own, else the payer's IBAN and BIC.
    ///
    /// ```swift
    /// payer.debitAccount(for: usd)   // PayerAccount(currency: USD, number: .other("4001234567"), bic: "CHASUS33XXX")
    /// payer.debitAccount(for: jpy)   // PayerAccount(currency: JPY, number: .iban(payer.iban), bic: payer.bic)
    /// ```
    public func debitAccount(for currency: Currency) -> PayerAccount {
        ownAccount(for: currency) ?? PayerAccount(currency: currency, number: .iban(iban), bic: bic)
    }

    /// The account `accounts:` names for `currency`, if any.
    public func ownAccount(for currency: Currency) -> PayerAccount? {
        accounts?.first { $0.currency == currency }
    }
}

/// One of the payer's own accounts, named for the transfers of one currency.
public struct PayerAccount: Sendable, Hashable, Codable {
    public var currency: Currency
    public var number: Number
    /// Optional with an IBAN, required with another account id (the parser sees to it).
    public var bic: String?

    public init(currency: Currency, number: Number, bic: String?) {
        self.currency = currency
        self.number = number
        self.bic = bic
    }

    public enum Number: Sendable, Hashable, Codable {
        /// An IBAN, already checked with ISO 13616 mod-97.
        case iban(String)
        /// Any other account identification (then a BIC is required).
        case other(String)
    }
}
