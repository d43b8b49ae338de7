import DropIndex
package import Foundation
package import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `tldrop watch`: a long-running service. Inbox drops are handled as their writer closes them (inotify,
/// with a look every couple of seconds where events do not come), Teamleader's changes are polled every
/// `watch.poll_seconds`, the full mirror follows `schedule` (and `SIGHUP`), queued payments are pushed
/// with backoff while Teamleader is unreachable.
/// It holds the run lock only while a cycle runs: between cycles `reimport`, `archive` or a `run` get
/// their turn (they wait for a cycle in progress), and a cycle that finds the lock taken waits for the
/// next look. On SIGTERM/SIGINT it finishes the step in hand (every file operation is atomic anyway)
/// and stops.
package struct WatchService: Service {
    package let layout: RootLayout
    package let environment: [String: String]
    package let logger: Logger
    /// How often the inbox is looked at.
    package var pollInterval: Duration = .seconds(2)
    /// Backoff for pushing while Teamleader is unreachable: doubles up to the maximum.
    package var initialBackoff: Duration = .seconds(30)
    package var maximumBackoff: Duration = .seconds(900)
    /// With file events, the inbox is still looked at this often, whatever they say.
    static let inboxSafetyLook: Duration = .seconds(10)
    /// Called after every cycle (tests watch the service through it).
    package var onCycle: @Sendable (RunOutcome) -> Void = { _ in }
    /// What a cycle that did something says for the journal, in the configured language (`CycleNarration`).
    package var onLines: @Sendable ([String]) -> Void = { _ in }

    package init(layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        self.layout = layout
        self.environment = environment
        self.logger = logger
    }

    package func run() async throws {
        let context = try AgentContext.open(layout: layout, environment: environment, logger: logger)
        let mirrorRequested = Flag(true)  // a first full cycle at start
        logger.info("watching", metadata: ["root": "\(layout.root.path)", "schedule": "\(context.configuration.schedule)"])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
                        logger.info("SIGHUP: mirroring now")
                        mirrorRequested.set()
                    }
                }
                try await loop(context: context, mirrorRequested: mirrorRequested)
                group.cancelAll()
            }
        } catch is CancellationError {
            // Shutting down.
        } catch {
            // Whatever ends the loop, the connections close before the error goes up.
            await context.close()
            logger.error("stopped watching", metadata: ["error": "\(error)"])
            throw error
        }
        await context.close()
        logger.info("stopped watching")
    }

    private func loop(context: AgentContext, mirrorRequested: Flag) async throws {
        let cycle = AgentCycle(context: context, logger: logger)
        let events = FileEvents()
        let pollEvery = Duration.seconds(context.configuration.watch.pollSeconds)
        // `schedule` is a time of day where the people are (`timezone`, else the machine's zone).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.configuration.timeZone ?? .current
        var nextMirror = context.configuration.schedule.next(after: context.now(), calendar: calendar)
        var nextPoll = ContinuousClock.now + pollEvery
        var nextPush = ContinuousClock.now
        var nextInboxLook = ContinuousClock.now
        var backoff = initialBackoff
        var lastStatus = ExitStatus.success
        var lastLink: LinkHealth.State?
        var companies: [ResolvedCompany]?
        var happened = FileEvents.Pending(inboxChanged: true)
        // A file waiting to settle (or for its writer, or its done marker) is looked at again on the
        // timer, whatever events say.
        var settling = false
        while !Task.isShuttingDownGracefully {
            watchFolders(events, context: context)
            let due = mirrorRequested.take() || context.now() >= nextMirror
            var options = AgentRun.Options(command: "watch", stages: [])
            if due {
                options.stages = RunStage.chosen
                nextMirror = context.configuration.schedule.next(after: context.now(), calendar: calendar)
                nextPoll = ContinuousClock.now + pollEvery
            } else {
                // Between nightly runs: Teamleader's changes since the cursor, every `poll_seconds`.
                if ContinuousClock.now >= nextPoll {
                    options.stages.insert(.mirror)
                    options.mirror.poll = true
                    options.mirror.recent = false
                    options.companies = companies
                    nextPoll = ContinuousClock.now + pollEvery
                }
                if happened.outboxChanged { options.stages.insert(.corrections) }
                // On events; and on the timer where none come, or every `inboxSafetyLook` in case some were
                // missed (a network file system reports only its own machine's writes).
                if happened.inboxChanged || settling || !events.isLive || ContinuousClock.now >= nextInboxLook {
                    nextInboxLook = ContinuousClock.now + Self.inboxSafetyLook
                    let scan = try await InboxScanner(context: context, closed: happened.closedInInbox).scan()
                    if !scan.ready.isEmpty { options.stages.insert(.inbox) }
                    settling = !scan.waiting.isEmpty
                }
                if ContinuousClock.now >= nextPush, try await !context.index.pendingPayments().isEmpty { options.stages.insert(.push) }
                if options.stages.contains(.inbox) { options.stages.insert(.push) }
            }
            // A poll and nothing else is a run of its own kind: STATUS.md folds them into one line.
            if options.stages == [.mirror], options.mirror.poll { options.command = "poll" }
            if !options.stages.isEmpty {
                // Another command (`reimport`, `archive`, a `run`) holds the lock: its work first; this
                // cycle's waits for the next look, nothing of it forgotten.
                guard let lock = try? await RunLock.acquire(at: layout.lockFile, command: "watch") else {
                    if due { mirrorRequested.set() }
                    if options.mirror.poll { nextPoll = ContinuousClock.now }
                    let later = await wait(for: events, upTo: pollInterval, orUntil: nextPoll)
                    happened.merge(later)
                    settling = true
                    continue
                }
                options.waitForSettling = false
                options.closedInboxFiles = happened.closedInInbox
                // One on_failure call when things go bad, not one per cycle while they stay bad.
                options.callFailureHook = lastStatus < .tryLater
                let outcome = await cycle.run(options)
                lastStatus = outcome.exitStatus
                if let resolved = outcome.companies { companies = resolved }
                if outcome.push?.waiting ?? 0 > 0 || outcome.link.state == .unreachable {
                    nextPush = ContinuousClock.now + backoff
                    backoff = min(backoff * 2, maximumBackoff)
                } else {
                    backoff = initialBackoff
                }
                if let inbox = outcome.inbox { settling = !inbox.waiting.isEmpty }
                withExtendedLifetime(lock) {}
                let lines = CycleNarration.lines(outcome, linkBefore: lastLink, wording: context.configuration.wording)
                if !lines.isEmpty { onLines(lines) }
                lastLink = outcome.link.state
                onCycle(outcome)
            }
            happened = await wait(for: events, upTo: pollInterval, orUntil: nextPoll)
        }
    }

    /// Sleeps until a file event, `interval`, or `deadline`, whichever comes first; what happened meanwhile.
    private func wait(for events: FileEvents, upTo interval: Duration, orUntil deadline: ContinuousClock.Instant) async -> FileEvents.Pending {
        let end = min(ContinuousClock.now + interval, deadline)
        while ContinuousClock.now < end, !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(100)) }
            var pending = events.take()
            if !pending.isEmpty {
                // Events come in bursts (a copy, then a rename): let the burst finish.
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(100)) }
                pending.merge(events.take())
                return pending
            }
        }
        return events.take()
    }

    /// The inbox, its company folders and the outbox's company folders (again each time: a folder made
    /// after `watch` started is watched from then on).
    private func watchFolders(_ events: FileEvents, context: AgentContext) {
        events.watch(layout.inbox, as: "Inbox")
        for company in context.configuration.companies.map(\.name) {
            events.watch(layout.inbox.appendingPathComponent(company, isDirectory: true), as: "Inbox/\(company)")
            events.watch(layout.companyFolder(company), as: "Outbox/\(company)")
        }
    }
}

/// A flag one task raises and another takes down.
final class Flag: Sendable {
    private let value: Mutex<Bool>

    init(_ value: Bool = false) { self.value = Mutex(value) }

    func set() { value.withLock { $0 = true } }

    /// Whether it was raised; lowers it.
    func take() -> Bool {
        value.withLock { raised in
            defer { raised = false }
            return raised
        }
    }
}

extension ScheduleTime {
    /// The next moment, after `date`, at this local time of day.
    package func next(after date: Date, calendar: Calendar = .current) -> Date {
        let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: date) ?? date
        return today > date ? today : calendar.date(byAdding: .day, value: 1, to: today) ?? today.addingTimeInterval(86_400)
    }
}
