import DropValues
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

    /// A 429 (here one the sandbox is told to give, its window resetting a second later) is waited out
    /// until `X-RateLimit-Reset`, then the call succeeds. The wait is read off the server's arrival times:
    /// a lower bound, which a busy machine can only lengthen.
    @Test func a429MakesTheClientWaitUntilReset() async throws {
        try await withHarness(.test()) { harness in
            let client = harness.makeClient()
            _ = try await client.me()
            harness.sandbox.faults.throttleNext = ["api": 1]
            let before = harness.sandbox.arrivals(of: "api").count
            let departments = try await client.departments()
            #expect(departments.count == 2)
            let arrivals = Array(harness.sandbox.arrivals(of: "api").dropFirst(before))
            #expect(arrivals.count == 2)
            if arrivals.count == 2 { #expect(arrivals[1].timeIntervalSince(arrivals[0]) >= 0.95) }
            #expect(await client.limiter.rateLimited == 1)
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
            // Each call sent once: the window was shared, no call met a 429 and went again.
            #expect(await client.limiter.sent == 60)
            // 60 calls at 20 a second: at least two full windows of waiting (a lower bound, which a busy
            // machine can only lengthen; how little it waits is RateWindowTests' job, on a test clock).
            #expect(elapsed >= .seconds(2))
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

/// The token endpoint and the file host have no rate limiter of ours: their 429s are waited out
/// (`Retry-After`), never retried back to back.
@Suite struct UncountedRateLimitTests {
    @Test func a429FromTheTokenEndpointOrTheFileHostIsWaitedOut() async throws {
        try await withHarness { harness in
            harness.sandbox.faults.throttleNext = ["oauth": 1, "files": 1]
            let invoice = try #require(try await harness.client.invoices(filter: InvoiceFilter(status: [.outstanding])).items.first)
            let bytes = try await harness.client.downloadInvoice(id: invoice.id, format: .pdf)
            #expect(bytes == harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
            for kind in ["oauth", "files"] {
                let arrivals = harness.sandbox.arrivals(of: kind)
                #expect(arrivals.count == 2, "\(kind)")
                // Retry-After: 1. A lower bound only: sleeping never ends early, however busy the machine.
                if arrivals.count == 2 { #expect(arrivals[1].timeIntervalSince(arrivals[0]) >= 0.95, "\(kind)") }
            }
        }
    }
}
