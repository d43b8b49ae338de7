import DropAgent
import DropFiles
package import Foundation

/// How a child process ended.
package struct ProcessResult: Sendable {
    package var status: Int32
    /// True when a signal (SIGKILL in crash tests) ended it.
    package var signalled: Bool
    package var output: String
    package var errorOutput: String
}

/// Starts the real `tldrop` executable, as cron would.
package enum ProcessRunner {
    /// `tldrop`, built beside the test bundle by `swift build --build-tests`.
    package static var tldropBinary: URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tldrop")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/tldrop")
    }

    package static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) async throws -> ProcessResult {
        try await start(executable, arguments, environment: environment).wait()
    }

    /// Starts a child that keeps running (`watch`, `serve`) until the test signals it.
    package static func start(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> RunningProcess {
        try RunningProcess(executable, arguments, environment: environment)
    }
}

/// A child process a test can watch, signal and wait for: a `ChildProcess` whose output goes to files
/// (never pipes: a chatty child can never block on a full pipe nobody reads yet).
package final class RunningProcess: Sendable {
    private let child: ChildProcess
    private let outURL: URL
    private let errURL: URL

    init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-process-\(UUID().uuidString)")
        outURL = base.appendingPathExtension("out")
        errURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        child = try ChildProcess(executable.path, arguments, environment: environment, output: outURL.path, error: errURL.path)
    }

    package var pid: Int32 { child.pid }

    /// What it wrote so far.
    package var output: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    package var errorOutput: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    package func signal(_ signal: Int32) { child.signal(signal) }

    /// Waits for it to end; kills it when it outlives `timeout`.
    package func wait(timeout: Duration = .seconds(600)) async -> ProcessResult {
        var ending = await child.wait(upTo: timeout)
        if ending == nil {
            child.signal(SIGKILL)
            while ending == nil {
                try? await Task.sleep(for: .milliseconds(5))
                ending = child.ending()
            }
        }
        let result = ProcessResult(
            status: ending?.code ?? 0, signalled: ending?.signalled ?? false, output: output, errorOutput: errorOutput)
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        return result
    }
}
