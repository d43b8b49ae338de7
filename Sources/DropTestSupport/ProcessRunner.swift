import Foundation

/// How a child process ended.
public struct ProcessResult: Sendable {
    public var status: Int32
    /// True when a signal (SIGKILL in crash tests) ended it.
    public var signalled: Bool
    public var output: String
    public var errorOutput: String
}

/// Starts the real `tldrop` executable, as cron would.
public enum ProcessRunner {
    /// `tldrop`, built beside the test bundle by `swift build --build-tests`.
    public static var tldropBinary: URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tldrop")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/tldrop")
    }

    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        // Files, not pipes: a chatty child can never block on a full pipe nobody reads yet.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-process-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
                let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
                continuation.resume(returning: ProcessResult(
                    status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                    output: out, errorOutput: err))
            }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
