import DropTestSupport
import Foundation
import Testing

@testable import TeamleaderAPI

/// The rate limiter's window and pauses, on a clock the test moves: what it waits for, to the
/// millisecond, whatever else the machine is doing.
@Suite struct RateWindowTests {
    @Test func aFullWindowWaitsForItsOldestAnswerToLeaveIt() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 2, window: .seconds(10), clock: clock)
        for _ in 0..<2 {
            try await limiter.acquire()
            await limiter.complete(status: 200)
        }
        let third = Task { try await limiter.acquire() }
        #expect(await clock.waitForSleepers(), "the third request waits: the window is full")
        clock.advance(by: .milliseconds(9_900))
        #expect(await clock.waitForSleepers(), "9.9 s later it still waits")
        clock.advance(by: .milliseconds(100))
        #expect(await completes(third), "at 10 s the oldest answer leaves the window")
        #expect(await limiter.sent == 3)
    }

    @Test func slotsTheServerCountsElsewhereAreHeldUntilTheWindowEnds() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 4, window: .seconds(2), clock: clock)
        try await limiter.acquire()
        // The server counts three: two came from another process.
        await limiter.complete(status: 200, limit: 4, remaining: 1)
        try await limiter.acquire()
        await limiter.complete(status: 200)
        let waiting = Task { try await limiter.acquire() }
        #expect(await clock.waitForSleepers(), "four slots are taken, two of them by others")
        clock.advance(by: .milliseconds(1_999))
        #expect(await clock.waitForSleepers())
        clock.advance(by: .milliseconds(1))
        #expect(await completes(waiting), "the others' slots left the window with ours")
        #expect(await limiter.rateLimited == 0)
    }

    @Test func a429PausesEveryCallerUntilTheResetTheServerGave() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 200, window: .seconds(60), clock: clock)
        try await limiter.acquire()
        await limiter.complete(status: 429, reset: Date().addingTimeInterval(60))
        #expect(await limiter.rateLimited == 1)
        let pause = await limiter.pauseRemaining
        #expect(pause > .seconds(50) && pause <= .seconds(60), "\(pause)")
        let next = Task { try await limiter.acquire() }
        #expect(await clock.waitForSleepers())
        clock.advance(by: .seconds(30))
        #expect(await clock.waitForSleepers(), "half-way through the pause it still waits")
        clock.advance(by: .seconds(31))
        #expect(await completes(next), "the pause is over")
        #expect(await limiter.pauseRemaining == .zero)
    }

    @Test func aResetFarAwayIsClampedAndA429WithoutOneWaitsAWindow() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(limit: 200, window: .seconds(60), clock: clock)
        try await limiter.acquire()
        await limiter.complete(status: 429, reset: Date().addingTimeInterval(86_400))
        #expect(await limiter.pauseRemaining == .seconds(120), "a skewed server clock stalls us two minutes at most")
        clock.advance(by: .seconds(120))
        #expect(await limiter.pauseRemaining == .zero)
        try await limiter.acquire()
        await limiter.complete(status: 429)
        #expect(await limiter.pauseRemaining == .seconds(60))
    }
}
