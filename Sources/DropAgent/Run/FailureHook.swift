import DropFiles
import Foundation
import Logging

/// `on_failure` in `tldrop.toml`: a shell command run when a run ends in 75, 77 or worse, with the
/// run's summary on standard input and in `TLDROP_SUMMARY`, so that an admin can be mailed.
struct FailureHook {
    let command: String
    let logger: Logger
    var timeout: Duration = .seconds(60)

    func call(_ outcome: RunOutcome, root: URL) async {
        let summary = """
            tldrop \(outcome.command) in \(root.path) ended with exit code \(outcome.exitStatus.rawValue).
            \(outcome.link.headline)\(outcome.link.repair.map { "\nTo repair: \($0)" } ?? "")\(outcome.link.advice.map { " (\($0))" } ?? "")
            \(outcome.summaryLine)
            \(outcome.errors.map { "\($0.stage): \($0.message)" }.joined(separator: "\n"))

            """
        var environment = ProcessInfo.processInfo.environment
        // The hook is the admin's own command: it gets the summary, never the secret.
        environment["TLDROP_CLIENT_SECRET"] = nil
        environment["TLDROP_EXIT_CODE"] = "\(outcome.exitStatus.rawValue)"
        environment["TLDROP_SUMMARY"] = outcome.summaryLine
        environment["TLDROP_ROOT"] = root.path
        // Standard input is a file, not a pipe: a hook that never reads it cannot block the run.
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-summary-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: input) }
        do {
            try Data(summary.utf8).write(to: input)
            let hook = try ChildProcess("/bin/sh", ["-c", command], environment: environment, input: input.path)
            if let ending = await hook.wait(upTo: timeout) {
                if ending.code != 0 { logger.warning("on_failure command failed", metadata: ["status": "\(ending.code)"]) }
            } else {
                _ = await hook.stop()
                logger.warning("on_failure command did not finish in time and was stopped")
            }
        } catch {
            logger.warning("on_failure command could not be started", metadata: ["error": "\(error)"])
        }
    }
}
