package import Foundation
package import Hummingbird
package import Logging
import LoopbackServer
import NIOCore
import ServiceLifecycle

/// The built-in Teamleader stand-in: a real HTTP server on 127.0.0.1 that serves the documented OAuth
/// and API endpoints over seeded, deterministic data, plus control endpoints under `/_sandbox/` for
/// tests and demos (book, edit and delete invoices, revoke tokens, inject faults, list the payments it
/// received).
///
/// ```swift
/// try await TeamleaderSandbox.withRunning(SandboxConfiguration()) { sandbox in
///     print(sandbox.baseURL)   // http://127.0.0.1:<port>
/// }
/// ```
package struct TeamleaderSandbox: Sendable {
    let state: SandboxState

    package init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        state = SandboxState(configuration: configuration)
    }

    init(state: SandboxState) { self.state = state }

    package var configuration: SandboxConfiguration { state.configuration }

    /// Serves until a graceful shutdown is triggered (or the task is cancelled).
    /// - Parameter onListening: called once with the bound port.
    package func serve(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(logger: logger, onListening: onListening).run()
    }

    /// The sandbox's application, on 127.0.0.1 at the configured port.
    func application(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) -> some Service {
        let baseURL = SandboxURLs(state: state)
        return LoopbackServer.application(router(urls: baseURL), port: configuration.port, name: "tldrop-sandbox", logger: logger) { port in
            baseURL.set(port: port)
            await onListening(port)
        }
    }

    /// The sandbox with no socket, for tests that call its routes in process (HummingbirdTesting's
    /// `.router`); the addresses it hands out (file downloads) name `port`.
    package func applicationInProcess(port: Int = 0) -> some ApplicationProtocol {
        let baseURL = SandboxURLs(state: state)
        baseURL.set(port: port)
        return Application(router: router(urls: baseURL), logger: Logger(label: "tldrop.sandbox", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    private func router(urls: SandboxURLs) -> Router<SandboxContext> {
        let router = Router(context: SandboxContext.self)
        OAuthRoutes(state: state).register(on: router)
        APIRoutes(state: state, urls: urls).register(on: router)
        ControlRoutes(state: state).register(on: router)
        FileRoutes(state: state).register(on: router)
        return router
    }

    /// Starts the sandbox on a free loopback port, runs `body` with it, and stops it.
    package static func withRunning<Result: Sendable>(
        _ configuration: SandboxConfiguration = SandboxConfiguration(),
        logger: Logger = Logger(label: "tldrop.sandbox", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: @Sendable (RunningSandbox) async throws -> Result
    ) async throws -> Result {
        let sandbox = TeamleaderSandbox(configuration: configuration)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = sandbox.application(logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        return try await LoopbackServer.serving(application, logger: logger) {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw SandboxError.didNotStart }
            return try await body(RunningSandbox(sandbox: sandbox, port: port))
        }
    }
}

/// A sandbox that is listening: its address and its control surface.
package struct RunningSandbox: Sendable {
    package let sandbox: TeamleaderSandbox
    package let port: Int

    /// `http://127.0.0.1:<port>`: both the API and the OAuth base URL.
    package var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
}

package enum SandboxError: Error, CustomStringConvertible {
    case didNotStart
    case unknown(String)

    package var description: String {
        switch self {
        case .didNotStart: return "the sandbox did not start listening"
        case .unknown(let what): return what
        }
    }
}
