/// COPY's text format: one row a line, tab-separated, `\N` for NULL, and `\`, tab and line ends
/// escaped, so any text arrives exactly as it was.
enum CopyText {
    static func row(_ values: [String?]) -> [UInt8] {
        var bytes: [UInt8] = []
        // Sized once: a statement's row holds its 3.4 KB document, which grew the array five
        // times from a guess (issue 19, perf).
        bytes.reserveCapacity(values.reduce(1) { $0 + ($1?.utf8.count ?? 2) + 1 })
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(9) }
            guard var value else { bytes += [92, 78]; continue }
            value.withUTF8 { utf8 in
                // Most text needs no escaping (a canonical JSON document has no line ends or tabs,
                // and a backslash only in an escape): copied whole.
                if utf8.allSatisfy({ $0 != 92 && $0 != 9 && $0 != 10 && $0 != 13 }) {
                    bytes.append(contentsOf: utf8)
                } else {
                    appendEscaped(utf8, to: &bytes)
                }
            }
        }
        bytes.append(10)
        return bytes
    }

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        for byte in utf8 {
            switch byte {
            case 92: bytes += [92, 92]
            case 9: bytes += [92, 116]
            case 10: bytes += [92, 110]
            case 13: bytes += [92, 114]
            default: bytes.append(byte)
            }
        }
    }
}
