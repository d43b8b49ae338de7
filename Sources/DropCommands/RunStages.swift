import ArgumentParser
import DropAgent
import DropValues
import Foundation
import TeamleaderAPI

/// Runs the stages a command asks for, prints the outcome, and ends with its exit code.
func runStages(_ options: AgentRun.Options, global: GlobalOptions, wait: WaitOptions, json: Bool) async throws {
    var options = options
    options.lockWait = wait.duration
    options.onLockWait = wait.announce(quiet: global.quiet)
    let outcome = await execute(options, global: global)
    try OutcomePrinter.print(outcome, json: json, quiet: global.quiet)
    if outcome.exitStatus != .success { throw outcome.exitStatus.exitCode }
}

func execute(_ options: AgentRun.Options, global: GlobalOptions) async -> RunOutcome {
    let progress = ProgressBar(enabled: !global.quiet)
    let logger = global.logger()
    let run = AgentRun(layout: global.layout, logger: logger, progress: { progress.update($0) })
    let outcome = await withGracefulSignals(logger: logger) { await run.execute(options) }
    progress.finish()
    return outcome
}
