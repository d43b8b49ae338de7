import DropValues
package import Foundation

/// An OAuth access and refresh token pair. Its `description` never shows the secrets.
package struct TokenPair: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    package var accessToken: String
    /// Single use: every refresh returns a new one, and the old one stops working.
    package var refreshToken: String
    package var expiresAt: Date

    package init(accessToken: String, refreshToken: String, expiresAt: Date) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }

    /// True when the access token is past, or within `margin` of, its expiry.
    package func isExpired(at now: Date = SystemClock.now(), margin: TimeInterval = 60) -> Bool {
        expiresAt.timeIntervalSince(now) <= margin
    }

    package var description: String { "TokenPair(expires: \(Timestamp.format(expiresAt)), secrets redacted)" }
    package var debugDescription: String { description }
}
