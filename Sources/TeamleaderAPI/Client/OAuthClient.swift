package import AsyncHTTPClient
import DropValues
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1

/// The OAuth 2 authorization code flow against Teamleader's `/oauth2/authorize` and
/// `/oauth2/access_token`.
package struct OAuthClient: Sendable {
    let configuration: TeamleaderConfiguration
    let executor: RequestExecutor

    /// - Parameter tally: where its answers are counted (its Teamleader client's, when it has one).
    package init(configuration: TeamleaderConfiguration, httpClient: HTTPClient, logger: Logger, tally: RequestTally = RequestTally()) {
        self.configuration = configuration
        self.executor = RequestExecutor(
            http: httpClient, limiter: RateLimiter(), retry: configuration.retry, userAgent: configuration.userAgent, logger: logger,
            tally: tally)
    }

    /// The page the user approves the integration on; Teamleader redirects back with `code` and `state`.
    package func authorizationURL(state: String, redirectURI: String) -> URL {
        Self.authorizationURL(configuration: configuration, state: state, redirectURI: redirectURI)
    }

    /// The authorize URL for a configuration, without a client.
    package static func authorizationURL(configuration: TeamleaderConfiguration, state: String, redirectURI: String) -> URL {
        var components = URLComponents(
            url: configuration.authURL.appendingPathComponent("oauth2/authorize"), resolvingAgainstBaseURL: false)!
        components.queryItems = [
            URLQueryItem(name: "client_id", value: configuration.clientID),
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "redirect_uri", value: redirectURI),
        ]
        return components.url!
    }

    /// Exchanges a single-use authorization code for a token pair.
    package func exchange(code: String, redirectURI: String) async throws -> TokenPair {
        do {
            return try await requestTokens([
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ])
        } catch TeamleaderError.oauth(_, "invalid_client", let description) {
            throw TeamleaderError.invalidClient(description: description)
        }
    }

    /// Exchanges a refresh token for a new pair. The old refresh token stops working at once, so the
    /// caller must store the new pair before using it.
    /// - Throws: `TeamleaderError.linkBroken` when Teamleader refuses the refresh token.
    package func refresh(_ refreshToken: String) async throws -> TokenPair {
        do {
            return try await requestTokens([("grant_type", "refresh_token"), ("refresh_token", refreshToken)])
        } catch TeamleaderError.oauth(_, "invalid_client", let description) {
            // The client id or secret is wrong: the tokens are fine and kept.
            throw TeamleaderError.invalidClient(description: description)
        } catch TeamleaderError.oauth(let status, let error, let description) where status == 400 || status == 401 {
            // Teamleader does not document this answer; any other 400/401 means the token is gone. Its
            // hint ("Token has been revoked") is what tells the admin why.
            throw TeamleaderError.linkBroken(
                reason: "Teamleader refused the refresh token (\(error)\(description.map { ": \($0)" } ?? ""))")
        }
    }

    private func requestTokens(_ fields: [(String, String)]) async throws -> TokenPair {
        let all = [("client_id", configuration.clientID), ("client_secret", configuration.clientSecret)] + fields
        var request = HTTPClientRequest(
            url: configuration.authURL.appendingPathComponent("oauth2/access_token").absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(all)))
        let issuedAt = SystemClock.now()
        // A code or refresh token is single use: never repeat a request whose answer was lost.
        let answer = try await executor.perform(
            "oauth2/access_token", request: request, timeout: configuration.requestTimeout,
            maximumBytes: 64 << 10, counted: false, idempotent: false)
        guard answer.status == 200 else {
            if let oauth = ErrorBody.oauth(in: answer.data) {
                throw TeamleaderError.oauth(status: answer.status, error: oauth.error, description: oauth.explanation)
            }
            throw TeamleaderError.oauth(
                status: answer.status, error: "unexpected answer",
                description: ErrorBody.messages(in: answer.data).first)
        }
        struct Response: Decodable {
            var access_token: String
            var refresh_token: String
            var expires_in: Int?
        }
        guard let response = try? JSONDecoder().decode(Response.self, from: answer.data) else {
            throw TeamleaderError.malformedResponse(
                endpoint: "oauth2/access_token", detail: "expected access_token and refresh_token")
        }
        return TokenPair(
            accessToken: response.access_token, refreshToken: response.refresh_token,
            expiresAt: issuedAt.addingTimeInterval(TimeInterval(response.expires_in ?? 3600)))
    }
}

/// `application/x-www-form-urlencoded`, as the token endpoint reads it.
enum FormEncoding {
    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
