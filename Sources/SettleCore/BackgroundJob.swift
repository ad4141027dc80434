import Dispatch

/// One job at a time on another thread: `start` hands it over, `wait` blocks until it is done and
/// gives its result or rethrows its error. For overlapping CPU work with work on a database
/// connection or a disk, which only the caller's thread touches.
///
/// ```swift
/// let job = BackgroundJob<[Statement]>()
/// job.start { try settle(batch) }
/// let next = try store.read(nextBatch)   // while the batch is settled
/// let statements = try job.wait()
/// ```
public final class BackgroundJob<Output: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Touched by the caller's thread only.
    private var running = false
    // Written by the job before it signals `finished`, read by `wait` after: never at once.
    private var result: Result<Output, any Error>?

    public init() {}

    /// A new job started at once: for work that runs beside another of its kind.
    public static func started(_ job: @escaping @Sendable () throws -> Output) -> BackgroundJob<Output> {
        let background = BackgroundJob<Output>()
        background.start(job)
        return background
    }

    public func start(_ job: @escaping @Sendable () throws -> Output) {
        precondition(!running, "one job at a time")
        running = true
        DispatchQueue.global().async {
            self.result = Result { try job() }
            self.finished.signal()
        }
    }

    /// The job's result; `nil` when none was started since the last `wait`.
    public func wait() throws -> Output? {
        guard running else { return nil }
        finished.wait()
        running = false
        defer { result = nil }
        return try result!.get()
    }
}
