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

    @Flag(name: .shortAndLong, help: "Log what happens in detail (to standard error).")
    var verbose = false

    var layout: RootLayout { RootLayout.resolve(root: root) }

    /// A logger at the level the flags ask for.
    func logger(_ label: String = "tldrop") -> Logger {
        Diagnostics.setLevel(verbose ? .debug : (quiet ? .error : .warning))
        return Logger(label: label)
    }
}

extension ExitStatus {
    /// Ends the command with this status (ArgumentParser prints nothing more).
    var exitCode: ExitCode { ExitCode(rawValue) }
}
