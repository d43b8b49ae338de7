import DropAgent
import DropFiles
import Foundation

/// Runs a child to its end and reports its resource use.
///
/// Peak memory comes from GNU time (`/usr/bin/time -f %M`), not from our own `wait4`: Linux keeps the
/// high-water mark of the memory a child had before `exec`, and a `posix_spawn` child shares this
/// process's memory until then, so `wait4` would report at least the benchmark's own peak (the
/// in-process sandbox, a gigabyte of generated files). GNU time forks from its own small process.
struct MeasuredRun {
    /// GNU time, when installed (`scripts/install-deps` installs it on Linux).
    static let gnuTime: String? = {
        #if os(Linux)
            return FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil
        #else
            return nil
        #endif
    }()

    struct Result {
        var status: Int32
        var wall: Duration
        var peakMemoryBytes: Int
        var userSeconds: Double
        var systemSeconds = 0.0
        /// What the child wrote to standard error, when asked for.
        var errorOutput = ""
    }

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], capturingErrors: Bool = false
    ) throws -> Result {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).err")
        let peakFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).peak")
        defer {
            try? FileManager.default.removeItem(at: errors)
            try? FileManager.default.removeItem(at: peakFile)
        }
        let command = gnuTime.map { [$0, "-f", "%M", "-o", peakFile.path, executable] } ?? [executable]
        if capturingErrors { _ = FileManager.default.createFile(atPath: errors.path, contents: nil) }
        let started = ContinuousClock.now
        let child: ChildProcess
        do {
            child = try ChildProcess(
                command[0], Array(command.dropFirst()) + arguments, environment: environment, error: capturingErrors ? errors.path : "/dev/null")
        } catch {
            throw BenchmarkError("could not start \(executable): \(error)")
        }
        let (ending, usage) = child.waitWithUsage()
        let wall = ContinuousClock.now - started
        // Both report KiB (GNU time's %M, Linux's ru_maxrss).
        let measured = (try? String(contentsOf: peakFile, encoding: .utf8))?.split(separator: "\n").last.flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        return Result(
            status: ending.signalled ? 128 + ending.code : ending.code, wall: wall,
            peakMemoryBytes: (measured ?? Int(usage.ru_maxrss)) * 1024,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            errorOutput: capturingErrors ? ((try? String(contentsOf: errors, encoding: .utf8)) ?? "") : "")
    }
}

extension MeasuredRun {
    /// `run` with the blocking wait on a Dispatch thread, so that several children can run at once
    /// while the cooperative pool keeps serving the in-process sandboxes.
    static func measure(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try run(executable, arguments, environment: environment, capturingErrors: true) })
            }
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
