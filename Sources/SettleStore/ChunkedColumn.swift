/// An append-only column of plain values stored in fixed chunks of 65,536, so that growing it never
/// copies what is stored nor holds twice the memory for a moment, as doubling an `Array` does
/// (`RollupAccumulator` keeps millions of entries this way). The chunks are raw memory owned by
/// the column's storage: reading and writing an entry makes no uniqueness check, which on nested
/// arrays cost the accumulator a tenth of its time. Copies share their chunks: the accumulator that
/// owns the columns is never copied while it fills them.
struct ChunkedColumn<Element: BitwiseCopyable> {
    private final class Storage {
        var chunks: [UnsafeMutablePointer<Element>] = []
        deinit { for chunk in chunks { chunk.deallocate() } }
    }

    private static var chunkBits: Int { 16 }
    private let storage = Storage()
    private(set) var count = 0

    mutating func append(_ element: Element) {
        if count & ((1 << Self.chunkBits) - 1) == 0 {
            storage.chunks.append(UnsafeMutablePointer<Element>.allocate(capacity: 1 << Self.chunkBits))
        }
        (storage.chunks[count >> Self.chunkBits] + (count & ((1 << Self.chunkBits) - 1))).initialize(to: element)
        count += 1
    }

    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "index out of range")
            return storage.chunks[index >> Self.chunkBits][index & ((1 << Self.chunkBits) - 1)]
        }
        nonmutating set {
            precondition(index >= 0 && index < count, "index out of range")
            storage.chunks[index >> Self.chunkBits][index & ((1 << Self.chunkBits) - 1)] = newValue
        }
    }
}
