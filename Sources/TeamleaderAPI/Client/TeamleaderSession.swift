import Foundation
import Logging

/// Holds the connection's tokens and hands out a valid access token to every concurrent call.
///
/// Refreshes are single flight: one caller refreshes while the others wait for its result, because a
/// refresh token works once and two concurrent refreshes would break the link. The new pair goes to the
/// `TokenStore` before anyone uses it.
public actor TeamleaderSession {
    private let oauth: OAuthClient
    private let store: any TokenStore
    private let logger: Logger
    private var current: TokenPair?
    private var refreshing = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// How many refreshes this session made.
    public private(set) var refreshCount = 0

    public init(oauth: OAuthClient, store: any TokenStore, logger: Logger) {
        self.oauth = oauth
        self.store = store
        self.logger = logger
    }

    /// A token that is not about to expire; refreshes first when needed.
    public func accessToken() async throws -> String {
        await waitForRefresh()
        let tokens = try await loadIfNeeded()
        if tokens.isExpired() {
            return try await refresh(rejecting: tokens.accessToken)
        }
        return tokens.accessToken
    }

    /// Called when Teamleader refused `rejected` with a 401: refreshes, unless another caller already
    /// replaced that token, and returns the token to use now.
    public func refresh(rejecting rejected: String) async throws -> String {
        await waitForRefresh()
        let tokens = try await loadIfNeeded()
        guard tokens.accessToken == rejected else { return tokens.accessToken }
        refreshing = true
        defer {
            refreshing = false
            let resumed = waiters
            waiters = []
            resumed.forEach { $0.resume() }
        }
        // Another process holding these credentials may have rotated them already.
        if let stored = try await store.load(), stored.refreshToken != tokens.refreshToken {
            current = stored
            if !stored.isExpired() { return stored.accessToken }
        }
        let base = current ?? tokens
        let fresh = try await oauth.refresh(base.refreshToken)
        do {
            try await store.save(fresh)
        } catch {
            // The old refresh token is spent; without the new one stored the link cannot survive a restart.
            logger.error("refreshed tokens could not be stored", metadata: ["error": "\(error)"])
            throw TeamleaderError.tokenStoreFailed(reason: "\(error)")
        }
        current = fresh
        refreshCount += 1
        logger.info("teamleader tokens refreshed")
        return fresh.accessToken
    }

    /// Forces a refresh now (used by `connect --refresh-token` and `doctor` to prove the token works).
    public func refreshNow() async throws {
        let tokens = try await loadIfNeeded()
        _ = try await refresh(rejecting: tokens.accessToken)
    }

    /// Adopts a pair obtained elsewhere (a code exchange), storing it first.
    public func adopt(_ tokens: TokenPair) async throws {
        try await store.save(tokens)
        current = tokens
    }

    private func loadIfNeeded() async throws -> TokenPair {
        if let current { return current }
        guard let stored = try await store.load() else { throw TeamleaderError.notConnected }
        current = stored
        return stored
    }

    private func waitForRefresh() async {
        while refreshing {
            await withCheckedContinuation { waiters.append($0) }
        }
    }
}
