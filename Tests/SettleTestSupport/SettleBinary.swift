package import Foundation
import SettleCore
#if canImport(Glibc)
import Glibc
#endif

/// The built `settle` executable, run as a subprocess the way a user runs it.
package enum SettleBinary {
    /// `settle` from the same build as this test bundle: `swift build` puts every product of a build
    /// in one folder (`.build/debug`, `.build-storetests/debug`, ... whatever `--scratch-path`), and
    /// the test runner is one of them. Failing that, the package's usual build folders.
    package static let url: URL? = {
        var starts: [URL] = []
        if let executable = Bundle.main.executableURL { starts.append(executable.deletingLastPathComponent()) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        starts.append(Bundle.main.bundleURL)
        for folder in [".build-storetests", ".build"] {
            starts.append(TestCluster.packageRoot.appendingPathComponent(folder).appendingPathComponent("debug"))
        }
        for start in starts {
            // Up a few levels: on macOS the runner sits inside `SettlePackageTests.xctest/Contents/MacOS`.
            var folder = start.standardizedFileURL
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("settle")
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }()

    package struct NotBuilt: Error, CustomStringConvertible {
        package var description: String {
            "the settle executable was not found next to the test runner; build with `swift build --build-tests`"
        }
    }

    /// What a finished run printed, and how it ended.
    package struct Outcome: Equatable, CustomStringConvertible {
        package var status: Int32
        package var stdout: String
        package var stderr: String

        package init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }

        package var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// The environment with every database variable taken out: a test names its database with
    /// `--database`, and nothing else may point `settle` elsewhere. Today is `Day.testToday`,
    /// never the clock.
    package static func environment(today: String = Day.testToday.description) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in key != "DATABASE_URL" && !key.hasPrefix("PG") }
        environment["SETTLE_TODAY"] = today
        return environment
    }

    /// Starts `settle arguments...` in `directory`, with stdout and stderr going to files there.
    package static func start(_ arguments: [String], in directory: URL, output name: String = "settle",
                      today: String = Day.testToday.description, environment extra: [String: String] = [:]) throws -> Process {
        guard let url else { throw NotBuilt() }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment(today: today).merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try outputFile(directory.appendingPathComponent(name + ".stdout"))
        process.standardError = try outputFile(directory.appendingPathComponent(name + ".stderr"))
        try process.run()
        return process
    }

    /// Runs `settle arguments...` in `directory` to the end.
    package static func run(_ arguments: [String], in directory: URL, today: String = Day.testToday.description,
                    environment extra: [String: String] = [:]) throws -> Outcome {
        let name = "settle-\(UInt32.random(in: 0...UInt32.max))"
        let process = try start(arguments, in: directory, output: name, today: today, environment: extra)
        process.waitUntilExit()
        let read = { (suffix: String) -> String in
            let file = directory.appendingPathComponent(name + suffix)
            defer { try? FileManager.default.removeItem(at: file) }
            return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        }
        return Outcome(status: process.terminationStatus, stdout: read(".stdout"), stderr: read(".stderr"))
    }

    private static func outputFile(_ url: URL) throws -> FileHandle {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return try FileHandle(forWritingTo: url)
    }
}
