public import SettleCore

/// One line of the period's double-entry journal (docs/REFERENCE.md §10): either a debit or a
/// credit, never both.
public struct JournalLine: Sendable, Hashable {
    public let entry: String
    public let date: Day
    public let account: String
    /// Positive: a debit; negative: a credit of its magnitude.
    public let amount: Money
    public let provider: String?
    public let period: Period
    public let reference: String
    public let text: String

    public init(entry: String, date: Day, account: String, amount: Money, provider: String?, period: Period,
                reference: String, text: String) {
        (self.entry, self.date, self.account, self.amount, self.provider, self.period, self.reference, self.text)
            = (entry, date, account, amount, provider, period, reference, text)
    }
}

/// The journal of a closed period: its entries built from statements and payout transfers, the
/// balance check, and the CSV `entry, date, account, debit, credit, currency, provider, period,
/// reference, text`.
public enum Journal {
    /// At close, one entry per provider (dated the period's last day): each earnings line type's
    /// sum against its expense account, the charges against the charges account, `vat` lines
    /// against the VAT account, and the period net against partner payables.
    ///
    /// - Parameter references: the provider's self-billed invoice number, when one was issued.
    public static func closeEntries(statements: [Statement], ledger: Ledger, references: [String: String] = [:]) -> [JournalLine] {
        statements.flatMap { statement -> [JournalLine] in
            let entry = "CLOSE-\(compact(statement.period))-\(statement.provider.id)"
            let reference = references[statement.provider.id] ?? "\(statement.contract) v\(statement.version)"
            var lines: [JournalLine] = []
            func add(_ account: String, _ amount: Money, _ text: String) {
                guard !amount.isZero else { return }
                lines.append(JournalLine(entry: entry, date: statement.period.lastDay, account: account, amount: amount,
                                         provider: statement.provider.id, period: statement.period,
                                         reference: reference, text: text))
            }
            // Earnings by line type, in the order the types are declared; then VAT and charges.
            for type in LineType.allCases where type != .vat {
                let sum = statement.lines.filter { $0.isEarning && $0.type == type }.map(\.amount).sum(in: statement.currency)
                add(ledger.earnings(for: type.rawValue), sum, "\(type.rawValue) earnings of \(statement.provider.id) for \(statement.period)")
            }
            add(ledger.account(.vat), statement.vat, "VAT on the self-billed invoice of \(statement.provider.id) for \(statement.period)")
            let charges = statement.lines.filter(\.isCharge).map(\.amount).sum(in: statement.currency)
            // A charge lowers what we owe: income, a credit (its amount is negative already).
            add(ledger.account(.charges), charges, "charges to \(statement.provider.id) for \(statement.period)")
            let net = lines.reduce(Money.zero(statement.currency)) { $0 + $1.amount }
            add(ledger.account(.payables), -net, "owed to \(statement.provider.id) for \(statement.period)")
            return lines
        }
    }

    /// At payout, one entry per payout file and currency (dated the day the file was recorded):
    /// each provider's transfer against payables, the total against the currency's bank account.
    public static func payoutEntries(period: Period, messageID: String, date: Day, transfers: [PayoutTransfer],
                                     ledger: Ledger) -> [JournalLine] {
        Dictionary(grouping: transfers, by: \.amount.currency).sorted { $0.key.code < $1.key.code }.flatMap { currency, group in
            let entry = "PAY-\(compact(period))-\(currency.code)"
            let ordered = group.sorted { $0.provider < $1.provider }
            let total = ordered.reduce(Money.zero(currency)) { $0 + $1.amount }
            return ordered.map { transfer in
                JournalLine(entry: entry, date: date, account: ledger.account(.payables), amount: transfer.amount,
                            provider: transfer.provider, period: period, reference: transfer.endToEndID,
                            text: "payout to \(transfer.provider) for \(period)")
            } + [JournalLine(entry: entry, date: date, account: ledger.bank(for: currency), amount: -total, provider: nil,
                             period: period, reference: messageID, text: "payout file \(messageID), \(currency.code)")]
        }
    }

    /// Returned payouts (docs/REFERENCE.md §9 and §10): each payout that came back, as the
    /// statement that brings it back names it, is money back in the bank and owed to the provider
    /// again: one entry (dated the period's last day) debiting the currency's bank account and
    /// crediting partner payables.
    public static func returnedEntries(statements: [Statement], ledger: Ledger) -> [JournalLine] {
        statements.flatMap { statement in
            statement.returned.flatMap { returned -> [JournalLine] in
                let entry = "RETURN-\(compact(statement.period))-\(returned.endToEndId)"
                let text = "payout of \(returned.period) to \(statement.provider.id) came back (\(returned.reasonText))"
                return [(ledger.bank(for: returned.amount.currency), returned.amount), (ledger.account(.payables), -returned.amount)]
                    .map { account, amount in
                        JournalLine(entry: entry, date: statement.period.lastDay, account: account, amount: amount,
                                    provider: statement.provider.id, period: statement.period,
                                    reference: returned.endToEndId, text: text)
                    }
            }
        }
    }

    /// Each entry whose debits and credits differ in a currency: `CLOSE-202608-x EUR: debits 1.00, credits 2.00`.
    public static func unbalanced(_ lines: [JournalLine]) -> [String] {
        var sums: [String: (debit: Rational, credit: Rational)] = [:]
        var order: [String] = []
        for line in lines {
            let key = "\(line.entry) \(line.amount.currency.code)"
            if sums[key] == nil { order.append(key); sums[key] = (.zero, .zero) }
            if line.amount.isNegative { sums[key]!.credit += (-line.amount).value } else { sums[key]!.debit += line.amount.value }
        }
        return order.compactMap { key in
            guard let sum = sums[key], sum.debit != sum.credit else { return nil }
            return "\(key): debits \(sum.debit), credits \(sum.credit)"
        }
    }

    public static let header = "entry,date,account,debit,credit,currency,provider,period,reference,text"

    /// The CSV, header first; amounts with the currency's digits, the other column empty.
    public static func csv(_ lines: [JournalLine]) -> String {
        ([header] + lines.map { line in
            let magnitude = line.amount.isNegative ? -line.amount : line.amount
            return [line.entry, line.date.description, line.account,
                    line.amount.isNegative ? "" : magnitude.description, line.amount.isNegative ? magnitude.description : "",
                    line.amount.currency.code, line.provider ?? "", line.period.description, line.reference, line.text]
                .map(StatementCSV.cell).joined(separator: ",")
        }).joined(separator: "\n") + "\n"
    }

    private static func compact(_ period: Period) -> String { period.description.filter { $0 != "-" } }
}
