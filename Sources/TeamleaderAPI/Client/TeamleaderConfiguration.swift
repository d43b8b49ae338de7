package import Foundation

/// Where Teamleader lives and who this integration is. The URLs are settings so that the same binary
/// talks to the real service, to `tldrop sandbox`, or to any test double.
package struct TeamleaderConfiguration: Sendable {
    /// Base of the RPC endpoints, `https://api.focus.teamleader.eu`.
    package var apiURL: URL
    /// Base of `/oauth2/authorize` and `/oauth2/access_token`, `https://focus.teamleader.eu`.
    package var authURL: URL
    package var clientID: String
    package var clientSecret: String
    /// Deadline of one API request.
    package var requestTimeout: Duration
    /// Deadline of one file download.
    package var downloadTimeout: Duration
    /// Largest JSON answer read, in bytes.
    package var maximumResponseBytes: Int
    /// Largest downloaded document, in bytes.
    package var maximumDownloadBytes: Int
    /// Requests per sliding window (Teamleader: 200 a minute).
    package var rateLimit: Int
    package var rateWindow: Duration
    package var retry: RetryPolicy
    /// Sent as `User-Agent` with every request, so that Teamleader sees who calls: `tldrop/<version>`.
    package var userAgent: String

    /// Teamleader Focus itself: the API and the authorisation server, named once.
    package static let productionAPI = URL(string: "https://api.focus.teamleader.eu")!
    package static let productionAuth = URL(string: "https://focus.teamleader.eu")!

    package init(
        apiURL: URL = productionAPI,
        authURL: URL = productionAuth,
        clientID: String, clientSecret: String,
        requestTimeout: Duration = .seconds(30), downloadTimeout: Duration = .seconds(120),
        maximumResponseBytes: Int = 16 << 20, maximumDownloadBytes: Int = 64 << 20,
        rateLimit: Int = 200, rateWindow: Duration = .seconds(60), retry: RetryPolicy = RetryPolicy(),
        userAgent: String = "tldrop"
    ) {
        self.userAgent = userAgent
        self.apiURL = apiURL
        self.authURL = authURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.requestTimeout = requestTimeout
        self.downloadTimeout = downloadTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumDownloadBytes = maximumDownloadBytes
        self.rateLimit = rateLimit
        self.rateWindow = rateWindow
        self.retry = retry
    }
}

/// How often and how patiently a failed request is tried again.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var maximumAttempts: Int
    package var initialBackoff: Duration
    package var maximumBackoff: Duration
    /// The longest wait a 429 may impose before the request is given up as unreachable.
    package var maximumRateLimitWait: Duration

    package init(
        maximumAttempts: Int = 5, initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(15), maximumRateLimitWait: Duration = .seconds(70)
    ) {
        self.maximumAttempts = maximumAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.maximumRateLimitWait = maximumRateLimitWait
    }

    /// The wait before attempt `attempt + 1`: exponential, capped, with jitter so that
    /// concurrent callers do not retry in step.
    func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 16)
        let base = min(initialBackoff * (1 << exponent), maximumBackoff)
        return base * Double.random(in: 0.5...1.0)
    }
}
