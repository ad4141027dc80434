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
    /// The client's memory for the queue and the file's rollup sums together: 1 MB chunks queue up
    /// to what the sums leave of it, and never fewer than 8. A file of 1 M rows is read to its end
    /// while its COPY has most of it still to go, so its rollups can be copied beside it
    /// (`RollupWriter`); at 10 M rows of 20,000 providers the sums take it all.
    private static let budget = 112 << 20
    private var depth: Int { max(8, (Self.budget - rollups.approximateBytes) >> 20) }

    // Written by the producing thread only (and by `readAhead` before it starts); read after
    // `next()` returned nil. Never accessed at once, so not checked at run time for that: the
    // checks were a twentieth of the producer's work, row by row (`perf`, issue 19).
    private(set) var declined = false
    @exclusivity(unchecked) private(set) var rows = 0
    /// The first and last day of the rows, as `yyyymmdd`.
    @exclusivity(unchecked) private var firstDate = Int.max
    @exclusivity(unchecked) private var lastDate = Int.min
    /// The file's rollup sums, when few enough keys to keep on the client.
    @exclusivity(unchecked) private(set) var rollups: RollupAccumulator

    @exclusivity(unchecked) private var reader: CSVReader
    /// Rows of empty cells skipped; read once production has finished.
    var emptyRowsSkipped: Int { reader.emptyRowsSkipped }
    @exclusivity(unchecked) private var encoder: DirectRowEncoder
    /// The COPY text not handed over yet.
    @exclusivity(unchecked) private var buffer: [UInt8] = []

    init(reader: CSVReader, layout: CSVLayout, providers: Set<String>, importID: String) {
        self.reader = reader
        self.encoder = DirectRowEncoder(layout: layout, providers: providers, importID: importID)
        self.rollups = RollupAccumulator(dataset: layout.dataset)
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    /// The first and last day of the rows read (`YYYY-MM-DD`).
    var first: String { Self.dayText(firstDate) }
    var last: String { Self.dayText(lastDate) }

    private static func dayText(_ date: Int) -> String {
        let year = String(date / 10_000), month = String(date / 100 % 100), day = String(date % 100)
        return year + "-" + (month.count < 2 ? "0" : "") + month + "-" + (day.count < 2 ? "0" : "") + day
    }

    /// Reads and encodes up to `count` rows before production starts, and tells which months they
    /// fall in (with shards, their partitions must exist before COPY starts).
    ///
    /// - Throws: `DirectImportDeclined` when a row cannot take the direct path or there is none.
    func readAhead(_ count: Int) throws -> Set<Period> {
        while rows < count, try nextRow() {}
        guard rows > 0 else { throw DirectImportDeclined() }
        return months
    }

    /// The months of the rows read so far (`yyyymm`).
    @exclusivity(unchecked) private var monthNumbers: Set<Int> = []
    @exclusivity(unchecked) private var lastMonth = 0

    /// Every month the rows read fall in.
    var months: Set<Period> { Set(monthNumbers.compactMap { Period(year: $0 / 100, month: $0 % 100) }) }

    /// Reads, checks and encodes the next row into `buffer`; false at the end of the file.
    private func nextRow() throws -> Bool {
        let more: Bool
        do { more = try reader.nextFields() } catch { throw DirectImportDeclined() }
        guard more else { return false }
        guard let row = encoder.encode(reader.fields, into: &buffer, rollups: &rollups) else { throw DirectImportDeclined() }
        rows += 1
        if row.date / 100 != lastMonth {
            lastMonth = row.date / 100
            monthNumbers.insert(lastMonth)
        }
        if row.date < firstDate { firstDate = row.date }
        if row.date > lastDate { lastDate = row.date }
        return true
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

    /// Returns when production has ended: true when every row of the file was read and encoded,
    /// false when a row was declined or the producer cancelled.
    func waitUntilDone() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        return !declined && !cancelled
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
        do {
            while try nextRow() {
                if buffer.count >= 1 << 20 {
                    guard put(buffer) else { break }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { _ = put(buffer) }
        } catch {
            declined = true
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a chunk, waiting while the queue is full; false when cancelled.
    private func put(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(Chunk(bytes: bytes, bytesRead: reader.bytesRead))
        condition.broadcast()
        return true
    }
}
