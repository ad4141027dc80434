import SettleCore

extension ContractParser {
    func provider(_ node: Node) -> Provider? {
        guard let fields = reader.fields(node, "'provider'", allowed: ["id", "name", "country"]) else { return nil }
        let id = fields.required("id").flatMap { reader.id($0, "provider id") }
        let name = fields.required("name").flatMap { reader.name($0, "provider.name") }
        let country = fields.required("country").flatMap { reader.country($0, "provider.country") }
        guard let id, let name, let country else { return nil }
        return Provider(id: id, name: name, country: country)
    }

    /// Where the money goes: an IBAN (BIC optional), another account id with a BIC, or an account
    /// at a US bank with its ABA routing number (BIC optional).
    func payee(_ node: Node) -> Payee? {
        guard let fields = reader.fields(node, "'payee'", allowed: ["name", "iban", "account", "aba", "bic", "address"])
        else { return nil }
        let name = fields.required("name").flatMap { reader.name($0, "payee.name") }
        let bic = fields.optional("bic").map { self.bic($0) }
        let aba = fields.optional("aba").map { self.aba($0) }
        let address = fields.required("address").flatMap(self.address)
        let account: Payee.Account?
        switch (fields.optional("iban"), fields.optional("account")) {
        case let (node?, nil):
            account = iban(node).map(Payee.Account.iban)
            if let abaNode = fields.optional("aba") {
                reader.error(abaNode, "'aba' goes with an 'account', not with an 'iban': an IBAN names its bank already")
            }
        case let (nil, node?):
            let number = reader.name(node, "payee.account")
            switch aba {
            case let routing??: account = number.map { Payee.Account.aba(account: $0, routing: routing) }
            case nil:
                account = number.map(Payee.Account.other)
                if bic == nil {
                    reader.error(fields.node, "'payee' with an 'account' needs a 'bic' (or, at a US bank, an 'aba') too")
                }
            case .some(nil): account = nil
            }
        case (_?, _?):
            fields.reportBoth("iban", "account", in: "'payee'")
            account = nil
        case (nil, nil):
            reader.error(fields.node, "missing key 'iban' (or 'account' with 'bic') in 'payee'")
            account = nil
        }
        guard let name, let account, let address, bic.map({ $0 != nil }) ?? true else { return nil }
        return Payee(name: name, account: account, bic: bic ?? nil, address: address)
    }

    /// An ABA routing number: 9 digits whose check digit matches (`BankIdentifiers.isValidABA`).
    func aba(_ node: Node) -> String? {
        guard let text = reader.text(node, "aba") else { return nil }
        guard text.count == 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            reader.error(node, "'aba' '\(text)' is not an ABA routing number: it must be 9 digits, such as '021000021'")
            return nil
        }
        guard BankIdentifiers.isValidABA(text) else {
            reader.error(node, "'aba' '\(text)' is not a valid ABA routing number: its check digit does not match (weights 3, 7, 1)")
            return nil
        }
        return text
    }

    func address(_ node: Node) -> PostalAddress? {
        guard let fields = reader.fields(node, "'address'", allowed: ["street", "postcode", "town", "country"])
        else { return nil }
        let street = fields.optional("street").map { reader.name($0, "address.street") }
        let postcode = fields.optional("postcode").map { reader.name($0, "address.postcode") }
        let town = fields.required("town").flatMap { reader.name($0, "address.town") }
        let country = fields.required("country").flatMap { reader.country($0, "address.country") }
        guard let town, let country, street.map({ $0 != nil }) ?? true, postcode.map({ $0 != nil }) ?? true
        else { return nil }
        return PostalAddress(street: street ?? nil, postcode: postcode ?? nil, town: town, country: country)
    }

    func iban(_ node: Node) -> String? {
        guard let text = reader.text(node, "iban") else { return nil }
        guard !text.contains(" ") else {
            reader.error(node, "'iban' must be written without spaces: '\(text.filter { $0 != " " })'")
            return nil
        }
        guard BankIdentifiers.isValidIBAN(text) else {
            reader.error(node, Self.ibanProblem(text))
            return nil
        }
        return text
    }

    /// Why `text` is not a valid IBAN, as precisely as can be told.
    static func ibanProblem(_ text: String) -> String {
        if text != text.uppercased(), BankIdentifiers.isValidIBAN(text.uppercased()) {
            return "'iban' must be written in capital letters: '\(text.uppercased())'"
        }
        guard (15...34).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return "'iban' '\(text)' is not an IBAN: it must be 15 to 34 capital letters and digits"
        }
        guard Country.isKnown(String(text.prefix(2))) else {
            return "'iban' '\(text)' does not start with a country code such as 'DE'"
        }
        return "'iban' '\(text)' is not a valid IBAN: its check digits do not match (ISO 13616 mod-97)"
    }

    func bic(_ node: Node) -> String? {
        guard let text = reader.text(node, "bic") else { return nil }
        guard BankIdentifiers.isValidBIC(text) else {
            reader.error(node, "'bic' '\(text)' is not a valid BIC (8 or 11 letters and digits, such as 'COBADEFFXXX')")
            return nil
        }
        return text
    }

    /// `payer: {name, iban, bic, address, accounts}`: our own company, the debtor of every payout.
    func payerDocument(_ root: Node) -> SourcedPayer? {
        guard let top = reader.fields(root, "the payer file", allowed: ["payer", "controls"]),
              let node = top.required("payer"),
              let fields = reader.fields(node, "'payer'", allowed: ["name", "iban", "bic", "address", "accounts", "vat_id", "ledger"])
        else { return nil }
        let name = fields.required("name").flatMap { reader.name($0, "payer.name") }
        let iban = fields.required("iban").flatMap(self.iban)
        let bic = fields.optional("bic").map { self.bic($0) }
        let address = fields.required("address").flatMap(self.address)
        let accounts = fields.optional("accounts").map(self.payerAccounts)
        let vatID = fields.optional("vat_id").map { self.vatID($0, "payer.vat_id") }
        let ledger = fields.optional("ledger").map(self.ledger)
        var fourEyes: Bool?
        if let controls = top.optional("controls") {
            guard let fields = reader.fields(controls, "'controls'", allowed: ["four_eyes"]) else { return nil }
            if let node = fields.optional("four_eyes") {
                switch reader.text(node, "controls.four_eyes") {
                case "true": fourEyes = true
                case "false": fourEyes = false
                case let other?:
                    reader.error(node, "'controls.four_eyes' must be true or false, not '\(other)'")
                    return nil
                case nil: return nil
                }
            }
        }
        guard let name, let iban, let address, bic.map({ $0 != nil }) ?? true, accounts.map({ $0 != nil }) ?? true,
              vatID.map({ $0 != nil }) ?? true, ledger.map({ $0 != nil }) ?? true
        else { return nil }
        let named = (accounts ?? nil).flatMap { $0.isEmpty ? nil : $0 }
        return SourcedPayer(payer: Payer(name: name, iban: iban, bic: bic ?? nil, address: address, fourEyes: fourEyes,
                                         accounts: named, vatID: vatID ?? nil, ledger: ledger ?? nil),
                            file: reader.log.file)
    }

    /// `accounts: [{currency, iban | account + bic}]`: at most one account per currency; `nil`
    /// when any entry is wrong (every problem is reported).
    func payerAccounts(_ node: Node) -> [PayerAccount]? {
        guard let items = reader.sequence(node, "payer.accounts") else { return nil }
        var accounts: [PayerAccount] = []
        var seen: [Currency: Node] = [:]
        var complete = true
        for (index, item) in items.enumerated() {
            let context = "account \(index + 1) of 'payer.accounts'"
            guard let fields = reader.fields(item, context, allowed: ["currency", "iban", "account", "bic"]) else {
                complete = false
                continue
            }
            let currency = fields.required("currency").flatMap { reader.currency($0, "payer.accounts.currency") }
            if let currency, let currencyNode = fields.optional("currency") {
                if let first = seen[currency] {
                    reader.error(currencyNode, "'payer.accounts' names \(currency.code) twice (first on line "
                                 + "\(reader.location(first).line)): one account per currency")
                } else {
                    seen[currency] = currencyNode
                }
            }
            let bic = fields.optional("bic").map { self.bic($0) }
            let number: PayerAccount.Number?
            switch (fields.optional("iban"), fields.optional("account")) {
            case let (node?, nil):
                number = iban(node).map(PayerAccount.Number.iban)
            case let (nil, node?):
                number = reader.name(node, "payer.accounts.account").map(PayerAccount.Number.other)
                if bic == nil {
                    reader.error(fields.node, "\(context) with an 'account' needs a 'bic' too")
                    complete = false
                }
            case (_?, _?):
                fields.reportBoth("iban", "account", in: context)
                number = nil
            case (nil, nil):
                reader.error(fields.node, "missing key 'iban' (or 'account' with 'bic') in \(context)")
                number = nil
            }
            if let currency, let number, bic.map({ $0 != nil }) ?? true {
                accounts.append(PayerAccount(currency: currency, number: number, bic: bic ?? nil))
            } else {
                complete = false
            }
        }
        return complete && Set(accounts.map(\.currency)).count == accounts.count ? accounts : nil
    }
}
