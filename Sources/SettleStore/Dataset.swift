import SettleCore

/// One of the three CSV datasets of docs/REFERENCE.md §2, with its columns and its row checks.
///
/// Checks of a single value (a date, a decimal, a currency) run in Swift while the file streams
/// to the server; checks across rows and against stored data run in SQL as set operations.
public enum Dataset: String, Sendable, CaseIterable {
    case revenue
    case computeHours = "compute-hours"
    case fxRates = "fx-rates"

    struct Column {
        /// The CSV header name.
        let name: String
        /// The staging and fact table column.
        let sqlName: Identifier
        let sqlType: SQL
        let required: Bool
        /// Checks one value; returns the text to store (`nil` for SQL NULL) or a problem sentence.
        let check: (String) -> Result<String?, ValueProblem>
    }

    struct ValueProblem: Error {
        let message: String
    }

    /// The table rows land in (from this fixed list, never from input).
    var table: Identifier {
        switch self {
        case .revenue: Identifier("revenue")
        case .computeHours: Identifier("compute_hours")
        case .fxRates: Identifier("fx_rates")
        }
    }

    /// The columns that identify a row: a re-sent row with the same key and content is a no-op.
    var keyColumns: [Identifier] {
        switch self {
        case .revenue, .computeHours: [Identifier("ref")]
        case .fxRates: [Identifier("period"), Identifier("from_currency"), Identifier("to_currency")]
        }
    }

    var isPartitioned: Bool { self != .fxRates }

    /// The table of per-day sums an import keeps current (none for FX rates).
    var rollupTable: Identifier? {
        switch self {
        case .revenue: Identifier("revenue_rollup")
        case .computeHours: Identifier("hours_rollup")
        case .fxRates: nil
        }
    }

    /// Adds the rows of import `$1` dated from `$2` to before `$3` to the rollup table: one row per
    /// month with its days (migration 25), or, on shards, one per day.
    func rollupSQL(monthly: Bool) -> SQL? {
        let (table, key, sums, days): (SQL, SQL, SQL, SQL) = switch self {
        case .revenue: ("revenue_rollup", "provider_id, stream, currency, role", "quantity, amount", "day_quantity, day_amount")
        case .computeHours: ("hours_rollup", "provider_id, gpu_type", "hours", "day_hours")
        case .fxRates: ("", "", "", "")
        }
        guard self != .fxRates else { return nil }
        // The optional key parts (role, GPU type) are '' in a rollup.
        let perDay: SQL = switch self {
        case .revenue: """
            SELECT provider_id, stream, currency, coalesce(role, '') AS role, date, import_id,
                   sum(quantity) AS quantity, sum(amount) AS amount, count(*) AS rows
            FROM revenue WHERE import_id = $1 AND date >= $2 AND date < $3
            GROUP BY provider_id, stream, currency, coalesce(role, ''), date, import_id
            """
        default: """
            SELECT provider_id, coalesce(gpu_type, '') AS gpu_type, date, import_id, sum(hours) AS hours, count(*) AS rows
            FROM compute_hours WHERE import_id = $1 AND date >= $2 AND date < $3
            GROUP BY provider_id, coalesce(gpu_type, ''), date, import_id
            """
        }
        guard monthly else { return "INSERT INTO \(table) (\(key), date, import_id, \(sums), rows) \(perDay)" }
        let totals: SQL = self == .revenue ? "sum(quantity), sum(amount)" : "sum(hours)"
        let arrays: SQL = self == .revenue
            ? "array_agg(quantity ORDER BY date), array_agg(amount ORDER BY date)" : "array_agg(hours ORDER BY date)"
        return """
            INSERT INTO \(table) (\(key), date, import_id, \(sums), rows, days, \(days), day_rows)
            SELECT \(key), date_trunc('month', date)::date, import_id, \(totals), sum(rows),
                   array_agg(extract(day FROM date)::smallint ORDER BY date), \(arrays), array_agg(rows ORDER BY date)
            FROM (\(perDay)) d
            GROUP BY \(key), date_trunc('month', date), import_id
            """
    }
    var hasProvider: Bool { self != .fxRates }
    var lockOffset: Int { Dataset.allCases.firstIndex(of: self)! }

    var columns: [Column] {
        switch self {
        case .revenue:
            [
                Column(name: "ref", sqlName: Identifier("ref"), sqlType: "text", required: true, check: Checks.ref),
                Column(name: "date", sqlName: Identifier("date"), sqlType: "date", required: true, check: Checks.date),
                Column(name: "provider", sqlName: Identifier("provider_id"), sqlType: "text", required: true, check: Checks.provider),
                Column(name: "stream", sqlName: Identifier("stream"), sqlType: "text", required: true, check: Checks.word("stream")),
                Column(name: "quantity", sqlName: Identifier("quantity"), sqlType: "numeric", required: true,
                       check: Checks.amount),
                Column(name: "amount", sqlName: Identifier("amount"), sqlType: "numeric", required: true,
                       check: Checks.amount),
                Column(name: "currency", sqlName: Identifier("currency"), sqlType: "text", required: true, check: Checks.currency),
                Column(name: "role", sqlName: Identifier("role"), sqlType: "text", required: false, check: Checks.optionalWord("role")),
                Column(name: "customer", sqlName: Identifier("customer"), sqlType: "text", required: false, check: Checks.optionalText),
            ]
        case .computeHours:
            [
                Column(name: "ref", sqlName: Identifier("ref"), sqlType: "text", required: true, check: Checks.ref),
                Column(name: "date", sqlName: Identifier("date"), sqlType: "date", required: true, check: Checks.date),
                Column(name: "provider", sqlName: Identifier("provider_id"), sqlType: "text", required: true, check: Checks.provider),
                // Negative in a reversal row; a window's total is checked by the run.
                Column(name: "hours", sqlName: Identifier("hours"), sqlType: "numeric", required: true,
                       check: Checks.amount),
                Column(name: "gpu_type", sqlName: Identifier("gpu_type"), sqlType: "text", required: false,
                       check: Checks.optionalWord("GPU type")),
            ]
        case .fxRates:
            [
                Column(name: "period", sqlName: Identifier("period"), sqlType: "date", required: true, check: Checks.period),
                Column(name: "from", sqlName: Identifier("from_currency"), sqlType: "text", required: true, check: Checks.currency),
                Column(name: "to", sqlName: Identifier("to_currency"), sqlType: "text", required: true, check: Checks.currency),
                Column(name: "rate", sqlName: Identifier("rate"), sqlType: "numeric", required: true, check: Checks.positiveRate),
            ]
        }
    }
}

/// Value checks, each a sentence fragment completing "column 'x': ...".
enum Checks {
    typealias Outcome = Result<String?, Dataset.ValueProblem>

    static func problem(_ message: String) -> Outcome { .failure(Dataset.ValueProblem(message: message)) }

    /// A value as a message quotes it: in single quotes, control characters escaped (a quoted CSV
    /// field may hold a line break, which must not break the message's own line), at most 40
    /// characters.
    ///
    /// ```swift
    /// Checks.shown("r2\nx")   // 'r2\nx'
    /// ```
    static func shown(_ text: String) -> String {
        var result = ""
        for character in text.prefix(40) {
            switch character {
            case "\n", "\r\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if character.unicodeScalars.contains(where: isControl) {
                    result += character.unicodeScalars.map { "\\u{\(String($0.value, radix: 16))}" }.joined()
                } else {
                    result.append(character)
                }
            }
        }
        return "'" + result + (text.count > 40 ? "...'" : "'")
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .control }

    /// A C0 or C1 control character (Unicode category Cc), found on the UTF-8 bytes.
    static func containsControl(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) { return true }
            previous = byte
        }
        return false
    }

    static func ref(_ text: String) -> Outcome {
        guard !text.isEmpty else { return problem("is empty; every row needs a ref") }
        guard !containsControl(text) else {
            return problem("\(shown(text)) contains a control character such as a line break; a ref is one line of text")
        }
        guard text.utf8.count <= 200 || text.count <= 200 else { return problem("\(shown(text)) is longer than 200 characters") }
        return .success(text)
    }

    static func date(_ text: String) -> Outcome {
        guard let day = Day(text) else { return problem("\(shown(text)) is not a date written YYYY-MM-DD") }
        guard Period.supported.contains(day.period) else { return problem("\(shown(text)) is outside the dates Settle takes, \(supportedDays)") }
        return .success(text)
    }

    static func period(_ text: String) -> Outcome {
        guard let period = Period(text) else { return problem("\(shown(text)) is not a period written YYYY-MM") }
        guard Period.supported.contains(period) else { return problem("\(shown(text)) is outside the periods Settle takes, \(supportedPeriods)") }
        return .success(period.firstDay.description)
    }

    static let supportedDays = "\(Period.supported.lowerBound.firstDay) to \(Period.supported.upperBound.lastDay)"
    static let supportedPeriods = "\(Period.supported.lowerBound) to \(Period.supported.upperBound)"

    static func provider(_ text: String) -> Outcome {
        NameRule.id.accepts(text) ? .success(text) : problem("\(shown(text)) is not a provider id (\(NameRule.id.spelling))")
    }

    static func word(_ what: String) -> (String) -> Outcome {
        { text in
            guard NameRule.word.accepts(text) else {
                // Contracts name streams, roles and GPU types in lower case; 'H100' would silently
                // match no rule, so it is refused with the spelling that would.
                let lower = text.lowercased()
                let hint = NameRule.word.accepts(lower) ? "; write it in lower case, as contracts do: '\(lower)'" : ""
                return problem("\(shown(text)) is not a \(what) name (\(NameRule.word.spelling))\(hint)")
            }
            return .success(text)
        }
    }

    static func optionalWord(_ what: String) -> (String) -> Outcome {
        { text in text.isEmpty ? .success(nil) : word(what)(text) }
    }

    static func optionalText(_ text: String) -> Outcome {
        guard !text.isEmpty else { return .success(nil) }
        guard text.count <= 200 else { return problem("\(shown(text)) is longer than 200 characters") }
        return .success(text)
    }

    static func currency(_ text: String) -> Outcome {
        Currency(code: text) != nil ? .success(text) : problem("\(shown(text)) is not an ISO 4217 currency code")
    }

    /// The most digits before the decimal point of an amount, quantity or hours: with 6 after it,
    /// 18 in all, what an ISO 20022 amount (and so every output) can carry, with room for sums.
    static let maxWholeDigits = 12

    /// An amount, quantity or hours: at most 6 digits after the point; negative in a reversal row.
    static var amount: (String) -> Outcome { decimal(example: "1234.50", fractionDigits: 6, wholeDigits: maxWholeDigits) }

    /// An FX rate: above zero, at most 12 digits after the point and 6 before it.
    static var positiveRate: (String) -> Outcome {
        decimal(example: "1.0825", fractionDigits: 12, wholeDigits: 6, positive: true)
    }

    /// Decimal text (`Rational.scanDecimal`) of at most `fractionDigits` digits after the point and
    /// `wholeDigits` significant ones before it, above zero if `positive`.
    static func decimal(example: String, fractionDigits: Int, wholeDigits: Int, positive: Bool = false) -> (String) -> Outcome {
        { text in
            guard let scanned = Rational.scanDecimal(text) else {
                return problem("\(shown(text)) is not an exact decimal number such as \(example)")
            }
            guard !positive || scanned.sign > 0 else { return problem("\(shown(text)) must be greater than zero") }
            guard scanned.fractionDigits <= fractionDigits else {
                return problem("\(shown(text)) has more than \(fractionDigits) digits after the decimal point")
            }
            guard scanned.wholeDigits <= wholeDigits else {
                return problem("\(shown(text)) has more than \(wholeDigits) digits before the decimal point")
            }
            return .success(text)
        }
    }
}
