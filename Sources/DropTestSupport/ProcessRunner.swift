import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
///
/// Started with `posix_spawn`, not Foundation's `Process`: on Linux, `Process.run()` of Swift 6.3 reads
/// past a buffer while it lists `/proc/self/fd` and crashed the suite now and then (signal 11 in
/// `findMaximumOpenFromProcSelfFD`, swift-corelibs-foundation #5472).
package final class RunningProcess: Sendable {
    package let pid: Int32
    private let outURL: URL
    private let errURL: URL
    /// How it ended, once reaped (a child is reaped once).
    private let ending = Mutex<Int32?>(nil)

    init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        // Files, not pipes: a chatty child can never block on a full pipe nobody reads yet.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-process-\(UUID().uuidString)")
        outURL = base.appendingPathExtension("out")
        errURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errURL.path, O_WRONLY | O_APPEND, 0)
        // The child starts with no signal blocked and every signal at its default, whatever the test
        // process's threads had set.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            let reason = POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable.path, NSUnderlyingErrorKey: reason])
        }
        pid = child
    }

    /// What it wrote so far.
    package var output: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    package var errorOutput: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    package func signal(_ signal: Int32) {
        if ending.withLock({ $0 }) == nil { kill(pid, signal) }
    }

    /// Its wait status once it ended (reaping it), else nil.
    private func reap() -> Int32? {
        ending.withLock { ended in
            if let ended { return ended }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
            guard result == pid else { return nil }
            ended = status
            return status
        }
    }

    /// Waits for it to end (looking every 20 ms); kills it when it outlives `timeout`.
    package func wait(timeout: Duration = .seconds(600)) async -> ProcessResult {
        let deadline = ContinuousClock.now + timeout
        var status = reap()
        while status == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            status = reap()
        }
        if status == nil {
            kill(pid, SIGKILL)
            while status == nil {
                try? await Task.sleep(for: .milliseconds(5))
                status = reap()
            }
        }
        let ended = status ?? 0
        // The wait status, decoded as <sys/wait.h> does: a signal's number in the low 7 bits, else the exit code.
        let signalNumber = ended & 0x7F
        let signalled = signalNumber != 0 && signalNumber != 0x7F
        let result = ProcessResult(
            status: signalled ? signalNumber : (ended >> 8) & 0xFF, signalled: signalled, output: output, errorOutput: errorOutput)
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        return result
    }
}
