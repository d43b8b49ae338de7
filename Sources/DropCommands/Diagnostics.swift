import Logging
import Synchronization

/// Where tldrop's log lines go: standard error, so that standard output stays for results
/// (`status --json`, reports). Commands set the level from `--verbose` / `--quiet` before they log.
package enum Diagnostics {
    private static let level = Mutex(Logger.Level.info)
    /// The HTTP library's own lines (`tldrop.http`): only at `-vv`.
    private static let httpLevel = Mutex(Logger.Level.warning)
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
            handler.logLevel = label.hasPrefix("tldrop.http") ? httpLevel.withLock { $0 } : level.withLock { $0 }
            return handler
        }
    }

    /// Sets the level of loggers created from now on: tldrop's, and the HTTP library's.
    static func setLevel(_ newLevel: Logger.Level, http: Logger.Level = .warning) {
        level.withLock { $0 = newLevel }
        httpLevel.withLock { $0 = http }
    }
}
