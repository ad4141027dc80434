@testable import SettleStore
import SettleTestSupport
import Testing

@Suite("Repeated refs found among 64-bit hashes, sorted in place")
struct RefHashTests {
    @Test("agrees with a set over random hashes, with and without one planted repeat", arguments: [0, 1, 7, 1_000, 50_000])
    func containsRepeats(count: Int) {
        var random = SystemRandomNumberGenerator()
        var hashes = (0..<count).map { _ in random.next() as UInt64 }
        let unique = Set(hashes).count == hashes.count
        var copy = hashes
        #expect(ChunkProducer.containsRepeats(&copy) == !unique)
        #expect(copy.sorted() == hashes.sorted())                 // a permutation, nothing lost
        guard count > 1 else { return }
        hashes[count - 1] = hashes[count / 2]                     // plant a repeat
        #expect(ChunkProducer.containsRepeats(&hashes))
    }

    @Test("hashes sharing their top byte are compared within their part")
    func sameTopByte() {
        var hashes: [UInt64] = [0xAB00_0000_0000_0002, 0x0100_0000_0000_0000, 0xAB00_0000_0000_0001, 0xAB00_0000_0000_0002]
        #expect(ChunkProducer.containsRepeats(&hashes))
        var distinct: [UInt64] = [0xAB00_0000_0000_0003, 0x0100_0000_0000_0000, 0xAB00_0000_0000_0001, 0xFF00_0000_0000_0002]
        #expect(!ChunkProducer.containsRepeats(&distinct))
    }
}
