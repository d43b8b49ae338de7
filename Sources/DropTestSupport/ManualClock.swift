import DropValues
package import Foundation
import Synchronization

/// The one test clock: it moves only when the test says so. As a `Clock` it is what the rate limiter
/// sleeps on; as `wallClock` it is the agent's `now`, so days pass without waiting for them. Tests reason
/// about windows, pauses and settle times without depending on how busy the machine is.
package final class ManualClock: Clock, Sendable {
    package struct Instant: InstantProtocol {
        var offset: Duration
        package func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        package func duration(to other: Instant) -> Duration { other.offset - offset }
        package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, Never>
    }

    private let state = Mutex<(now: Instant, sleepers: [Sleeper])>((Instant(offset: .zero), []))
    /// The wall-clock moment of the instant zero.
    private let start: Date

    /// Starts at `start` (by default the real moment, so what the index records and what the sandbox
    /// dates line up with it).
    package init(start: Date = SystemClock.now()) {
        self.start = start
    }

    package var now: Instant { state.withLock { $0.now } }
    package var minimumResolution: Duration { .zero }

    /// The wall-clock moment the clock shows.
    package var date: Date {
        let offset = now.offset.components
        return start.addingTimeInterval(TimeInterval(offset.seconds) + TimeInterval(offset.attoseconds) / 1e18)
    }

    /// The clock to hand the agent as its `now`.
    package var wallClock: @Sendable () -> Date { { [self] in date } }

    /// How many sleepers wait for the clock to move.
    package var sleeping: Int { state.withLock { $0.sleepers.count } }

    package func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        await withCheckedContinuation { continuation in
            let due = state.withLock { state -> Bool in
                if deadline <= state.now { return true }
                state.sleepers.append(Sleeper(deadline: deadline, continuation: continuation))
                return false
            }
            if due { continuation.resume() }
        }
    }

    /// Moves the wall clock by `seconds` (backwards too: a clock stepped back by the system).
    package func advance(_ seconds: TimeInterval) { advance(by: .milliseconds(Int64((seconds * 1000).rounded()))) }

    package func advance(days: Int) { advance(TimeInterval(days) * 86_400) }

    /// Moves the clock on and wakes every sleeper whose deadline has come.
    package func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits (in real time, up to a ceiling that only catches a hang) until `count` sleepers wait.
    package func waitForSleepers(_ count: Int = 1) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(120)
        while sleeping < count {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }
}

/// Whether `task` ends (in real time, within a ceiling that only catches a hang) without throwing.
package func completes(_ task: Task<Void, any Error>) async -> Bool {
    await withTaskGroup(of: Bool?.self) { group in
        group.addTask { (try? await task.value) != nil }
        group.addTask {
            try? await Task.sleep(for: .seconds(120))
            return nil
        }
        defer { group.cancelAll() }
        return await group.next().flatMap { $0 } ?? false
    }
}
