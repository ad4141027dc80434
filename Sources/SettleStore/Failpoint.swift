#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Named points where a test can stop `settle` dead, as a kill or a lost connection would:
/// `SETTLE_FAILPOINT=payouts.recorded settle payouts ...` sends the process SIGKILL there. Unset,
/// it costs one dictionary lookup.
enum Failpoint {
    static func reached(_ name: String) {
        guard ProcessInfo.processInfo.environment["SETTLE_FAILPOINT"] == name else { return }
        kill(getpid(), SIGKILL)
    }
}
