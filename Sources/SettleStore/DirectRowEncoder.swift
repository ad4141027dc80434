import SettleCore

/// Checks a record of a fact file on its bytes and appends it to a COPY text buffer, for the
/// direct path of an import: no `String` and no array per row for the values a file is made of
/// (ASCII refs, dates, ids, names, decimals, currency codes). Anything else goes through the
/// dataset's own check on a `String`, so a value is accepted exactly when `Dataset.Column.check`
/// accepts it, and stored as the same text.
///
/// `encode` returns `nil` at the first value the direct path cannot take; the staging path then
/// imports the file and names every problem by line.
struct DirectRowEncoder {
    /// What one row told the producer besides its COPY text.
    struct Row {
        /// `yyyymmdd`.
        let date: Int
    }

    private enum Kind {
        case ref, date, provider, word, optionalWord, decimal, currency, optionalText, other
    }

    private let columns: [Dataset.Column]
    private let kinds: [Kind]
    /// Each column's field in the file (`nil`: an optional column the file does not have).
    private let indices: [Int?]
    private let headerCount: Int
    private let providers: Set<String>
    private let importID: [UInt8]
    /// Each column's bytes in the current row (empty for SQL NULL), for the rollups.
    private var spans: [Range<Int>]
    private var sums: [Int64?] = [nil, nil]
    private let sumColumns: [Int]
    private var lastProvider: [UInt8] = []
    private var currencies: [UInt32: Bool] = [:]

    init(layout: CSVLayout, providers: Set<String>, importID: String) {
        columns = layout.columns
        indices = layout.indices
        headerCount = layout.headerCount
        self.providers = providers
        self.importID = Array(importID.utf8)
        spans = Array(repeating: 0..<0, count: layout.columns.count)
        kinds = layout.columns.map { column in
            switch column.sqlName.name {
            case "ref": .ref
            case "date": .date
            case "provider_id": .provider
            case "stream": .word
            case "role", "gpu_type": .optionalWord
            case "quantity", "amount", "hours": .decimal
            case "currency": .currency
            case "customer": .optionalText
            default: .other
            }
        }
        sumColumns = layout.columns.indices.filter { ["quantity", "amount", "hours"].contains(layout.columns[$0].sqlName.name) }
    }

    /// Appends the record's COPY text line (its values, then the import id) to `out` and its sums
    /// to `rollups`; `nil` when the direct path cannot take it.
    mutating func encode(_ fields: CSVReader.Fields, into out: inout [UInt8], rollups: inout RollupAccumulator) -> Row? {
        guard fields.count == headerCount else { return nil }
        return fields.bytes.withUnsafeBufferPointer { all -> Row? in
            var date = 0
            for position in columns.indices {
                if position > 0 { out.append(9) }
                guard let index = indices[position] else {
                    out.append(92); out.append(78)
                    spans[position] = 0..<0
                    continue
                }
                let range = fields.range(of: index)
                let field = UnsafeBufferPointer(rebasing: all[range])
                spans[position] = range
                var fast = false
                switch kinds[position] {
                case .ref:
                    fast = (1...200).contains(field.count) && Self.isPrintableASCII(field)
                case .date:
                    // Anything but the plain form is left to the staging path, which says what is wrong.
                    guard let day = Self.date(field) else { return nil }
                    date = day
                    fast = true
                case .provider:
                    if field.hasSameBytes(as: lastProvider) {
                        fast = true
                    } else if providers.contains(String(decoding: field, as: UTF8.self)) {
                        lastProvider.removeAll(keepingCapacity: true)
                        lastProvider.append(contentsOf: field)
                        fast = true
                    } else {
                        return nil
                    }
                case .word:
                    fast = Self.isWord(field)
                case .optionalWord:
                    if field.isEmpty { out.append(92); out.append(78); continue }
                    fast = Self.isWord(field)
                case .decimal:
                    guard let scanned = Rational.scanDecimal(bytes: field), scanned.fractionDigits <= 6,
                          scanned.wholeDigits <= Checks.maxWholeDigits else { return nil }
                    if let slot = sumColumns.firstIndex(of: position) { sums[slot] = scanned.units(scale: 6) }
                    fast = true
                case .currency:
                    fast = currency(field)
                case .optionalText:
                    if field.isEmpty { out.append(92); out.append(78); continue }
                    fast = field.count <= 200 && Self.isPrintableASCII(field)
                case .other:
                    break
                }
                if fast {
                    out.append(contentsOf: field)
                } else {
                    guard slow(field, position, into: &out) else { return nil }
                }
            }
            out.append(9)
            out.append(contentsOf: importID)
            out.append(10)
            rollups.add(all, spans: spans, first: sums[0], second: sumColumns.count > 1 ? sums[1] : 0)
            return Row(date: date)
        }
    }

    /// The dataset's own check on the value as text, its result appended COPY-escaped.
    private func slow(_ field: UnsafeBufferPointer<UInt8>, _ position: Int, into out: inout [UInt8]) -> Bool {
        guard !field.contains(0), let text = String(validating: field, as: UTF8.self),
              case let .success(value) = columns[position].check(text) else { return false }
        guard let value else { out.append(92); out.append(78); return true }
        for byte in value.utf8 {
            switch byte {
            case 92: out.append(92); out.append(92)
            case 9: out.append(92); out.append(116)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            default: out.append(byte)
            }
        }
        return true
    }

    private mutating func currency(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard field.count == 3 else { return false }
        let key = UInt32(field[0]) << 16 | UInt32(field[1]) << 8 | UInt32(field[2])
        if let known = currencies[key] { return known }
        let valid = Currency(code: String(decoding: field, as: UTF8.self)) != nil
        currencies[key] = valid
        return valid
    }

    /// Space to `~` but `\`: no control character, nothing to escape for COPY, one byte a character.
    private static func isPrintableASCII(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x5C }
    }

    /// `NameRule.word` on bytes: 1 to 63 of a-z, 0-9, `_` and `-`.
    private static func isWord(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        (1...63).contains(field.count) && field.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
        }
    }

    /// `YYYY-MM-DD` of a real day in the years Settle takes (2000 to 2999), as `yyyymmdd`.
    static func date(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
        guard field.count == 10, field[4] == 0x2D, field[7] == 0x2D else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = field[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              (2000...2999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return nil }
        return year * 10_000 + month * 100 + day
    }
}
