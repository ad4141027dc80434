#if canImport(Glibc)
import Glibc
#endif

extension UnsafeBufferPointer<UInt8> {
    /// Whether `bytes` holds exactly these bytes: one `memcmp`, where `elementsEqual` steps through
    /// both one element at a time (an import compares a few values of every row this way).
    func hasSameBytes(as bytes: [UInt8]) -> Bool {
        guard count == bytes.count else { return false }
        guard let base = baseAddress, count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, count) == 0 }
    }
}
