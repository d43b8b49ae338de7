package import DropValues
import Foundation

/// How a sandbox is started: `tldrop sandbox` flags map one to one onto these.
package struct SandboxConfiguration: Sendable {
    /// 0 picks a free port; the server always listens on 127.0.0.1 only.
    package var port: Int = 0
    package var seed: UInt64 = 1
    package var departments: Int = 2
    /// Invoices in all (spread over the departments), drafts included.
    package var invoices: Int = 40
    /// Requests per `rateWindow`; 0 turns the rate limit (and its headers) off.
    package var rateLimit: Int = 200
    package var rateWindow: Duration = .seconds(60)
    /// Added to every API call.
    package var latency: Duration = .zero
    /// Share of API calls answered with a 503, 0...1.
    package var failRate: Double = 0
    /// Lifetime of an access token.
    package var tokenTTL: Duration = .seconds(3600)
    /// Lifetime of a download link.
    package var downloadTTL: Duration = .seconds(300)
    package var clientID = "sandbox"
    package var clientSecret = "sandbox"
    /// The day the seeded data is built around; nil means the real today (UTC).
    package var today: CalendarDate?
    /// How free the sandbox is where Teamleader's documentation is silent (see `SandboxBehaviour`).
    package var behaviour = SandboxBehaviour()

    package init() {}
}

/// Faults a test or a user can switch on while the sandbox runs (`POST /_sandbox/faults`).
package struct SandboxFaults: Sendable, Equatable {
    package var latency: Duration = .zero
    package var failRate: Double = 0
    /// The next N API calls are answered with a 503 (deterministic, unlike `failRate`).
    package var failNext = 0
    /// After this many more API calls, every access token expires (a token running out mid-run); 0 is off.
    package var expireAccessTokensAfter = 0
    /// The next N `registerPayment` calls are applied, then their connection is dropped unanswered.
    package var losePaymentAnswers = 0
    /// Modules (`invoices`, `departments`, `companies`, `contacts`, `products`, `users`) answered with 403.
    package var deniedScopes: Set<String> = []
    /// The authorize page answers `error=access_denied` instead of approving.
    package var denyAuthorization = false
    /// Formats `*.download` refuses for a document (400, as for a structured format Teamleader cannot
    /// generate), by document id.
    package var refusedFormats: [String: Set<String>] = [:]
    /// Documents whose list items come back in a shape no client can read (their `total` is text).
    package var unreadableRecords: Set<String> = []
    /// The next N requests of a kind are answered 429: `api` with `X-RateLimit-Reset` a second ahead,
    /// `oauth` (the token endpoint) and `files` (the file host) with `Retry-After: 1`.
    package var throttleNext: [String: Int] = [:]

    package init() {}
}
