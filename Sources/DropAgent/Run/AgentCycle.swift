import DropIndex
import Foundation
package import Logging
import ServiceLifecycle
import TeamleaderAPI
import Wording

/// A run: its stages (`CycleStage.all`, in DESIGN.md's order), then STATUS.md, the run's record and
/// `on_failure`. A run does all it can: a broken link stops only the stages that need Teamleader.
/// `run`, `sync`, `inbox`, `push`, `archive` and every cycle of `watch` go through here.
package struct AgentCycle: Sendable {
    package let context: AgentContext
    package let logger: Logger
    package let progress: @Sendable (MirrorProgress) -> Void

    package init(context: AgentContext, logger: Logger, progress: @escaping @Sendable (MirrorProgress) -> Void = { _ in }) {
        self.context = context
        self.logger = logger
        self.progress = progress
    }

    /// Runs the stages `options` asks for; records the run, writes STATUS.md, and calls `on_failure`
    /// when it ends badly. Never throws.
    package func run(_ options: AgentRun.Options, outcome start: RunOutcome? = nil) async -> RunOutcome {
        var outcome = start ?? RunOutcome(command: options.command)
        let index = context.index
        let layout = context.layout
        let runId = (try? await index.startRun(command: options.command)) ?? 0
        let requestsBefore = context.client.requests.current
        for stage in CycleStage.all where stage.applies(options, outcome) {
            do {
                try await stage.body(self, options, &outcome)
            } catch {
                outcome.record(error, stage: stage.name)
            }
        }

        // A signal stopped the stages at a safe point: say so, and let the next run finish the job.
        let interrupted = Task.isShuttingDownGracefully
        if interrupted { outcome.record(AgentError.interrupted, stage: .signal) }

        try? await outcome.link.save(to: index)
        outcome.finishedAt = context.now()
        do {
            let status = try await StatusReport.build(context: context, lastOutcome: outcome, wording: context.configuration.wording)
            if !options.mirror.dryRun { try StatusFile.write(status, to: layout, wording: context.configuration.wording) }
        } catch {
            outcome.record(error, stage: .status)
        }
        let requests = context.client.requests.current - requestsBefore
        try? await index.finishRun(
            id: runId, exitCode: Int(outcome.exitStatus.rawValue), summary: outcome.summaryWords.stored, eventful: outcome.didSomething,
            mirrored: outcome.mirror?.mirrored ?? 0, requests: requests.answers, rateLimited: requests.rateLimited)
        if !options.mirror.dryRun { await MetricsPublisher(context: context, logger: logger).publish() }
        if outcome.link.needsReconnect {
            logger.error(
                "teamleader link broken",
                metadata: ["detail": "\(outcome.link.headline)", "repair": "\(outcome.link.repair ?? "")"])
        }
        if outcome.exitStatus >= .tryLater, options.callFailureHook, !interrupted, let command = context.configuration.onFailure {
            await FailureHook(command: command, logger: logger).call(outcome, root: layout.root)
        }
        return outcome
    }
}
