import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a child and reports its resource use.
///
/// Peak memory comes from GNU time (`/usr/bin/time -f %M`), not from our own `wait4`: Linux keeps the
/// high-water mark of the memory a child had before `exec`, and a `posix_spawn` child shares this
/// process's memory until then, so `wait4` would report at least the benchmark's own peak (the
/// in-process sandbox, a gigabyte of generated files). GNU time forks from its own small process.
struct ChildProcess {
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
        var pid: pid_t = 0
        let command = gnuTime.map { [$0, "-f", "%M", "-o", peakFile.path, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        if capturingErrors { posix_spawn_file_actions_addopen(&actions, 2, errors.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        defer { posix_spawn_file_actions_destroy(&actions) }
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchmarkError("could not start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchmarkError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let wall = ContinuousClock.now - started
        // Both report KiB (GNU time's %M, Linux's ru_maxrss).
        let measured = (try? String(contentsOf: peakFile, encoding: .utf8))?.split(separator: "\n").last.flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        return Result(
            status: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), wall: wall,
            peakMemoryBytes: (measured ?? Int(usage.ru_maxrss)) * 1024,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            errorOutput: capturingErrors ? ((try? String(contentsOf: errors, encoding: .utf8)) ?? "") : "")
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
