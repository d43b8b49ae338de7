import DropIndex
package import DropValues
package import Foundation
package import Logging
import TeamleaderAPI

/// `run` and its siblings: take the run lock, open the root, run the stages (`AgentCycle`), release.
package struct AgentRun: Sendable {
    /// The stages a command runs, in the order DESIGN.md gives them.
    /// A stage a command may ask for.
    package typealias Stage = RunStage

    package struct Options: Sendable {
        package var command: String
        package var mirror: MirrorOptions
        package var stages: Set<Stage>
        /// `archive --month`: pack this month only.
        package var archiveMonth: Month?
        /// Whether the inbox stage waits for files seen for the first time to settle (a scheduled run
        /// does; `watch` looks again soon instead).
        package var waitForSettling = true
        /// Inbox files `watch` saw their writer close.
        package var closedInboxFiles: Set<String> = []
        /// Departments an earlier cycle resolved: a poll under `watch` does not list them again.
        package var companies: [ResolvedCompany]?
        /// Whether a bad ending calls `on_failure` (`watch` calls it once per bad spell, not every cycle).
        package var callFailureHook = true
        /// How long to wait for the run lock when another command (a `watch` cycle) holds it.
        package var lockWait: Duration = .seconds(120)
        /// Told who holds the lock when this run starts waiting for it.
        package var onLockWait: (@Sendable (RunLock.Holder) -> Void)?
        /// `tldrop archive` given by hand: closed months are packed at once, however recently their
        /// documents were written (a run keeps them loose for `archive.min_loose_days` first).
        package var archiveAtOnce = false

        package init(
            command: String = "run", mirror: MirrorOptions = MirrorOptions(), stages: Set<Stage> = RunStage.chosen,
            archiveMonth: Month? = nil
        ) {
            self.command = command
            self.mirror = mirror
            self.stages = stages
            self.archiveMonth = archiveMonth
        }
    }

    package let layout: RootLayout
    package let environment: [String: String]
    package let logger: Logger
    package let progress: @Sendable (MirrorProgress) -> Void
    /// The time (tests move it).
    package let now: @Sendable () -> Date

    package init(
        layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        progress: @escaping @Sendable (MirrorProgress) -> Void = { _ in }, now: @escaping @Sendable () -> Date = { SystemClock.now() }
    ) {
        self.layout = layout
        self.environment = environment
        self.logger = logger
        self.progress = progress
        self.now = now
    }

    /// Runs to the end and says how it went; never throws.
    package func execute(_ options: Options) async -> RunOutcome {
        let outcome = RunOutcome(command: options.command)
        let lock: RunLock
        do {
            lock = try await RunLock.acquire(
                at: layout.lockFile, command: options.command, waiting: options.lockWait, now: now, onWait: { options.onLockWait?($0) })
        } catch {
            return outcome.failed(error)
        }
        let context: AgentContext
        do {
            context = try AgentContext.open(layout: layout, environment: environment, logger: logger, now: now)
        } catch {
            return outcome.failed(error)
        }
        let result = await AgentCycle(context: context, logger: logger, progress: progress).run(options, outcome: outcome)
        await context.close()
        // The lock is released only once everything, STATUS.md included, is done.
        withExtendedLifetime(lock) {}
        return result
    }

    /// Runs `body` under the run lock with an open context (`reimport`, `restore`), closing it afterwards.
    /// - Parameter wait: how long to wait for a command (a `watch` cycle) that holds the lock.
    package func withLock<Result: Sendable>(
        _ command: String, waiting wait: Duration = .seconds(120), onWait: (RunLock.Holder) -> Void = { _ in },
        _ body: (AgentContext) async throws -> Result
    ) async throws -> Result {
        let lock = try await RunLock.acquire(at: layout.lockFile, command: command, waiting: wait, now: now, onWait: onWait)
        defer { withExtendedLifetime(lock) {} }
        return try await AgentContext.with(layout: layout, environment: environment, logger: logger, now: now, body)
    }
}
