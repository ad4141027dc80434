/// An append-only column of values stored in fixed chunks of 65,536, so that growing it never
/// copies what is stored nor holds twice the memory for a moment, as doubling an `Array` does
/// (`RollupAccumulator` keeps millions of entries this way).
struct ChunkedColumn<Element> {
    private static var chunkBits: Int { 16 }
    private var chunks: [[Element]] = []
    private(set) var count = 0

    mutating func append(_ element: Element) {
        if count & ((1 << Self.chunkBits) - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(1 << Self.chunkBits)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    subscript(index: Int) -> Element {
        get { chunks[index >> Self.chunkBits][index & ((1 << Self.chunkBits) - 1)] }
        set { chunks[index >> Self.chunkBits][index & ((1 << Self.chunkBits) - 1)] = newValue }
    }
}
