/// ISO 20022 external status reason codes (`ExternalStatusReason1Code`, also used as return
/// reasons, `ExternalReturnReason1Code`) that Settle names in words: the ones banks send for
/// rejected and returned credit transfers. A code outside this table is shown as it came, with
/// "reason code not in Settle's table".
public enum StatusReason {
    /// The short text of `code`, e.g. `AC04` → "closed account".
    ///
    /// ```swift
    /// StatusReason.text(of: "AC04")   // "closed account"
    /// ```
    public static func text(of code: String) -> String {
        texts[code] ?? "reason code not in Settle's table"
    }

    /// The ISO external code list's names, shortened to what a person reads in a statement.
    public static let texts: [String: String] = [
        "AC01": "incorrect account number",
        "AC03": "invalid creditor account number",
        "AC04": "closed account",
        "AC06": "blocked account",
        "AC13": "invalid debtor account type",
        "AG01": "transaction forbidden on this account",
        "AG02": "invalid bank operation code",
        "AM04": "insufficient funds",
        "AM05": "duplication",
        "BE04": "missing creditor address",
        "CUST": "requested by customer",
        "DUPL": "duplicate payment",
        "FF01": "invalid file format",
        "MD07": "end customer deceased",
        "MS02": "not specified reason, customer generated",
        "MS03": "not specified reason, agent generated",
        "NARR": "narrative",
        "RC01": "incorrect bank identifier",
        "RR01": "missing debtor account or identification",
        "RR02": "missing debtor name or address",
        "RR03": "missing creditor name or address",
        "RR04": "regulatory reason",
    ]
}
