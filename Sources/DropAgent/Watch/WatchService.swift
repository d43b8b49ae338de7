import DropIndex
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `tldrop watch`: a long-running service. Inbox drops are handled within seconds, mirroring follows
/// `schedule` (and `SIGHUP`), queued payments are pushed with backoff while Teamleader is unreachable.
/// It holds the run lock for its whole life, so a `tldrop run` meanwhile exits 75. On SIGTERM/SIGINT it
/// finishes the step in hand (every file operation is atomic anyway) and stops.
public struct WatchService: Service {
    public let layout: RootLayout
    public let environment: [String: String]
    public let logger: Logger
    /// How often the inbox is looked at.
    public var pollInterval: Duration = .seconds(2)
    /// Backoff for pushing while Teamleader is unreachable: doubles up to the maximum.
    public var initialBackoff: Duration = .seconds(30)
    public var maximumBackoff: Duration = .seconds(900)
    /// Called after every cycle (tests watch the service through it).
    public var onCycle: @Sendable (RunOutcome) -> Void = { _ in }

    public init(layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        self.layout = layout
        self.environment = environment
        self.logger = logger
    }

    public func run() async throws {
        let lock = try RunLock(at: layout.lockFile)
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
        }
        await context.close()
        withExtendedLifetime(lock) {}
        logger.info("stopped watching")
    }

    private func loop(context: AgentContext, mirrorRequested: Flag) async throws {
        let cycle = AgentCycle(context: context, logger: logger)
        var nextMirror = context.configuration.schedule.next(after: Date())
        var nextPush = ContinuousClock.now
        var backoff = initialBackoff
        var lastStatus = ExitStatus.success
        while !Task.isShuttingDownGracefully {
            let due = mirrorRequested.take() || Date() >= nextMirror
            var stages: Set<AgentRun.Stage> = []
            if due {
                stages = Set(AgentRun.Stage.allCases)
                nextMirror = context.configuration.schedule.next(after: Date())
            } else {
                if try await inboxHasWork(context) { stages.insert(.inbox) }
                if ContinuousClock.now >= nextPush, try await !context.index.pendingPayments().isEmpty { stages.insert(.push) }
                if stages.contains(.inbox) { stages.insert(.push) }
            }
            if !stages.isEmpty {
                var options = AgentRun.Options(command: "watch", stages: stages)
                options.waitForSettling = false
                // One on_failure call when things go bad, not one per cycle while they stay bad.
                options.callFailureHook = lastStatus < .tryLater
                let outcome = await cycle.run(options)
                lastStatus = outcome.exitStatus
                if outcome.push?.waiting ?? 0 > 0 || outcome.link.state == .unreachable {
                    nextPush = ContinuousClock.now + backoff
                    backoff = min(backoff * 2, maximumBackoff)
                } else {
                    backoff = initialBackoff
                }
                onCycle(outcome)
            }
            try? await cancelWhenGracefulShutdown { [pollInterval] in try await Task.sleep(for: pollInterval) }
        }
    }

    /// Whether the inbox holds a file that is ready, or one that is settling (so that its observation
    /// keeps counting).
    private func inboxHasWork(_ context: AgentContext) async throws -> Bool {
        let scan = try await InboxScanner(
            layout: layout, index: context.index, companies: context.configuration.companies.map(\.name),
            settleSeconds: context.configuration.inbox.settleSeconds
        ).scan()
        return !scan.ready.isEmpty
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
    public func next(after date: Date, calendar: Calendar = .current) -> Date {
        let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: date) ?? date
        return today > date ? today : calendar.date(byAdding: .day, value: 1, to: today) ?? today.addingTimeInterval(86_400)
    }
}
