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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        // The hook is the admin's own command: it gets the summary, never the secret.
        environment["TLDROP_CLIENT_SECRET"] = nil
        environment["TLDROP_EXIT_CODE"] = "\(outcome.exitStatus.rawValue)"
        environment["TLDROP_SUMMARY"] = outcome.summaryLine
        environment["TLDROP_ROOT"] = root.path
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(summary.utf8))
            try? input.fileHandleForWriting.close()
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning {
                process.terminate()
                logger.warning("on_failure command did not finish in time and was stopped")
            } else if process.terminationStatus != 0 {
                logger.warning("on_failure command failed", metadata: ["status": "\(process.terminationStatus)"])
            }
        } catch {
            logger.warning("on_failure command could not be started", metadata: ["error": "\(error)"])
        }
    }
}
