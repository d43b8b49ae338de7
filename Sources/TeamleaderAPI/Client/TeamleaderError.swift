import Foundation

/// What can go wrong talking to Teamleader, worded for the admin who reads it.
package enum TeamleaderError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Teamleader answered with a 4xx and, usually, `errors[].title`.
    case rejected(endpoint: String, status: Int, messages: [String])
    /// A 403: the connected user lacks access to the module behind `endpoint`.
    case forbidden(endpoint: String, messages: [String])
    /// No credentials are stored yet.
    case notConnected
    /// The refresh token was refused: only a new `connect` repairs this.
    case linkBroken(reason: String)
    /// The token endpoint refused a request (`error` / `error_description`).
    case oauth(status: Int, error: String, description: String?)
    /// Teamleader could not be reached, or kept failing, after every retry.
    case unreachable(endpoint: String, reason: String)
    /// A request that must not be repeated blindly failed after it may have been applied.
    case outcomeUnknown(endpoint: String, reason: String)
    /// The answer was larger than the cap for its kind.
    case responseTooLarge(endpoint: String, limit: Int)
    /// The answer did not have the documented shape.
    case malformedResponse(endpoint: String, detail: String)
    /// The credentials could not be stored, so the refreshed tokens were not used.
    case tokenStoreFailed(reason: String)
    /// The token endpoint does not know this client id and secret (`invalid_client`): a configuration
    /// error, not a broken link; the stored tokens are untouched.
    case invalidClient(description: String?)

    /// True for failures that a later run may not meet (network, 5xx, lost answers): exit 75.
    package var isTransient: Bool {
        switch self {
        case .unreachable, .outcomeUnknown: return true
        default: return false
        }
    }

    /// True when Teamleader took the call and refused what it asked (a 4xx other than authentication,
    /// access and rate): the caller was let in, the request itself was wrong.
    package var refusedTheRequest: Bool {
        guard case .rejected(_, let status, _) = self else { return false }
        return (400..<500).contains(status) && status != 401 && status != 429
    }

    /// Teamleader's own words when it answered the call with a refusal (a 4xx other than a rate limit),
    /// nil for any other failure: what a document that cannot be had in a format is reported with.
    package var refusalWords: String? {
        guard case .rejected(_, let status, let messages) = self, (400..<500).contains(status), status != 429 else { return nil }
        return messages.isEmpty ? "HTTP \(status)" : messages.joined(separator: "; ")
    }

    /// True when only reconnecting repairs the link: exit 77.
    package var isLinkBroken: Bool {
        switch self {
        case .linkBroken, .notConnected: return true
        default: return false
        }
    }

    package var description: String {
        switch self {
        case .rejected(let endpoint, let status, let messages):
            return "Teamleader refused '\(endpoint)' (HTTP \(status))\(Self.joined(messages))"
        case .forbidden(let endpoint, let messages):
            return "Teamleader denied access to '\(endpoint)' (HTTP 403)\(Self.joined(messages)); "
                + "the connected user needs access to this module"
        case .notConnected:
            return "tldrop is not connected to Teamleader yet; run 'tldrop connect'"
        case .linkBroken(let reason):
            return "the Teamleader link is broken: \(reason); reconnect with 'tldrop connect'"
        case .oauth(let status, let error, let description):
            return "Teamleader's sign-in refused the request (HTTP \(status)): \(error)"
                + (description.map { " (\($0))" } ?? "")
        case .unreachable(let endpoint, let reason):
            return "Teamleader could not be reached for '\(endpoint)': \(reason); try again later"
        case .outcomeUnknown(let endpoint, let reason):
            return "the answer to '\(endpoint)' was lost (\(reason)); it may or may not have been applied"
        case .responseTooLarge(let endpoint, let limit):
            return "Teamleader's answer to '\(endpoint)' is larger than \(limit) bytes and was not read"
        case .malformedResponse(let endpoint, let detail):
            return "Teamleader's answer to '\(endpoint)' has an unexpected shape: \(detail)"
        case .tokenStoreFailed(let reason):
            return "the refreshed Teamleader tokens could not be stored (\(reason)); they were not used"
        case .invalidClient(let description):
            return "Teamleader does not accept this client id and secret (invalid_client\(description.map { ": \($0)" } ?? "")); "
                + "check teamleader.client_id in tldrop.toml (or TLDROP_CLIENT_ID) and the secret in TLDROP_CLIENT_SECRET "
                + "or client_secret_file against the integration on Teamleader's Marketplace"
        }
    }

    private static func joined(_ messages: [String]) -> String {
        messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")
    }
}
