import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Progress on stderr: a bar redrawn in place on a terminal; elsewhere (logs, CI) one plain line
/// per quarter (or per stage) of a large job, and nothing for a small one.
///
/// Used from the thread that runs the job only (`@unchecked Sendable` so that a job's progress
/// callback may hold it).
final class ProgressBar: @unchecked Sendable {
    private let title: String
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastPercent = -1
    /// Below this many units, a job off the terminal prints no progress at all.
    private let plainThreshold: Int64

    /// - Parameter plainThreshold: the size of a job (in the units of `update`) from which it
    ///   prints plain lines off the terminal; 64 MB suits bytes.
    init(title: String, plainThreshold: Int64 = 64 << 20) {
        self.title = title
        self.plainThreshold = plainThreshold
    }

    /// `done` of `total` units, plain lines at each quarter.
    func update(_ done: Int64, of total: Int64) {
        guard total > 0 else { return }
        let percent = Int(done * 100 / total)
        guard percent != lastPercent else { return }
        defer { lastPercent = percent }
        if terminal {
            draw(percent, label: "")
        } else if total >= plainThreshold, percent / 25 > max(lastPercent, 0) / 25 {
            Terminal.error("\(title): \(percent)%")
        }
    }

    /// Stage `done` of `total` named `label`, for a job of `size` units: plain lines at each stage.
    func update(_ done: Int64, of total: Int64, size: Int64, label: String) {
        let percent = Int(done * 100 / max(total, 1))
        lastPercent = percent
        if terminal {
            draw(percent, label: " " + label)
        } else if size >= plainThreshold {
            Terminal.error("\(title): \(label)")
        }
    }

    private func draw(_ percent: Int, label: String) {
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Terminal.progress("\r\u{1B}[2K\(title) [\(bar)] \(percent)%\(label)")
    }

    func finish() {
        guard terminal, lastPercent >= 0 else { return }
        Terminal.progress("\r\u{1B}[2K")
    }
}
