import Logging
import Synchronization

/// Where tldrop's log lines go: standard error, so that standard output stays for results
/// (`status --json`, reports). Commands set the level from `--verbose` / `--quiet` before they log.
package enum Diagnostics {
    private static let level = Mutex(Logger.Level.info)
    private static let bootstrapped = Mutex(false)

    /// Installs the log handler once per process.
    package static func bootstrap() {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level.withLock { $0 }
            return handler
        }
    }

    /// Sets the level of loggers created from now on.
    static func setLevel(_ newLevel: Logger.Level) {
        level.withLock { $0 = newLevel }
    }
}
