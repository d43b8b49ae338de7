package import DropAgent
import Foundation
import HTTPTypes
import Hummingbird
package import Logging
import LoopbackServer
import NIOCore
import ServiceLifecycle

/// The loopback redirect of the OAuth authorization code flow: a one-route server on 127.0.0.1 that
/// waits for Teamleader to send the browser back with `code` and `state`.
///
/// A request whose `state` is not the one this flow sent is refused (and the wait goes on): it did not
/// come from this flow. `error=access_denied` ends the wait with a clear reason.
package struct OAuthRedirectListener: Sendable {
    package enum Failure: Error, CustomStringConvertible, Equatable {
        case denied(String)
        case timedOut(Duration)

        package var description: String {
            switch self {
            case .denied(let error):
                return "Teamleader did not grant access (\(error)); run 'tldrop connect' again and approve the integration"
            case .timedOut(let timeout):
                return "no answer from the browser within \(timeout.components.seconds) seconds; nothing was changed. "
                    + "Run 'tldrop connect' again and open the address it prints in a browser that reaches this machine's "
                    + "127.0.0.1 (from elsewhere: ssh -L PORT:127.0.0.1:PORT), or use 'tldrop connect --refresh-token TOKEN'"
            }
        }
    }

    package let port: Int
    package let expectedState: String
    package let timeout: Duration
    package let logger: Logger

    package init(port: Int, expectedState: String, timeout: Duration, logger: Logger) {
        self.port = port
        self.expectedState = expectedState
        self.timeout = timeout
        self.logger = logger
    }

    /// The path the redirect URI ends with.
    package static let path = "/callback"

    /// Listens until the browser comes back; `onListening` gets the port (to build the redirect URI
    /// and open the browser). Returns the authorization code.
    package func awaitCode(onListening: @escaping @Sendable (Int) async -> Void) async throws -> String {
        let (results, continuation) = AsyncStream<Result<String, Failure>>.makeStream()
        let expected = expectedState
        let (portStream, ports) = AsyncStream<Int>.makeStream()
        let router = Router()
        router.get(RouterPath(Self.path)) { request, _ -> Response in
            let query = request.uri.queryParameters
            if let error = query["error"].map(String.init) {
                continuation.yield(.failure(.denied(String(error.prefix(100)))))
                return Self.page("Access was not granted", "You can close this window; tldrop says what to do next.", status: .ok)
            }
            guard let state = query["state"].map(String.init), state == expected else {
                return Self.page("Refused", "This answer does not belong to the running 'tldrop connect' (its state differs).", status: .badRequest)
            }
            guard let code = query["code"].map(String.init), !code.isEmpty, code.count <= 2048 else {
                return Self.page("Refused", "The answer carries no authorization code.", status: .badRequest)
            }
            continuation.yield(.success(code))
            return Self.page("tldrop is connected", "You can close this window and go back to the terminal.", status: .ok)
        }
        let app = LoopbackServer.application(router, port: port, name: "tldrop", logger: logger) { ports.yield($0) }
        // Served until the code, a denial or the timeout is in.
        let outcome = try await LoopbackServer.serving(app, logger: logger) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Not inside onServerRunning: the server serves nobody (the browser included) until that returns.
                group.addTask {
                    for await port in portStream {
                        await onListening(port)
                        break
                    }
                }
                let outcome = await Self.first(of: results, timeout: timeout)
                continuation.finish()
                ports.finish()
                try await group.waitForAll()
                return outcome
            }
        }
        return try outcome.get()
    }

    /// The first answer from the browser, or a timeout.
    private static func first(of results: AsyncStream<Result<String, Failure>>, timeout: Duration) async -> Result<String, Failure> {
        await withTaskGroup(of: Result<String, Failure>?.self) { group in
            group.addTask {
                for await result in results { return result }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .failure(.timedOut(timeout))
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let result = next { return result }
            }
            return .failure(.timedOut(timeout))
        }
    }

    static func page(_ title: String, _ text: String, status: HTTPResponse.Status) -> Response {
        HTML.response(HTML.page(title: title, body: "<h1>\(HTML.escape(title))</h1><p>\(HTML.escape(text))</p>"), status: status)
    }
}

extension OAuthRedirectListener.Failure: ExitStatusCarrying {
    /// Nobody answered: try again later (75). Access refused: there is no link (77).
    package var exitStatus: ExitStatus {
        switch self {
        case .denied: return .linkBroken
        case .timedOut: return .tryLater
        }
    }
}
