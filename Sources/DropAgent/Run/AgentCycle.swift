import DropIndex
import Foundation
import Logging
import ServiceLifecycle
import TeamleaderAPI

/// The stages of a run, in DESIGN.md's order: recover, refresh, corrections, mirror, inbox, push,
/// archive, STATUS.md. A run does all it can: a broken link stops only the stages that need Teamleader.
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
                // A poll under `watch` reuses the departments its cycle found at start.
                let companies = if let known = options.companies { known } else { try await mirror.resolveCompanies() }
                outcome.companies = companies
                let report = try await mirror.mirror(companies, options: options.mirror)
                outcome.mirror = report
                if !options.mirror.dryRun { try await CompanyFreshness.record(report, at: Date(), in: index) }
            } catch let interrupted as MirrorInterrupted {
                outcome.mirror = interrupted.report
                outcome.record(interrupted.cause, stage: "mirror")
            } catch {
                outcome.record(error, stage: "mirror")
            }
            if let report = outcome.mirror, report.failed > 0 {
                outcome.raise(.tryLater)
                for company in report.companies {
                    guard let reason = company.error else { continue }
                    let status = company.errorExitCode.flatMap(ExitStatus.init(rawValue:)) ?? .tryLater
                    outcome.record(AgentError.companyFailed(company: company.company, reason: reason, status: status), stage: "mirror")
                }
            }
        }
        // The inbox needs no Teamleader: a broken link still lets files be read and their payments queued.
        if options.stages.contains(.inbox), !options.mirror.dryRun {
            do {
                let inbox = try await InboxStage(
                    layout: layout, index: index, configuration: context.configuration, logger: logger, waitForSettling: options.waitForSettling,
                    closed: options.closedInboxFiles
                ).run()
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
            // A closed month's report needs Teamleader's listing: while the link is down it waits.
            if outcome.link.state == .up, !context.configuration.companies.isEmpty, !Task.isShuttingDownGracefully {
                do {
                    var companies = outcome.companies ?? []
                    if outcome.companies == nil {
                        companies = try await InvoiceMirror(
                            client: context.client, index: index, layout: layout, configuration: context.configuration, logger: logger
                        ).resolveCompanies()
                    }
                    outcome.monthReports = try await MonthClose(context: context, logger: logger).run(companies: companies)
                } catch {
                    outcome.record(error, stage: "month report")
                }
            }
        }

        // A signal stopped the stages at a safe point: say so, and let the next run finish the job.
        let interrupted = Task.isShuttingDownGracefully
        if interrupted { outcome.record(AgentError.interrupted, stage: "signal") }

        try? await outcome.link.save(to: index)
        outcome.finishedAt = Date()
        do {
            let status = try await StatusReport.build(context: context, lastOutcome: outcome)
            if !options.mirror.dryRun { try StatusFile.write(status, to: layout, wording: context.configuration.wording) }
        } catch {
            outcome.record(error, stage: "status")
        }
        try? await index.finishRun(id: runId, exitCode: Int(outcome.exitStatus.rawValue), summary: outcome.summary(context.configuration.wording))
        if outcome.link.state == .broken || outcome.link.state == .notConnected {
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
