import Foundation

/// An OAuth access and refresh token pair. Its `description` never shows the secrets.
public struct TokenPair: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessToken: String
    /// Single use: every refresh returns a new one, and the old one stops working.
    public var refreshToken: String
    public var expiresAt: Date

    public init(accessToken: String, refreshToken: String, expiresAt: Date) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }

    /// True when the access token is past, or within `margin` of, its expiry.
    public func isExpired(at now: Date = Date(), margin: TimeInterval = 60) -> Bool {
        expiresAt.timeIntervalSince(now) <= margin
    }

    public var description: String { "TokenPair(expires: \(Timestamp.format(expiresAt)), secrets redacted)" }
    public var debugDescription: String { description }
}
