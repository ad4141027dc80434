/// The payer's chart of accounts for `settle journal` (`ledger:` in payer.yaml, docs/REFERENCE.md
/// §10): an account number per role, each with a documented default.
///
/// ```swift
/// Ledger().account(.payables)                               // "3300"
/// Ledger(accounts: ["revenue_share": "6110"]).earnings(for: "revenue_share")   // "6110"
/// ```
public struct Ledger: Sendable, Hashable, Codable {
    /// Account numbers by key (`Key.rawValue`, a rule type, or `bank_` and a currency code), as
    /// written in payer.yaml.
    public var accounts: [String: String]

    public init(accounts: [String: String] = [:]) {
        self.accounts = accounts
    }

    public enum Key: String, CaseIterable, Sendable {
        /// Expense: what providers earn (every earnings line whose type has no account of its own).
        case earnings
        /// Income: what providers are charged (discounts settled net, negative fixed amounts).
        case charges
        /// Input VAT we may deduct on self-billed invoices with a rate.
        case vat
        /// Liability: what we owe providers until it is paid.
        case payables
        /// The bank (every currency without a `bank_CUR` account of its own).
        case bank

        /// The default when payer.yaml names none (an SKR-neutral, documented plan).
        public var defaultAccount: String {
            switch self {
            case .earnings: "6100"
            case .charges: "4100"
            case .vat: "1570"
            case .payables: "3300"
            case .bank: "1200"
            }
        }
    }

    /// The rule types that may have an earnings account of their own (`LineType` names).
    public static let earningsTypes = ["revenue_share", "per_unit", "discount", "volume_bonus", "fixed", "limit"]

    public func account(_ key: Key) -> String { accounts[key.rawValue] ?? key.defaultAccount }

    /// The expense account of a line type's earnings: its own, else `earnings`.
    public func earnings(for type: String) -> String { accounts[type] ?? account(.earnings) }

    /// The bank account a currency's payouts leave from: `bank_CUR`, else `bank`.
    public func bank(for currency: Currency) -> String { accounts["bank_\(currency.code)"] ?? account(.bank) }
}
