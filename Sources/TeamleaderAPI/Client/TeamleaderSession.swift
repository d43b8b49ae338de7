import Foundation
package import Logging

/// Holds the connection's tokens and hands out a valid access token to every concurrent call.
///
/// Refreshes are single flight: one caller refreshes while the others wait for its result, because a
/// refresh token works once and two concurrent refreshes would break the link. The new pair goes to the
/// `TokenStore` before anyone uses it.
package actor TeamleaderSession {
    private let oauth: OAuthClient
    private let store: any TokenStore
    private let logger: Logger
    private var current: TokenPair?
    private var refreshing = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// How many refreshes this session made.
    package private(set) var refreshCount = 0

    package init(oauth: OAuthClient, store: any TokenStore, logger: Logger) {
        self.oauth = oauth
        self.store = store
        self.logger = logger
    }

    /// A token that is not about to expire; refreshes first when needed.
    package func accessToken() async throws -> String {
        await waitForRefresh()
        let tokens = try await loadIfNeeded()
        if tokens.isExpired() {
            return try await refresh(rejecting: tokens.accessToken)
        }
        return tokens.accessToken
    }

    /// Called when Teamleader refused `rejected` with a 401: refreshes, unless another caller already
    /// replaced that token, and returns the token to use now.
    package func refresh(rejecting rejected: String) async throws -> String {
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
        let (fresh, rotated) = try await store.exclusively { [store, oauth, logger] in
            // Another process holding these credentials (`connect`, `doctor`, a run) may have rotated them.
            var base = tokens
            if let stored = try await store.load(), stored.refreshToken != tokens.refreshToken {
                guard stored.isExpired() else { return (stored, false) }
                base = stored
            }
            return (try await Self.rotate(base, oauth: oauth, store: store, logger: logger), true)
        }
        if rotated { refreshCount += 1 }
        current = fresh
        return fresh.accessToken
    }

    /// Spends `tokens.refreshToken` and stores the new pair before anyone may use it.
    private static func rotate(_ tokens: TokenPair, oauth: OAuthClient, store: any TokenStore, logger: Logger) async throws -> TokenPair {
        let fresh = try await oauth.refresh(tokens.refreshToken)
        do {
            try await store.save(fresh)
        } catch {
            // The old refresh token is spent; without the new one stored the link cannot survive a restart.
            logger.error("refreshed tokens could not be stored", metadata: ["error": "\(error)"])
            throw TeamleaderError.tokenStoreFailed(reason: "\(error)")
        }
        logger.info("teamleader tokens refreshed")
        return fresh
    }

    /// Forces a refresh now (used by `connect --refresh-token` and `doctor` to prove the token works).
    package func refreshNow() async throws {
        let tokens = try await loadIfNeeded()
        _ = try await refresh(rejecting: tokens.accessToken)
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
