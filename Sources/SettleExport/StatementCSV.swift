public import SettleCore

/// `PROVIDER.csv` (docs/REFERENCE.md §5): the statement lines, one row each (RFC 4180, CRLF), safe to open in a
/// spreadsheet: a cell that could start a formula is prefixed with `'`. Every row names its
/// provider, period and status, so rows pasted together from many files still say where they are
/// from and whether they are final.
public enum StatementCSV {
    static let header = ["provider", "period", "status", "rule", "type", "version", "role", "first", "last", "basis",
                         "rate", "amount", "currency", "explanation", "adjusts"]

    private static let headerRow = header.map(cell).joined(separator: ",") + "\r\n"

    public static func render(_ statement: Statement, status: StatementStatus) -> String {
        // Appended cell by cell into one string: an array per row, joined, showed in the profile
        // of 20,000 statements (issue 19).
        var text = headerRow
        func row(_ cells: [String]) {
            for (index, value) in cells.enumerated() {
                if index > 0 { text += "," }
                text += cell(value)
            }
            text += "\r\n"
        }
        for line in statement.lines {
            row([statement.provider.id, statement.period.description, status.rawValue,
                 line.rule, line.type.rawValue, String(line.version), line.role ?? "",
                 line.first.description, line.last.description,
                 line.basis?.description ?? "", line.rate?.description ?? "", line.amount.description,
                 statement.currency.code, line.explanation, line.adjusts?.description ?? ""])
        }
        return text
    }

    /// One cell: neutralised if it could start a formula, quoted if it needs to be.
    public static func renderCell(_ text: String) -> String { cell(text) }

    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first),
           Rational.scanDecimal(value) == nil {
            value = "'" + value
        }
        // The bytes first: most cells have none of these, and a walk over characters is slow.
        guard value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
                                           || $0 == UInt8(ascii: "\r") }),
              value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
