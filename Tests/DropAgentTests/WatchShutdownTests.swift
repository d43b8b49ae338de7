import DropAgent
import DropTestSupport
import Foundation
import ServiceLifecycleTestKit
import Synchronization
import TeamleaderSandbox
import Testing

/// `WatchService` as a service group stops it: a graceful shutdown (what SIGTERM becomes) ends `run()`
/// on its own, not by cancelling it; the cycle in hand finishes its step, the lock is free, and the next
/// run takes up whatever was left. Driven in process by ServiceLifecycleTestKit's trigger.
@Suite struct WatchShutdownTests {
    /// Runs the service until `body` returns, then asks it to stop and waits for `run()` to return.
    static func watching(
        _ harness: AgentHarness, _ body: @Sendable (AsyncStream<RunOutcome>, GracefulShutdownTestTrigger) async throws -> Void
    ) async throws {
        let (cycles, cycled) = AsyncStream<RunOutcome>.makeStream()
        var configured = WatchService(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
        configured.pollInterval = .milliseconds(100)
        configured.onCycle = { cycled.yield($0) }
        let service = configured
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await body(cycles, trigger)
                trigger.triggerGracefulShutdown()
                // The service ends by itself once asked: no cancellation here.
                try await group.waitForAll()
            }
        }
        cycled.finish()
    }

    /// The run lock can be taken at once (and is given back before this returns).
    static func lockIsFree(_ harness: AgentHarness) async throws -> Bool {
        let lock = try? await RunLock.acquire(at: harness.layout.lockFile, command: "test")
        return lock != nil
    }

    @Test func aShutdownBetweenCyclesEndsRunAndFreesTheLock() async throws {
        try await AgentHarness.with(.agentTest(invoices: 5)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            try await Self.watching(harness) { cycles, _ in
                var iterator = cycles.makeAsyncIterator()
                let first = try #require(await iterator.next())
                #expect(first.exitStatus == .success)
                #expect(first.mirror?.mirrored ?? 0 > 0)
            }
            #expect(try await Self.lockIsFree(harness))
            let after = await harness.run()
            #expect(after.exitStatus == .success && after.mirror?.mirrored == 0, "the first cycle mirrored everything once")
        }
    }

    @Test func aShutdownDuringTheFirstCycleStopsBetweenDocumentsAndTheNextRunTakesTheRest() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let first = Mutex<RunOutcome?>(nil)
            // Asked to stop once the first document is out: the cycle finishes the documents in hand only.
            try await Self.watching(harness) { cycles, trigger in
                #expect(await AgentHarness.eventually { !harness.files(in: "Company 1").isEmpty })
                trigger.triggerGracefulShutdown()
                var iterator = cycles.makeAsyncIterator()
                let outcome = await iterator.next()
                first.withLock { $0 = outcome }
            }
            #expect(try await Self.lockIsFree(harness))
            let after = await harness.run()
            #expect(after.exitStatus == .success)
            try await harness.expectConverged()
            let booked = harness.sandbox.invoices.filter { $0.status != "draft" }.count + harness.sandbox.creditNotes.count
            let byWatch = first.withLock { $0?.mirror?.mirrored } ?? 0
            #expect(byWatch > 0 && byWatch + (after.mirror?.mirrored ?? 0) == booked, "each document mirrored once: \(byWatch) then the rest")
        }
    }
}
