#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Named points where a test can stop `settle` dead, as a kill or a lost connection would:
/// `SETTLE_FAILPOINT=payouts.recorded settle payouts ...` sends the process SIGKILL there. Unset,
/// it costs one dictionary lookup.
///
/// `SETTLE_PAUSEPOINT=name SETTLE_PAUSEFILE=PATH` instead creates PATH there and waits until it is
/// removed (at most 60 s): a test stops a shard server at exactly that point, then lets `settle` go on.
///
/// `SETTLE_FAILPOINT_ERROR=name` makes `throwIfReached(name)` throw there, as a failed query would.
enum Failpoint {
    struct Failure: Error {}

    static func throwIfReached(_ name: String) throws {
        if ProcessInfo.processInfo.environment["SETTLE_FAILPOINT_ERROR"] == name { throw Failure() }
    }

    static func reached(_ name: String) {
        let environment = ProcessInfo.processInfo.environment
        if environment["SETTLE_PAUSEPOINT"] == name, let file = environment["SETTLE_PAUSEFILE"] {
            _ = FileManager.default.createFile(atPath: file, contents: nil)
            for _ in 0..<1200 where FileManager.default.fileExists(atPath: file) { usleep(50_000) }
        }
        guard environment["SETTLE_FAILPOINT"] == name else { return }
        kill(getpid(), SIGKILL)
    }
}
