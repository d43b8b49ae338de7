import DropFiles
import DropValues
package import Foundation
package import Logging
package import TeamleaderAPI

/// `.tldrop/credentials.json`: the token pair (and, when `connect` was given one, the client secret),
/// mode 0600, written durably before a refreshed token is used. Never logged.
package struct CredentialsFile: TokenStore {
    package let url: URL
    let logger: Logger

    struct Stored: Codable {
        var accessToken: String
        var refreshToken: String
        var expiresAt: Date
        var clientSecret: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", refreshToken = "refresh_token", expiresAt = "expires_at",
                clientSecret = "client_secret"
        }
    }

    package init(url: URL, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    package func load() async throws -> TokenPair? {
        try read().map { TokenPair(accessToken: $0.accessToken, refreshToken: $0.refreshToken, expiresAt: $0.expiresAt) }
    }

    package func save(_ tokens: TokenPair) async throws {
        let secret = try? read()?.clientSecret
        try write(
            Stored(accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, clientSecret: secret ?? nil))
    }

    /// Serialises refreshes across processes (a run, `watch`, `doctor`, `connect`) with an exclusive
    /// `flock` on `credentials.lock` next to the file: a refresh token works once, so two processes
    /// spending it at the same moment would break the link.
    package func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let path = url.deletingLastPathComponent().appendingPathComponent("credentials.lock").path
        try DurableFile.makeDirectory(url.deletingLastPathComponent())
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw FileError.posix("open '\(path)'", errno) }
        defer { close(fd) }
        // Poll rather than block a thread of the cooperative pool; a refresh takes well under a second.
        let deadline = ContinuousClock.now + .seconds(120)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw FileError.posix("lock '\(path)'", errno) }
            guard ContinuousClock.now < deadline else { throw FileError.posix("lock '\(path)' (held for two minutes)", EWOULDBLOCK) }
            try await Task.sleep(for: .milliseconds(20))
        }
        defer { flock(fd, LOCK_UN) }
        // A refresh spends the old token: without room to store its successor the link would be lost.
        var stats = statvfs()
        if statvfs(path, &stats) == 0, UInt64(stats.f_bavail) * UInt64(stats.f_frsize) < 256 << 10 {
            throw FileError.posix("store Teamleader tokens in '\(url.deletingLastPathComponent().path)' (the token was not spent)", ENOSPC)
        }
        return try await body()
    }

    /// The client secret `connect` stored, if any.
    package func clientSecret() -> String? {
        (try? read())?.clientSecret
    }

    /// Stores a new pair and, optionally, the client secret.
    package func store(_ tokens: TokenPair, clientSecret: String?) throws {
        try write(Stored(accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, clientSecret: clientSecret))
    }

    /// Whether the file reads as tldrop wrote it (JSON with a refresh token), for `doctor`; the error says
    /// what is wrong otherwise.
    package func check() throws {
        guard let stored = try read() else { throw TeamleaderError.notConnected }
        guard !stored.refreshToken.isEmpty else { throw AgentError.corruptCredentials(path: url.path) }
    }

    private func read() throws -> Stored? {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return nil }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw FileError.notRegular(url.path) }
        if status.st_mode & 0o077 != 0 {
            // Someone loosened it: tighten it again rather than leave secrets readable.
            logger.warning("credentials file was readable by others; restored mode 0600", metadata: ["path": "\(url.path)"])
            chmod(url.path, 0o600)
        }
        guard let data = FileManager.default.contents(atPath: url.path), data.count < 64 << 10 else {
            throw FileError.posix("read '\(url.path)'", EIO)
        }
        guard let stored = try? JSONDecoder.tldrop.decode(Stored.self, from: data) else {
            throw AgentError.corruptCredentials(path: url.path)
        }
        return stored
    }

    private func write(_ stored: Stored) throws {
        try DurableFile.makeDirectory(url.deletingLastPathComponent())
        try DurableFile.replace(try JSONEncoder.readable.encode(stored), at: url, mode: 0o600)
    }
}
