import DropIndex
import Foundation
import Logging

/// The inbox stage of `run`, `inbox` and `watch`: look, wait out files that are still settling (once,
/// within the settle time), then read what is ready.
struct InboxStage {
    let context: AgentContext
    let logger: Logger
    /// Whether to wait for files seen for the first time to settle (a scheduled run does; `watch`
    /// simply looks again soon).
    var waitForSettling = true
    /// Files `watch` saw their writer close (see `InboxScanner.closed`).
    var closed: Set<String> = []

    func run() async throws -> InboxReport {
        let configuration = context.configuration
        let scanner = InboxScanner(context: context, closed: closed)
        let intake = InboxIntake(context: context, logger: logger)
        var scan = try await scanner.scan()
        var report = try await intake.process(scan)
        if waitForSettling, !scan.waiting.isEmpty, configuration.inbox.settleSeconds <= 120 {
            try await Task.sleep(for: .seconds(configuration.inbox.settleSeconds) + .milliseconds(100))
            scan = try await scanner.scan()
            let more = try await intake.process(scan)
            report.files += more.files
            report.waiting = more.waiting
            report.skipped = more.skipped
        }
        return report
    }
}
