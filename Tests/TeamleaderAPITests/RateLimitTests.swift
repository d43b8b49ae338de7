import Foundation
import TeamleaderSandbox
import Testing

@testable import TeamleaderAPI

@Suite struct RateLimitTests {
    static func limited(_ limit: Int, window: Duration) -> SandboxConfiguration {
        var configuration = SandboxConfiguration.test(rateLimit: limit)
        configuration.rateWindow = window
        return configuration
    }

    @Test func a429MakesTheClientWaitUntilReset() async throws {
        try await withHarness(Self.limited(3, window: .seconds(2))) { harness in
            // Another integration's client used the whole window.
            let other = harness.makeClient()
            for _ in 0..<3 { _ = try await other.departments() }
            #expect(harness.sandbox.rateLimitedCount == 0)
            let started = ContinuousClock.now
            // This client's own limiter knows nothing yet: it meets a 429 and must wait for the reset.
            let client = harness.makeClient(rateWindow: .seconds(2))
            let departments = try await client.departments()
            let waited = ContinuousClock.now - started
            #expect(departments.count == 2)
            #expect(harness.sandbox.rateLimitedCount >= 1)
            #expect(waited >= .milliseconds(1000))
            #expect(await client.limiter.rateLimited >= 1)
        }
    }

    @Test func requestsMadeElsewhereCountAgainstTheWindowWithoutA429() async throws {
        try await withHarness(Self.limited(4, window: .seconds(2))) { harness in
            let other = harness.makeClient()
            for _ in 0..<2 { _ = try await other.departments() }
            let client = harness.makeClient(rateLimit: 4, rateWindow: .seconds(2))
            let started = ContinuousClock.now
            for _ in 0..<3 { _ = try await client.departments() }
            // The headers told this client that two slots were taken: it waited instead of meeting a 429.
            #expect(harness.sandbox.rateLimitedCount == 0)
            #expect(ContinuousClock.now - started >= .milliseconds(1500))
        }
    }

    @Test func concurrentCallsShareTheWindowAndStayUnderTheLimit() async throws {
        try await withHarness(Self.limited(20, window: .seconds(1))) { harness in
            let client = harness.makeClient(rateLimit: 20, rateWindow: .seconds(1))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<60 { group.addTask { _ = try await client.departments() } }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - started
            #expect(harness.sandbox.rateLimitedCount == 0)
            #expect(harness.sandbox.requestCounts["departments.list"] == 60)
            // 60 calls at 20 a second: at least two full windows of waiting, and nowhere near one window a
            // call (the bound is loose: the whole suite shares two cores with this test).
            #expect(elapsed >= .seconds(2))
            #expect(elapsed < .seconds(20))
        }
    }

    @Test func resetHeadersAreReadInTheirDocumentedForms() {
        let documented = RequestExecutor.parseReset("2021-06-15T10:51:23.035+0100")
        #expect(documented == Date(timeIntervalSince1970: 1_623_750_683.035))
        #expect(RequestExecutor.parseReset("2021-06-15T09:51:23+00:00") == Date(timeIntervalSince1970: 1_623_750_683))
        let seconds = RequestExecutor.parseReset("30")
        #expect(seconds.map { abs($0.timeIntervalSinceNow - 30) < 2 } == true)
        #expect(RequestExecutor.parseReset("soon") == nil)
    }
}
