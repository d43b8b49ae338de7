import DropIndex
import Foundation
import Logging
import TeamleaderAPI

/// What `run` and `sync` do, in order: lock, refresh, recover, mirror (later stages slot in here),
/// STATUS.md. A run does all it can: a broken link stops only the stages that need Teamleader.
public struct AgentRun: Sendable {
    /// The stages a command runs, in the order DESIGN.md gives them.
    public enum Stage: String, Sendable, CaseIterable {
        case corrections, mirror, inbox, push, archive
    }

    public struct Options: Sendable {
        public var command: String
        public var mirror: MirrorOptions
        public var stages: Set<Stage>
        /// `archive --month`: pack this month only.
        public var archiveMonth: String?

        public init(
            command: String = "run", mirror: MirrorOptions = MirrorOptions(), stages: Set<Stage> = Set(Stage.allCases),
            archiveMonth: String? = nil
        ) {
            self.command = command
            self.mirror = mirror
            self.stages = stages
            self.archiveMonth = archiveMonth
        }
    }

    public let layout: RootLayout
    public let environment: [String: String]
    public let logger: Logger
    public let progress: @Sendable (MirrorProgress) -> Void

    public init(
        layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        progress: @escaping @Sendable (MirrorProgress) -> Void = { _ in }
    ) {
        self.layout = layout
        self.environment = environment
        self.logger = logger
        self.progress = progress
    }

    /// Runs to the end and says how it went; never throws.
    public func execute(_ options: Options) async -> RunOutcome {
        var outcome = RunOutcome(command: options.command)
        let lock: RunLock
        do {
            lock = try RunLock(at: layout.lockFile)
        } catch {
            return outcome.failed(error)
        }
        let context: AgentContext
        do {
            context = try AgentContext.open(layout: layout, environment: environment, logger: logger)
        } catch {
            return outcome.failed(error)
        }
        let result = await run(options, context: context, outcome: &outcome)
        await context.close()
        // The lock is released only once everything, STATUS.md included, is done.
        withExtendedLifetime(lock) {}
        return result
    }

    /// Runs `body` under the run lock with an open context (for `reimport`), closing it afterwards.
    public func withLock<Result: Sendable>(_ body: (AgentContext) async throws -> Result) async throws -> Result {
        let lock = try RunLock(at: layout.lockFile)
        let context = try AgentContext.open(layout: layout, environment: environment, logger: logger)
        do {
            let result = try await body(context)
            await context.close()
            withExtendedLifetime(lock) {}
            return result
        } catch {
            await context.close()
            throw error
        }
    }

    private func run(_ options: Options, context: AgentContext, outcome: inout RunOutcome) async -> RunOutcome {
        let index = context.index
        let runId = (try? await index.startRun(command: options.command)) ?? 0
        do {
            _ = try await OutboxRecovery(index: index, layout: layout, logger: logger)
                .recover(companies: context.configuration.companies.map(\.name))
        } catch {
            outcome.record(error, stage: "recovery")
        }

        // Refresh first: the link's health decides which stages can run.
        do {
            _ = try await context.client.session.accessToken()
            outcome.link = LinkHealth(state: .up)
        } catch {
            outcome.link = LinkHealth.from(error) ?? LinkHealth(state: .unknown, detail: "\(error)")
            outcome.record(error, stage: "link")
        }

        // What the admin did with a file manager, before anything new is written.
        if options.stages.contains(.corrections), !options.mirror.dryRun {
            do {
                let corrections = try await OutboxCorrections(
                    layout: layout, index: index, configuration: context.configuration, client: context.client, logger: logger
                ).run(linkUp: outcome.link.state == .up)
                outcome.corrections = corrections
                if !corrections.failedMarkers.isEmpty { outcome.raise(.dataError) }
            } catch {
                outcome.record(error, stage: "corrections")
            }
        }

        if outcome.link.state == .up, options.stages.contains(.mirror) {
            let mirror = InvoiceMirror(
                client: context.client, index: index, layout: layout, configuration: context.configuration,
                logger: logger, progress: progress)
            do {
                let companies = try await mirror.resolveCompanies()
                outcome.mirror = try await mirror.mirror(companies, options: options.mirror)
            } catch let interrupted as MirrorInterrupted {
                outcome.mirror = interrupted.report
                outcome.record(interrupted.cause, stage: "mirror")
            } catch {
                outcome.record(error, stage: "mirror")
            }
            if let report = outcome.mirror, report.failed > 0 {
                outcome.raise(.tryLater)
            }
        }
        // The inbox needs no Teamleader: a broken link still lets files be read and their payments queued.
        if options.stages.contains(.inbox), !options.mirror.dryRun {
            do {
                let inbox = try await InboxStage(layout: layout, index: index, configuration: context.configuration, logger: logger).run()
                outcome.inbox = inbox
                if inbox.files.contains(where: \.hasRejections) { outcome.raise(.dataError) }
            } catch {
                outcome.record(error, stage: "inbox")
            }
        }
        if options.stages.contains(.push), !options.mirror.dryRun, outcome.link.state == .up {
            do {
                outcome.push = try await PaymentPusher(client: context.client, index: index, logger: logger).push()
            } catch let interrupted as PushInterrupted {
                outcome.push = interrupted.report
                outcome.record(interrupted.cause, stage: "push")
            } catch {
                outcome.record(error, stage: "push")
            }
            if let push = outcome.push, push.waiting > 0 { outcome.raise(.tryLater) }
        } else if options.stages.contains(.push), !options.mirror.dryRun {
            // Teamleader cannot be reached: the queue waits for a later run.
            let waiting = (try? await index.pendingPayments().count) ?? 0
            var push = PushReport()
            push.waiting = waiting
            outcome.push = push
        }

        if options.stages.contains(.archive), !options.mirror.dryRun {
            do {
                outcome.archive = try await ArchiveStage(layout: layout, index: index, configuration: context.configuration, logger: logger)
                    .run(onlyMonth: options.archiveMonth)
            } catch {
                outcome.record(error, stage: "archive")
            }
        }

        try? await outcome.link.save(to: index)
        outcome.finishedAt = Date()
        do {
            let status = try await StatusReport.build(context: context, lastOutcome: outcome)
            if !options.mirror.dryRun { try StatusFile.write(status, to: layout) }
        } catch {
            outcome.record(error, stage: "status")
        }
        try? await index.finishRun(id: runId, exitCode: Int(outcome.exitStatus.rawValue), summary: outcome.summaryLine)
        return outcome
    }
}
