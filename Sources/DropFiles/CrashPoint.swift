import Foundation
import Synchronization

/// Named points where tests kill the process with SIGKILL (`TLDROP_CRASH_AT=<name>`, optionally
/// `TLDROP_CRASH_AFTER=<n>` to pass the point n times first, and `TLDROP_CRASH_SIGNAL=TERM` to send
/// SIGTERM instead, as systemd stopping a run would). Proves that every side effect and its
/// bookkeeping converge on the next run. Without the variable this does nothing.
package enum CrashPoint {
    private static let target = ProcessInfo.processInfo.environment["TLDROP_CRASH_AT"]
    private static let skips = Int(ProcessInfo.processInfo.environment["TLDROP_CRASH_AFTER"] ?? "") ?? 0
    private static let signal = ProcessInfo.processInfo.environment["TLDROP_CRASH_SIGNAL"] == "TERM" ? SIGTERM : SIGKILL
    private static let counter = Mutex(0)

    package static func hit(_ name: String) {
        guard let target, target == name else { return }
        // SIGTERM once only: the run goes on to its next safe point and must not be asked again.
        let count = counter.withLock { count in
            count += 1
            return count
        }
        guard count > skips, signal == SIGKILL || count == skips + 1 else { return }
        kill(getpid(), signal)
        // Give the signal handler a moment to raise graceful shutdown, as a real SIGTERM arriving
        // while work goes on would.
        if signal == SIGTERM { usleep(100_000) }
    }
}
