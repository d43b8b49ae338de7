package import Foundation
import Synchronization

/// A program tldrop starts (the `on_failure` hook, a browser, `tldrop` itself in tests and benchmarks),
/// its standard streams connected to files and nothing else of this process inherited.
///
/// Started with `posix_spawn`, not Foundation's `Process`: on Linux, `Process.run()` of Swift 6.3 reads
/// past a buffer while it lists `/proc/self/fd` and crashes now and then (signal 11 in
/// `findMaximumOpenFromProcSelfFD`, swift-corelibs-foundation #5472). The child starts with no signal
/// blocked and every signal at its default, whatever this process's threads had set.
package final class ChildProcess: Sendable {
    /// How a child ended: its exit code, or the signal that ended it.
    package struct Ending: Sendable, Equatable {
        package var code: Int32
        package var signalled: Bool
    }

    #if os(Linux)
        /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time:
        /// Swift's Glibc module is imported without `_GNU_SOURCE`, which declares it.
        private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        private static let addCloseFrom: AddCloseFrom? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: AddCloseFrom.self)
        }
    #endif

    package let pid: Int32
    /// Its wait status once reaped (a child is reaped once).
    private let ended = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` (not through a shell) and exactly `environment`.
    /// - Parameters:
    ///   - input: the file its standard input reads.
    ///   - output: the file its standard output appends to; `error` likewise.
    /// - Throws: `ChildProcessError` when it cannot be started.
    package init(
        _ executable: String, _ arguments: [String], environment: [String: String], input: String = "/dev/null", output: String = "/dev/null",
        error: String = "/dev/null"
    ) throws(ChildProcessError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_APPEND, 0)
        #if os(Linux)
            // Nothing else this process has open is inherited (`posix_spawn` keeps every descriptor not
            // marked close-on-exec): a hook or a browser must not hold the run lock, the index, or a file
            // being written, which the inbox would then take for one still being written.
            _ = Self.addCloseFrom?(&actions, 3)
        #endif
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        #if canImport(Darwin)
            flags |= POSIX_SPAWN_CLOEXEC_DEFAULT  // the same, the Darwin way
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw ChildProcessError(executable: executable, errno: result) }
        pid = child
    }

    /// Sends `signal`, unless it has already been reaped (its pid may belong to another by then).
    package func signal(_ signal: Int32) {
        ended.withLock { if $0 == nil { kill(pid, signal) } }
    }

    /// How it ended, once it has (reaping it); nil while it runs.
    package func ending() -> Ending? {
        let status = ended.withLock { ended -> Int32? in
            if let ended { return ended }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
            guard result == pid else { return nil }
            ended = status
            return status
        }
        // The wait status, decoded as <sys/wait.h> does: a signal's number in the low 7 bits, else the exit code.
        return status.map { status in
            let signalNumber = status & 0x7F
            let signalled = signalNumber != 0 && signalNumber != 0x7F
            return Ending(code: signalled ? signalNumber : (status >> 8) & 0xFF, signalled: signalled)
        }
    }

    /// Waits for it to end, looking every 20 ms; nil when it still runs after `timeout`.
    package func wait(upTo timeout: Duration) async -> Ending? {
        let deadline = ContinuousClock.now + timeout
        var ending = ending()
        while ending == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            ending = self.ending()
        }
        return ending
    }

    /// Blocks until it ends, with the resources it used (for measurements).
    package func waitWithUsage() -> (Ending, rusage) {
        var status: Int32 = 0
        var usage = rusage()
        var result: pid_t
        repeat { result = wait4(pid, &status, 0, &usage) } while result < 0 && errno == EINTR
        ended.withLock { $0 = status }
        return (ending() ?? Ending(code: -1, signalled: false), usage)
    }

    /// Asks it to stop (SIGTERM), then kills it if it has not within `grace`; returns how it ended.
    package func stop(grace: Duration = .seconds(5)) async -> Ending {
        signal(SIGTERM)
        if let ending = await wait(upTo: grace) { return ending }
        signal(SIGKILL)
        while true {
            if let ending = ending() { return ending }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// A program could not be started.
package struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    package var executable: String
    package var errno: Int32

    package var description: String { "'\(executable)' could not be started: \(String(cString: strerror(errno)))" }
}
