import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a child and reports its own resource use (`wait4`), so that peak memory is the child's alone.
struct ChildProcess {
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
        defer { try? FileManager.default.removeItem(at: errors) }
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
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
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchmarkError("could not start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchmarkError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let wall = ContinuousClock.now - started
        // Linux reports ru_maxrss in KiB.
        return Result(
            status: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), wall: wall,
            peakMemoryBytes: Int(usage.ru_maxrss) * 1024,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            errorOutput: capturingErrors ? ((try? String(contentsOf: errors, encoding: .utf8)) ?? "") : "")
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
