package import DropAgent
import DropFiles
package import Foundation
import Logging
import Synchronization
import TeamleaderAPI

/// `tldrop connect`: the authorization code flow. Prints (and, where it can, opens) the authorize URL,
/// waits on the loopback redirect for the code with the right `state`, exchanges it and stores the
/// tokens (mode 0600).
package struct BrowserConnect: Sendable {
    package let context: AgentContext
    package let port: Int
    package let timeout: Duration
    /// Shows the URL to the user: opens a browser, or (tests) follows it as a browser would.
    package let open: @Sendable (URL) async -> Void

    package init(context: AgentContext, port: Int, timeout: Duration, open: @escaping @Sendable (URL) async -> Void) {
        self.context = context
        self.port = port
        self.timeout = timeout
        self.open = open
    }

    package func run() async throws -> LinkConnector.Connection {
        let state = Self.randomState()
        let listener = OAuthRedirectListener(port: port, expectedState: state, timeout: timeout, logger: context.logger)
        let configuration = context.client.configuration
        let redirect = RedirectBox()
        let code = try await listener.awaitCode { port in
            let uri = "http://127.0.0.1:\(port)\(OAuthRedirectListener.path)"
            redirect.set(uri)
            await open(OAuthClient.authorizationURL(configuration: configuration, state: state, redirectURI: uri))
        }
        return try await LinkConnector(context: context).connect(code: code, redirectURI: redirect.get())
    }

    /// 32 random bytes, URL-safe: what must come back with the code.
    static func randomState() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Opens a URL in the desktop's browser when there is one; says whether it could.
    package static func openInBrowser(_ url: URL) -> Bool {
        #if os(macOS)
            let opener = "/usr/bin/open"
        #else
            guard ProcessInfo.processInfo.environment["DISPLAY"] != nil || ProcessInfo.processInfo.environment["WAYLAND_DISPLAY"] != nil
            else { return false }
            let opener = "/usr/bin/xdg-open"
        #endif
        guard FileManager.default.isExecutableFile(atPath: opener) else { return false }
        // Not waited for: the opener hands the URL to the browser and ends; `connect` ends soon after.
        return (try? ChildProcess(opener, [url.absoluteString], environment: ProcessInfo.processInfo.environment)) != nil
    }
}

/// The redirect URI, known once the listener has its port.
private final class RedirectBox: Sendable {
    private let value = Mutex("")
    func set(_ uri: String) { value.withLock { $0 = uri } }
    func get() -> String { value.withLock { $0 } }
}
