import Foundation

/// OAuth bookkeeping: authorization codes (single use, ten minutes), access tokens that expire, and
/// refresh tokens that work once.
struct SandboxTokens: Sendable {
    struct Code: Sendable {
        var redirectURI: String
        var expires: Date
    }

    var codes: [String: Code] = [:]
    var accessTokens: [String: Date] = [:]
    var refreshTokens: Set<String> = []
    /// Every code and token ever handed out (the first 10,000), so that tests can look for leaks.
    var issued: [String] = []
    let ttl: Duration

    init(ttl: Duration) { self.ttl = ttl }

    mutating func issueCode(redirectURI: String, now: Date) -> String {
        let code = Self.random()
        codes[code] = Code(redirectURI: redirectURI, expires: now + 600)
        remember(code)
        return code
    }

    /// Consumes a code; nil when it is unknown, used, expired or bound to another redirect URI.
    mutating func redeem(code: String, redirectURI: String?, now: Date) -> Bool {
        guard let entry = codes.removeValue(forKey: code), entry.expires > now else { return false }
        return redirectURI == nil || redirectURI == entry.redirectURI
    }

    /// Issues a new pair.
    mutating func issuePair(now: Date) -> (access: String, refresh: String, expiresIn: Int) {
        let access = Self.random()
        let refresh = Self.random()
        let seconds = Int(ttl.components.seconds)
        accessTokens[access] = now + TimeInterval(seconds)
        refreshTokens.insert(refresh)
        remember(access)
        remember(refresh)
        pruneExpired(now: now)
        return (access, refresh, seconds)
    }

    /// Uses a refresh token up: it works exactly once.
    mutating func consume(refreshToken: String) -> Bool {
        refreshTokens.remove(refreshToken) != nil
    }

    func isValid(accessToken: String, now: Date) -> Bool {
        accessTokens[accessToken].map { $0 > now } ?? false
    }

    /// Forgets every token: what a user uninstalling the integration does.
    mutating func revokeAll() {
        accessTokens = [:]
        refreshTokens = []
        codes = [:]
    }

    /// Makes every access token expire now (refresh tokens keep working).
    mutating func expireAccessTokens(now: Date) {
        for key in accessTokens.keys { accessTokens[key] = now }
    }

    private mutating func remember(_ secret: String) {
        if issued.count < 10_000 { issued.append(secret) }
    }

    private mutating func pruneExpired(now: Date) {
        if accessTokens.count > 10_000 { accessTokens = accessTokens.filter { $0.value > now } }
    }

    private static func random() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<48).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
