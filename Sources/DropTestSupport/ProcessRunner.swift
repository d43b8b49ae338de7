import Foundation

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

/// A child process a test can watch, signal and wait for.
package final class RunningProcess: Sendable {
    private let process: Process
    private let outURL: URL
    private let errURL: URL
    private let ended: AsyncStream<Void>

    init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        // Files, not pipes: a chatty child can never block on a full pipe nobody reads yet.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-process-\(UUID().uuidString)")
        outURL = base.appendingPathExtension("out")
        errURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let (ended, continuation) = AsyncStream<Void>.makeStream()
        self.ended = ended
        process.terminationHandler = { _ in continuation.finish() }
        self.process = process
        try process.run()
    }

    package var pid: Int32 { process.processIdentifier }

    /// What it wrote so far.
    package var output: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    package var errorOutput: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    package func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for it to end; kills it when it outlives `timeout`.
    package func wait(timeout: Duration = .seconds(600)) async -> ProcessResult {
        let ended = self.ended
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in ended {}
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
        if !finished {
            signal(SIGKILL)
            process.waitUntilExit()
        }
        let result = ProcessResult(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            output: output, errorOutput: errorOutput)
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        return result
    }
}
