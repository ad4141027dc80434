import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A progress bar on stderr when it is a terminal; silent otherwise (logs stay clean).
final class ProgressBar {
    private let title: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastPercent = -1

    init(title: String) { self.title = title }

    func update(_ done: Int64, of total: Int64) {
        guard enabled, total > 0 else { return }
        let percent = Int(done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Terminal.progress("\r\(title) [\(bar)] \(percent)%")
    }

    func finish() {
        guard enabled, lastPercent >= 0 else { return }
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
