import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization
import TeamleaderSandbox
import Testing

@testable import TeamleaderAPI

@Suite struct OAuthTests {
    /// Follows the sandbox's authorize page as a browser would, without following the redirect.
    static func authorize(_ harness: Harness, state: String, redirectURI: String) async throws -> URLComponents {
        let oauth = OAuthClient(configuration: harness.configuration(), httpClient: harness.http, logger: Logger(label: "test"))
        let url = oauth.authorizationURL(state: state, redirectURI: redirectURI)
        // A ceiling that only catches a hang: a busy machine may take seconds to answer.
        let noRedirects = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let response: HTTPClientResponse
        do {
            response = try await noRedirects.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(120))
            try await noRedirects.shutdown()
        } catch {
            try? await noRedirects.shutdown()
            throw error
        }
        #expect(response.status == .found)
        let location = try #require(response.headers.first(name: "Location"))
        return try #require(URLComponents(string: location))
    }

    @Test func authorizationCodeIsExchangedOnceAndCarriesTheState() async throws {
        try await withHarness { harness in
            let redirect = "http://127.0.0.1:9/callback"
            let back = try await Self.authorize(harness, state: "s-123", redirectURI: redirect)
            let items = Dictionary(uniqueKeysWithValues: (back.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(items["state"] == "s-123")
            let code = try #require(items["code"])
            let oauth = OAuthClient(configuration: harness.configuration(), httpClient: harness.http, logger: Logger(label: "test"))
            let tokens = try await oauth.exchange(code: code, redirectURI: redirect)
            #expect(!tokens.accessToken.isEmpty && !tokens.refreshToken.isEmpty)
            #expect(tokens.expiresAt > Date().addingTimeInterval(3000))
            // A code works once.
            await #expect(throws: TeamleaderError.self) { try await oauth.exchange(code: code, redirectURI: redirect) }
            // The pair works.
            let client = harness.makeClient(tokens: InMemoryTokenStore(tokens))
            #expect(try await client.me().account.type == "account")
        }
    }

    @Test func deniedAuthorizationRedirectsWithAccessDenied() async throws {
        try await withHarness { harness in
            var faults = harness.sandbox.faults
            faults.denyAuthorization = true
            harness.sandbox.faults = faults
            let back = try await Self.authorize(harness, state: "s", redirectURI: "http://127.0.0.1:9/cb")
            let items = Dictionary(uniqueKeysWithValues: (back.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(items["error"] == "access_denied")
            #expect(items["code"] == nil)
        }
    }

    @Test func refreshRotatesAndTheOldRefreshTokenIsRejected() async throws {
        try await withHarness { harness in
            let oauth = OAuthClient(configuration: harness.configuration(), httpClient: harness.http, logger: Logger(label: "test"))
            let first = harness.sandbox.issueRefreshToken()
            let second = try await oauth.refresh(first)
            #expect(second.refreshToken != first)
            do {
                _ = try await oauth.refresh(first)
                Issue.record("a used refresh token was accepted")
            } catch let error as TeamleaderError {
                #expect(error.isLinkBroken)
                #expect("\(error)".contains("invalid_grant"))
                #expect("\(error)".contains("tldrop connect"))
            }
            _ = try await oauth.refresh(second.refreshToken)
        }
    }

    static let shapes: [SandboxBehaviour.OAuthErrorShape] = [.envelope, .league]

    /// `invalid_client` is a configuration error (exit 78), not a broken link: the tokens are fine. Both
    /// shapes Teamleader's token endpoint may answer in say so.
    @Test(arguments: shapes)
    func wrongClientSecretIsAConfigurationErrorNotABrokenLink(shape: SandboxBehaviour.OAuthErrorShape) async throws {
        var behaviour = SandboxBehaviour()
        behaviour.oauthErrors = shape
        try await withHarness(.test(behaviour: behaviour)) { harness in
            var configuration = harness.configuration()
            configuration.clientSecret = "wrong"
            let oauth = OAuthClient(configuration: configuration, httpClient: harness.http, logger: Logger(label: "test"))
            // The league body describes the error; the envelope carries the code alone.
            let expected = TeamleaderError.invalidClient(description: shape == .league ? "Client authentication failed" : nil)
            await #expect(throws: expected) { _ = try await oauth.exchange(code: "x", redirectURI: "http://127.0.0.1:9/cb") }
            await #expect(throws: expected) { _ = try await oauth.refresh(harness.sandbox.issueRefreshToken()) }
            #expect(!expected.isLinkBroken && !expected.isTransient)
        }
    }

    /// A revoked link is broken (77), and the message carries Teamleader's hint, whichever shape it came in.
    @Test(arguments: shapes)
    func aRevokedRefreshTokenIsABrokenLinkWithTeamleadersHint(shape: SandboxBehaviour.OAuthErrorShape) async throws {
        var behaviour = SandboxBehaviour()
        behaviour.oauthErrors = shape
        try await withHarness(.test(behaviour: behaviour)) { harness in
            let oauth = OAuthClient(configuration: harness.configuration(), httpClient: harness.http, logger: Logger(label: "test"))
            let token = harness.sandbox.issueRefreshToken()
            harness.sandbox.revokeTokens()
            do {
                _ = try await oauth.refresh(token)
                Issue.record("a revoked refresh token was accepted")
            } catch let error as TeamleaderError {
                #expect(error.isLinkBroken)
                #expect("\(error)".contains("invalid_grant"))
                #expect("\(error)".contains("Token has been revoked"), "\(error)")
            }
        }
    }

    /// The envelope may carry the code in `title`, `code` or any value of `meta`; the hint is `meta.hint`.
    @Test(arguments: [
        (#"{"errors":[{"status":401,"title":"invalid_client","meta":{"hint":"Wrong secret"}}]}"#, "invalid_client", "Wrong secret"),
        (#"{"errors":[{"title":"Client authentication failed","code":"invalid_client"}]}"#, "invalid_client", "Client authentication failed"),
        (
            #"{"errors":[{"title":"Unauthorized","meta":{"error":"invalid_grant","hint":"Token has been revoked"}}]}"#, "invalid_grant",
            "Unauthorized (Token has been revoked)"
        ),
        (#"{"errors":[{"title":"invalid_grant","code":7,"meta":{"hint":["odd"]}}]}"#, "invalid_grant", nil),
        (
            #"{"error":"invalid_grant","error_description":"The refresh token is invalid.","hint":"Token has been revoked"}"#, "invalid_grant",
            "The refresh token is invalid. (Token has been revoked)"
        ),
    ])
    func tokenErrorsAreReadInEitherShape(body: String, code: String, explanation: String?) {
        let answer = ErrorBody.oauth(in: Data(body.utf8))
        #expect(answer?.error == code)
        #expect(answer?.explanation == explanation)
    }

    /// Records, at each save, how many API calls the sandbox had received: a save must come before the
    /// first call that uses the new token.
    final class RecordingStore: TokenStore {
        let sandbox: TeamleaderSandbox
        let tokens: Mutex<TokenPair?>
        let saves = Mutex<[(pair: TokenPair, apiCallsBefore: Int)]>([])
        let failing: Bool

        init(sandbox: TeamleaderSandbox, initial: TokenPair, failing: Bool = false) {
            self.sandbox = sandbox
            self.tokens = Mutex(initial)
            self.failing = failing
        }

        func load() async throws -> TokenPair? { tokens.withLock { $0 } }
        func save(_ pair: TokenPair) async throws {
            if failing { throw CocoaError(.fileWriteNoPermission) }
            let calls = sandbox.requestCounts.filter { !$0.key.hasPrefix("oauth2") }.values.reduce(0, +)
            saves.withLock { $0.append((pair, calls)) }
            tokens.withLock { $0 = pair }
        }
    }

    @Test func refreshedTokensAreStoredBeforeTheyAreUsed() async throws {
        try await withHarness { harness in
            let store = RecordingStore(sandbox: harness.sandbox, initial: Harness.connectedTokens(harness.sandbox))
            let client = harness.makeClient(tokens: store)
            _ = try await client.me()
            let saves = store.saves.withLock { $0 }
            #expect(saves.count == 1)
            #expect(saves.first?.apiCallsBefore == 0)
            #expect(harness.sandbox.requestCounts["users.me"] == 1)
            #expect(try await store.load() == saves.first?.pair)
        }
    }

    @Test func tokensThatCannotBeStoredAreNeverUsed() async throws {
        try await withHarness { harness in
            let store = RecordingStore(sandbox: harness.sandbox, initial: Harness.connectedTokens(harness.sandbox), failing: true)
            let client = harness.makeClient(tokens: store)
            do {
                _ = try await client.me()
                Issue.record("the call went through without a stored token")
            } catch let error as TeamleaderError {
                guard case .tokenStoreFailed = error else { throw error }
            }
            #expect(harness.sandbox.requestCounts.filter { !$0.key.hasPrefix("oauth2") }.isEmpty)
            #expect(harness.sandbox.requestCounts["oauth2/access_token"] == 1)
        }
    }

    @Test func anAccessTokenExpiringMidRunIsRefreshedOnceForConcurrentCalls() async throws {
        try await withHarness { harness in
            _ = try await harness.client.me()
            #expect(await harness.client.session.refreshCount == 1)
            harness.sandbox.expireAccessTokens()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await harness.client.departments() } }
                try await group.waitForAll()
            }
            #expect(await harness.client.session.refreshCount == 2)
        }
    }

    @Test func revokedTokensBreakTheLink() async throws {
        try await withHarness { harness in
            _ = try await harness.client.me()
            harness.sandbox.revokeTokens()
            do {
                _ = try await harness.client.me()
                Issue.record("a revoked link still worked")
            } catch let error as TeamleaderError {
                #expect(error.isLinkBroken)
            }
        }
    }

    @Test func noStoredTokensMeansNotConnected() async throws {
        try await withHarness(tokens: InMemoryTokenStore()) { harness in
            await #expect(throws: TeamleaderError.notConnected) { _ = try await harness.client.me() }
        }
    }

    @Test func tokenPairDescriptionHidesSecrets() {
        let pair = TokenPair(accessToken: "SECRET-ACCESS", refreshToken: "SECRET-REFRESH", expiresAt: Date())
        for text in ["\(pair)", String(reflecting: pair)] {
            #expect(!text.contains("SECRET"))
        }
    }
}
