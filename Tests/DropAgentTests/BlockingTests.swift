import DropFiles
import Foundation
import Testing

/// `blocking {}` runs an fsync where waiting costs nothing: never on the cooperative pool's threads.
@Suite(.timeLimit(.minutes(2))) struct BlockingTests {
    /// More blocked works than the cooperative pool has threads, each waiting for a signal that only an
    /// ordinary task can send. Run on the pool itself, they would hold every thread and the signal would
    /// never come (each wait gives up at its deadline and says so); off the pool, all are released.
    @Test func blockedWorkLeavesTheCooperativePoolFree() async throws {
        let works = ProcessInfo.processInfo.activeProcessorCount + 1
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let released = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<works {
                group.addTask {
                    try await blocking {
                        started.signal()
                        return gate.wait(timeout: .now() + .seconds(60)) == .success
                    }
                }
            }
            group.addTask {
                // An ordinary task: it runs only if a cooperative thread is free.
                for _ in 0..<works { gate.signal() }
                return true
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(released.count == works + 1)
        #expect(released.allSatisfy { $0 }, "a blocked work waited out its deadline: the pool was pinned")
        #expect(started.wait(timeout: .now()) == .success)
    }

    @Test func whatTheWorkThrowsReachesTheCaller() async throws {
        struct Refused: Error, Equatable {}
        await #expect(throws: Refused.self) { try await blocking { throw Refused() } }
        #expect(try await blocking { 6 * 7 } == 42)
    }
}
