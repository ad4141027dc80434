/// COPY's text format: one row a line, tab-separated, `\N` for NULL, and `\`, tab and line ends
/// escaped, so any text arrives exactly as it was.
enum CopyText {
    static func row(_ values: [String?]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(9) }
            guard let value else { bytes += [92, 78]; continue }
            for byte in value.utf8 {
                switch byte {
                case 92: bytes += [92, 92]
                case 9: bytes += [92, 116]
                case 10: bytes += [92, 110]
                case 13: bytes += [92, 114]
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(10)
        return bytes
    }
}
