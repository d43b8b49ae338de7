import Foundation
import TeamleaderAPI

/// How a sandbox is started: `tldrop sandbox` flags map one to one onto these.
public struct SandboxConfiguration: Sendable {
    /// 0 picks a free port; the server always listens on 127.0.0.1 only.
    public var port: Int = 0
    public var seed: UInt64 = 1
    public var departments: Int = 2
    /// Invoices in all (spread over the departments), drafts included.
    public var invoices: Int = 40
    /// Requests per `rateWindow`; 0 turns the rate limit (and its headers) off.
    public var rateLimit: Int = 200
    public var rateWindow: Duration = .seconds(60)
    /// Added to every API call.
    public var latency: Duration = .zero
    /// Share of API calls answered with a 503, 0...1.
    public var failRate: Double = 0
    /// Lifetime of an access token.
    public var tokenTTL: Duration = .seconds(3600)
    /// Lifetime of a download link.
    public var downloadTTL: Duration = .seconds(300)
    public var clientID = "sandbox"
    public var clientSecret = "sandbox"
    /// The day the seeded data is built around; nil means the real today (UTC).
    public var today: CalendarDate?
    /// How free the sandbox is where Teamleader's documentation is silent (see `SandboxBehaviour`).
    public var behaviour = SandboxBehaviour()

    public init() {}
}

/// Faults a test or a user can switch on while the sandbox runs (`POST /_sandbox/faults`).
public struct SandboxFaults: Sendable, Equatable {
    public var latency: Duration = .zero
    public var failRate: Double = 0
    /// The next N API calls are answered with a 503 (deterministic, unlike `failRate`).
    public var failNext = 0
    /// After this many more API calls, every access token expires (a token running out mid-run); 0 is off.
    public var expireAccessTokensAfter = 0
    /// The next N `registerPayment` calls are applied, then their connection is dropped unanswered.
    public var losePaymentAnswers = 0
    /// Modules (`invoices`, `departments`, `companies`, `contacts`, `products`, `users`) answered with 403.
    public var deniedScopes: Set<String> = []
    /// The authorize page answers `error=access_denied` instead of approving.
    public var denyAuthorization = false
    /// Formats `*.download` refuses for a document (400, as for a structured format Teamleader cannot
    /// generate), by document id.
    public var refusedFormats: [String: Set<String>] = [:]
    /// Documents whose list items come back in a shape no client can read (their `total` is text).
    public var unreadableRecords: Set<String> = []
    /// The next N requests of a kind are answered 429: `api` with `X-RateLimit-Reset` a second ahead,
    /// `oauth` (the token endpoint) and `files` (the file host) with `Retry-After: 1`.
    public var throttleNext: [String: Int] = [:]

    public init() {}
}
