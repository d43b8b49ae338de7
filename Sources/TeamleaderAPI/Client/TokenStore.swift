import Foundation
import Synchronization

/// Where the token pair lives between runs. Refresh tokens are single use, so a store must have
/// made the new pair durable when `save` returns: the session uses a refreshed token only after that.
package protocol TokenStore: Sendable {
    func load() async throws -> TokenPair?
    func save(_ tokens: TokenPair) async throws
    /// Runs `body` while no other process sharing this store refreshes: a refresh reads the stored
    /// pair, spends its refresh token and saves the new pair inside it.
    func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T
}

extension TokenStore {
    /// A store private to one process needs nothing more than the session's own single flight.
    package func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await body()
    }
}

/// A store that lives as long as the process: for the sandbox's own tools and for tests.
package final class InMemoryTokenStore: TokenStore {
    private let tokens: Mutex<TokenPair?>

    package init(_ tokens: TokenPair? = nil) {
        self.tokens = Mutex(tokens)
    }

    package func load() async throws -> TokenPair? { tokens.withLock { $0 } }
    package func save(_ tokens: TokenPair) async throws { self.tokens.withLock { $0 = tokens } }
}
