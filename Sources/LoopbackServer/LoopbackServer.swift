package import Hummingbird
package import Logging
import NIOCore
package import ServiceLifecycle
import UnixSignals

/// The one way tldrop serves HTTP (the status page, the OAuth redirect, the Teamleader sandbox): a
/// Hummingbird application on 127.0.0.1 only, run as a service, and stopped by a graceful shutdown of
/// its service group, never by cancelling it (a cancelled server logs an error and may cut a response).
package enum LoopbackServer {
    /// An application listening on 127.0.0.1 at `port` (0 picks a free one); `onListening` gets the
    /// bound port once it listens.
    package static func application<Builder: HTTPResponderBuilder>(
        _ router: Builder, port: Int, name: String, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) -> Application<Builder.Responder> where Builder.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: name),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves `application` while `body` runs, then shuts it down gracefully and waits for it to end.
    package static func serving<Result: Sendable>(
        _ application: some Service, logger: Logger, while body: () async throws -> Result
    ) async throws -> Result {
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Swift.Result<Result, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// Serves `services` until SIGTERM or SIGINT asks them to stop (the commands `serve`, `sandbox`).
    package static func untilSignalled(_ services: [any Service], logger: Logger) async throws {
        try await ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
    }
}
