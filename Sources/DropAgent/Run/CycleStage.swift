import DropIndex
import Foundation
import ServiceLifecycle
import TeamleaderAPI

/// One stage of a run: when it applies, and what it does to the run's outcome. A stage that throws
/// is recorded under its name and the run goes on with the next: a run does all it can.
struct CycleStage: Sendable {
    let name: RunStage
    let applies: @Sendable (AgentRun.Options, RunOutcome) -> Bool
    let body: @Sendable (AgentCycle, AgentRun.Options, inout RunOutcome) async throws -> Void

    init(
        _ name: RunStage, when applies: @escaping @Sendable (AgentRun.Options, RunOutcome) -> Bool = { _, _ in true },
        _ body: @escaping @Sendable (AgentCycle, AgentRun.Options, inout RunOutcome) async throws -> Void
    ) {
        self.name = name
        self.applies = applies
        self.body = body
    }

    /// Whether a stage that writes may run: not in a dry run.
    static func writes(_ options: AgentRun.Options, _ stage: AgentRun.Stage) -> Bool {
        options.stages.contains(stage) && !options.mirror.dryRun
    }

    /// DESIGN.md's order: recover, refresh, corrections, mirror, inbox, push, archive, month reports.
    /// The link's health, found by the refresh, decides which of the later stages can run.
    static let all: [CycleStage] = [
        CycleStage(.recovery) { cycle, _, _ in
            _ = try await OutboxRecovery(index: cycle.context.index, layout: cycle.context.layout, logger: cycle.logger)
                .recover(companies: cycle.context.configuration.companies.map(\.name))
        },
        CycleStage(.link) { cycle, _, outcome in
            do {
                _ = try await cycle.context.client.session.accessToken()
                outcome.link = LinkHealth(state: .up)
            } catch {
                outcome.link = LinkHealth.from(error) ?? LinkHealth(state: .unknown, detail: "\(error)")
                throw error
            }
        },
        // What the admin did with a file manager, before anything new is written.
        CycleStage(.corrections, when: { options, _ in writes(options, .corrections) }) { cycle, _, outcome in
            let corrections = try await OutboxCorrections(context: cycle.context).run(linkUp: outcome.link.state == .up)
            outcome.corrections = corrections
            if !corrections.failedMarkers.isEmpty { outcome.raise(.dataError) }
        },
        CycleStage(.mirror, when: { options, outcome in outcome.link.state == .up && options.stages.contains(.mirror) }) { cycle, options, outcome in
            await cycle.mirror(options, &outcome)
        },
        // The inbox needs no Teamleader: a broken link still lets files be read and their payments queued.
        CycleStage(.inbox, when: { options, _ in writes(options, .inbox) }) { cycle, options, outcome in
            let context = cycle.context
            let inbox = try await InboxStage(
                context: context, logger: cycle.logger, waitForSettling: options.waitForSettling, closed: options.closedInboxFiles
            ).run()
            outcome.inbox = inbox
            if inbox.files.contains(where: \.hasRejections) { outcome.raise(.dataError) }
        },
        CycleStage(.push, when: { options, _ in writes(options, .push) }) { cycle, _, outcome in
            await cycle.push(&outcome)
        },
        // What people read about payments, kept current: each inbox report gets its lines' outcomes in
        // Teamleader, and the review files hold the open rows only, in the configured language.
        CycleStage(.reports, when: { options, _ in writes(options, .push) || writes(options, .inbox) }) { cycle, _, _ in
            let context = cycle.context
            try await ReportOutcomes(context: context).update()
            try await ReviewItems.refresh(layout: context.layout, index: context.index, wording: context.configuration.wording)
        },
        CycleStage(.archive, when: { options, _ in writes(options, .archive) }) { cycle, options, outcome in
            outcome.archive = try await ArchiveStage(context: cycle.context, atOnce: options.archiveAtOnce).run(onlyMonth: options.archiveMonth)
        },
        // A closed month's report needs Teamleader's listing: while the link is down it waits.
        CycleStage(
            .monthReport,
            when: { options, outcome in writes(options, .archive) && outcome.link.state == .up && !Task.isShuttingDownGracefully }
        ) { cycle, _, outcome in
            let context = cycle.context
            guard !context.configuration.companies.isEmpty else { return }
            let companies =
                if let known = outcome.companies { known } else { try await CompanyMapper.resolve(context.configuration, client: context.client) }
            outcome.monthReports = try await MonthClose(context: context, logger: cycle.logger).run(companies: companies)
        },
    ]
}

extension AgentCycle {
    /// Mirrors the companies (those a `watch` cycle found at start, or all), and says which failed.
    func mirror(_ options: AgentRun.Options, _ outcome: inout RunOutcome) async {
        let mirror = InvoiceMirror(context: context, logger: logger, progress: progress)
        do {
            let companies =
                if let known = options.companies { known } else { try await CompanyMapper.resolve(context.configuration, client: context.client) }
            outcome.companies = companies
            let report = try await mirror.mirror(companies, options: options.mirror)
            outcome.mirror = report
            if !options.mirror.dryRun { try await CompanyFreshness.record(report, at: context.now(), in: context.index) }
        } catch let interrupted as StageInterrupted<MirrorReport> {
            outcome.mirror = interrupted.report
            outcome.record(interrupted.cause, stage: .mirror)
        } catch {
            outcome.record(error, stage: .mirror)
        }
        if let report = outcome.mirror, report.failed > 0 {
            outcome.raise(.tryLater)
            for company in report.companies {
                guard let reason = company.error else { continue }
                let status = company.errorExitCode.flatMap(ExitStatus.init(rawValue:)) ?? .tryLater
                outcome.record(AgentError.companyFailed(company: company.company, reason: reason, status: status), stage: .mirror)
            }
        }
    }

    /// Sends the queued payments; while Teamleader cannot be reached the queue waits for a later run.
    func push(_ outcome: inout RunOutcome) async {
        guard outcome.link.state == .up else {
            var push = PushReport()
            push.waiting = (try? await context.index.pendingPayments().count) ?? 0
            outcome.push = push
            return
        }
        do {
            outcome.push = try await PaymentPusher(context: context, logger: logger).push()
        } catch let interrupted as StageInterrupted<PushReport> {
            outcome.push = interrupted.report
            outcome.record(interrupted.cause, stage: .push)
        } catch {
            outcome.record(error, stage: .push)
        }
        if let push = outcome.push, push.waiting > 0 { outcome.raise(.tryLater) }
    }
}
