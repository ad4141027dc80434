import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Progress on stderr: a bar redrawn in place on a terminal; elsewhere (logs, CI) one plain line
/// per quarter of a large job, and nothing for a small one.
final class ProgressBar {
    private let title: String
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastPercent = -1
    /// Below this many units (bytes), a job off the terminal prints no progress at all.
    private static let plainThreshold: Int64 = 64 << 20

    init(title: String) { self.title = title }

    func update(_ done: Int64, of total: Int64) {
        guard total > 0 else { return }
        let percent = Int(done * 100 / total)
        guard percent != lastPercent else { return }
        guard terminal else {
            if total >= Self.plainThreshold, percent / 25 > max(lastPercent, 0) / 25 {
                Terminal.error("\(title): \(percent)%")
            }
            lastPercent = percent
            return
        }
        lastPercent = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Terminal.progress("\r\(title) [\(bar)] \(percent)%")
    }

    func finish() {
        guard terminal, lastPercent >= 0 else { return }
        Terminal.progress("\r\u{1B}[2K")
    }
}

enum Format {
    /// `1234567` -> `1,234,567`.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (n < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
