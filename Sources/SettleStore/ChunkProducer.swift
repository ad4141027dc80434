import Foundation
import SettleCore

/// Reads, checks and encodes a file's rows for COPY on a thread of its own, handing 1 MB chunks
/// to the connection's thread, so that the client's CPU work overlaps the server's instead of
/// taking turns with it.
///
/// It stops at the first row the direct import cannot take (`declined` is then true).
final class ChunkProducer: @unchecked Sendable {
    struct Chunk {
        let bytes: [UInt8]
        /// File bytes read when the chunk was made, for progress.
        let bytesRead: Int64
    }

    private let condition = NSCondition()
    private var queue: [Chunk] = []
    private var finished = false
    private var cancelled = false
    private static let depth = 8

    // Written by the producing thread only; read after `next()` returned nil.
    private(set) var declined = false
    private(set) var rows = 0
    private(set) var first: String
    private(set) var last: String
    /// Whether two rows of the file may share a `ref`: 64-bit hashes of every ref, sorted and
    /// compared (8 bytes a row, for at most `maxRefHashes` rows; a bigger file leaves the whole
    /// check to SQL, so memory stays flat). False means certainly not; true is confirmed exactly
    /// in SQL.
    private(set) var mayRepeatRefs = false
    private var refHashes: [UInt64] = []
    private static let maxRefHashes = 12_000_000
    /// The file's rollup sums, when few enough keys to keep on the client.
    private(set) var rollups: RollupAccumulator

    private var reader: CSVReader
    /// Rows of empty cells skipped; read once production has finished.
    var emptyRowsSkipped: Int { reader.emptyRowsSkipped }
    private let layout: CSVLayout
    private let providers: Set<String>
    private let providerIndex: Int
    private let dateIndex: Int
    private let importID: String
    private var ahead: [DirectRow]

    /// - Parameter fileSize: sizes the ref-hash array once (a row takes about 56 bytes or more), so it
    ///   never doubles: doubling would hold old and new storage at once at the peak.
    init(reader: CSVReader, layout: CSVLayout, providers: Set<String>, providerIndex: Int, dateIndex: Int,
         importID: String, ahead: [DirectRow], fileSize: Int64) {
        self.reader = reader
        self.layout = layout
        self.providers = providers
        self.providerIndex = providerIndex
        self.dateIndex = dateIndex
        self.importID = importID
        self.ahead = ahead
        self.rollups = RollupAccumulator(dataset: layout.dataset)
        refHashes.reserveCapacity(Int(min(max(fileSize / 56, 1024), Int64(Self.maxRefHashes))))
        first = ahead.first?.date ?? ""
        last = first
    }

    func start() {
        Thread { [self] in produce() }.start()
    }

    /// The next chunk; `nil` when the producer is done (look at `declined`).
    func next() -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let chunk = queue.removeFirst()
        condition.broadcast()
        return chunk
    }

    /// Stops the producer (the COPY failed); returns when it has stopped.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func produce() {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20 + 4096)
        do {
            for row in ahead { encode(row, into: &buffer) }
            ahead = []
            while let row = try Self.nextRow(&reader, layout, providers, providerIndex, dateIndex) {
                encode(row, into: &buffer)
                if buffer.count >= 1 << 20 {
                    guard put(buffer) else { break }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { _ = put(buffer) }
            if !mayRepeatRefs {
                mayRepeatRefs = Self.containsRepeats(&refHashes)
            }
            refHashes = []
        } catch {
            declined = true
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func encode(_ row: DirectRow, into buffer: inout [UInt8]) {
        rows += 1
        if mayRepeatRefs {
            // too many refs to keep: SQL checks them all
        } else if refHashes.count < refHashes.capacity || refHashes.count < 1 << 20 {
            // Reserved from the file's size; a big file never doubles the array (2x its memory).
            refHashes.append(stableHash(row.ref))
        } else {
            mayRepeatRefs = true
            refHashes = []
        }
        rollups.add(row.values)
        if row.date < first { first = row.date }
        if row.date > last { last = row.date }
        buffer += CopyText.row(row.values + [importID])
    }

    /// Queues a chunk, waiting while the queue is full; false when cancelled.
    private func put(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(Chunk(bytes: bytes, bytesRead: reader.bytesRead))
        condition.broadcast()
        return true
    }

    /// The checked values of the next row; throws `DirectImportDeclined` at anything the staging
    /// path must handle (a bad row, an unknown provider, bad CSV).
    static func nextRow(_ reader: inout CSVReader, _ layout: CSVLayout, _ providers: Set<String>,
                        _ providerIndex: Int, _ dateIndex: Int) throws -> DirectRow? {
        let next: CSVReader.Record?
        do { next = try reader.next() } catch { throw DirectImportDeclined() }
        guard let record = next else { return nil }
        guard case let .success(values) = layout.values(of: record), let provider = values[providerIndex],
              providers.contains(provider), let ref = values[0], let date = values[dateIndex] else { throw DirectImportDeclined() }
        return DirectRow(values: values, ref: ref, date: date)
    }
}

/// A checked row of a fact file, in the dataset's column order, with the two values the direct
/// path reads itself (the ref is the first column).
struct DirectRow {
    let values: [String?]
    let ref: String
    let date: String
}

extension ChunkProducer {
    /// Whether two hashes are equal, sorting them in place: first split by their top byte (one
    /// counting pass, then swaps), then each of the 256 parts sorted on its own, so the sort's
    /// scratch space is a 256th of the array's, not half of it (40 MB at 10M rows).
    static func containsRepeats(_ hashes: inout [UInt64]) -> Bool {
        hashes.withUnsafeMutableBufferPointer { buffer in
            var counts = [Int](repeating: 0, count: 256)
            for hash in buffer { counts[Int(hash >> 56)] += 1 }
            var starts = [Int](repeating: 0, count: 257)
            for part in 0..<256 { starts[part + 1] = starts[part] + counts[part] }
            var next = Array(starts.prefix(256))
            for part in 0..<256 {
                while next[part] < starts[part + 1] {
                    let hash = buffer[next[part]]
                    let home = Int(hash >> 56)
                    if home == part {
                        next[part] += 1
                    } else {
                        buffer.swapAt(next[part], next[home])
                        next[home] += 1
                    }
                }
            }
            for part in 0..<256 {
                var slice = UnsafeMutableBufferPointer(rebasing: buffer[starts[part]..<starts[part + 1]])
                slice.sort()
                if zip(slice, slice.dropFirst()).contains(where: { $0 == $1 }) { return true }
            }
            return false
        }
    }
}
