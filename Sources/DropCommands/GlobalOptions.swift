import ArgumentParser
import DropAgent
import Foundation
import Logging

/// Options every command that works on a root takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The tldrop root (default: $TLDROP_ROOT, else the current folder).")
    var root: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors (for cron).")
    var quiet = false

    @Flag(
        name: .shortAndLong,
        help:
            "Log what happens in detail, to standard error: -v tldrop's own (each call to Teamleader, its time, the rate limit left), -vv the HTTP library's too."
    )
    var verbose: Int

    var layout: RootLayout { RootLayout.resolve(root: root) }

    /// A logger at the level the flags ask for.
    func logger(_ label: String = "tldrop") -> Logger {
        Diagnostics.setLevel(verbose > 0 ? .debug : (quiet ? .error : .warning), http: verbose > 1 ? .trace : .warning)
        return Logger(label: label)
    }
}

extension ExitStatus {
    /// Ends the command with this status (ArgumentParser prints nothing more).
    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// `--wait SECONDS`: how long a command that changes things waits for another one (a `watch` cycle)
/// to finish before it gives up with exit 75.
struct WaitOptions: ParsableArguments {
    @Option(
        name: .customLong("wait"),
        help: "Seconds to wait for a tldrop command that is running (a watch cycle) to finish; 0: do not wait.")
    var seconds = 120

    func validate() throws {
        guard seconds >= 0 else { throw ValidationError("--wait takes a number of seconds, 0 or more") }
    }

    var duration: Duration { .seconds(seconds) }

    /// What a waiting command says once, on standard error (unless `--quiet`), so nobody wonders why it hangs.
    func announce(quiet: Bool) -> @Sendable (RunLock.Holder) -> Void {
        let seconds = seconds
        return { holder in
            if !quiet { Console.error("Waiting for \(holder) to finish (up to \(seconds) s; --wait SECONDS to change)…") }
        }
    }
}
