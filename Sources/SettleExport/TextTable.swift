/// Plain-text tables for the terminal: columns padded to their widest cell, two spaces apart,
/// spaces at either end of a row trimmed.
///
/// ```swift
/// TextTable.render([["rule", "amount"], ["fee", "100.00"]], rightAligned: [1])
/// // "rule  amount\nfee   100.00"
/// ```
public enum TextTable {
    /// - Parameters:
    ///   - rows: the header row first; every row has the same number of cells.
    ///   - rightAligned: the columns of numbers.
    public static func render(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        guard let header = rows.first else { return "" }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingSpaces
        }.joined(separator: "\n")
    }
}

extension String {
    /// The text without spaces at either end (a row whose first cells are empty or padded).
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        while text.first == " " { text.removeFirst() }
        return String(text)
    }
}
