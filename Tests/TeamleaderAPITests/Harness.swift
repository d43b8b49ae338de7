import AsyncHTTPClient
import DropValues
import Foundation
import Logging
import TeamleaderSandbox
import Testing

@testable import TeamleaderAPI

extension SandboxConfiguration {
    /// A sandbox with a fixed "today", so the seeded data is the same on every run.
    static func test(
        invoices: Int = 40, departments: Int = 2, rateLimit: Int = 0, behaviour: SandboxBehaviour = SandboxBehaviour()
    ) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.behaviour = behaviour
        configuration.invoices = invoices
        configuration.departments = departments
        configuration.rateLimit = rateLimit
        configuration.today = CalendarDate("2026-11-15")
        return configuration
    }
}

extension RetryPolicy {
    /// Short waits so that retry tests run in milliseconds.
    static let fast = RetryPolicy(
        maximumAttempts: 4, initialBackoff: .milliseconds(10), maximumBackoff: .milliseconds(50),
        maximumRateLimitWait: .seconds(10))
}

/// A running sandbox and a client connected to it (through a refresh token, as `connect` would leave it).
struct Harness: Sendable {
    let running: RunningSandbox
    let client: TeamleaderClient
    let http: HTTPClient
    var sandbox: TeamleaderSandbox { running.sandbox }

    func configuration(
        rateLimit: Int = 200, rateWindow: Duration = .seconds(60), retry: RetryPolicy = .fast
    ) -> TeamleaderConfiguration {
        TeamleaderConfiguration(
            apiURL: running.baseURL, authURL: running.baseURL, clientID: "sandbox", clientSecret: "sandbox",
            rateLimit: rateLimit, rateWindow: rateWindow, retry: retry)
    }

    /// Another client on the same sandbox, with its own tokens and rate limiter.
    func makeClient(
        tokens: (any TokenStore)? = nil, rateLimit: Int = 200, rateWindow: Duration = .seconds(60)
    ) -> TeamleaderClient {
        TeamleaderClient(
            configuration: configuration(rateLimit: rateLimit, rateWindow: rateWindow),
            tokens: tokens ?? InMemoryTokenStore(Harness.connectedTokens(sandbox)), httpClient: http,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func connectedTokens(_ sandbox: TeamleaderSandbox) -> TokenPair {
        TokenPair(accessToken: "not-yet", refreshToken: sandbox.issueRefreshToken(), expiresAt: .distantPast)
    }
}

@discardableResult
func withHarness<Result: Sendable>(
    _ configuration: SandboxConfiguration = .test(), tokens: (any TokenStore)? = nil,
    _ body: @Sendable (Harness) async throws -> Result
) async throws -> Result {
    try await TeamleaderSandbox.withRunning(configuration) { running in
        let http = TeamleaderClient.makeHTTPClient()
        let store = tokens ?? InMemoryTokenStore(Harness.connectedTokens(running.sandbox))
        let client = TeamleaderClient(
            configuration: TeamleaderConfiguration(
                apiURL: running.baseURL, authURL: running.baseURL, clientID: "sandbox", clientSecret: "sandbox",
                retry: .fast),
            tokens: store, httpClient: http, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            let result = try await body(Harness(running: running, client: client, http: http))
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

/// Reads a fixture file kept beside the tests.
func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
    return try Data(contentsOf: url)
}
