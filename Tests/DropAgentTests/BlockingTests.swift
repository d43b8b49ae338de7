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

/// A document's files published in order into one folder: never over another file, and nothing after
/// the first name another file holds.
@Suite struct PublishInOrderTests {
    @Test func itStopsAtTheFirstNameAnotherFileHoldsAndAdoptsIdenticalOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("same".utf8).write(to: folder.appendingPathComponent("b.xml"))
        try Data("theirs".utf8).write(to: folder.appendingPathComponent("c.pdf"))
        let files = [("a.pdf", "ours a"), ("b.xml", "same"), ("c.pdf", "ours c"), ("d.xml", "ours d")].map { (data: Data($0.1.utf8), name: $0.0) }
        let outcomes = try DurableFile.publishInOrder(files, in: folder)
        #expect(outcomes.count == 3)
        #expect(outcomes[0] == .published && outcomes[1] == .identical && outcomes[2].isConflict)
        #expect(try String(contentsOf: folder.appendingPathComponent("c.pdf"), encoding: .utf8) == "theirs")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("d.xml").path), "nothing after the conflict")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["a.pdf", "b.xml", "c.pdf"], "no temporary file left")
    }
}
