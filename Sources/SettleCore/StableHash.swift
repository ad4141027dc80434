/// FNV-1a: a 64-bit hash that is the same in every process and on every machine (Swift's
/// `Hasher` is seeded per process). For names and refs, never for security.
public func stableHash(_ text: String) -> UInt64 {
    text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
}

/// `stableHash` of raw bytes: the same value as of the `String` they spell.
public func stableHash(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}
