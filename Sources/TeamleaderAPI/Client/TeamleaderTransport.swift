import AsyncHTTPClient
package import Logging

/// The HTTP connections every Teamleader client of one root shares, set up for Teamleader (see
/// `TeamleaderClient.makeHTTPClient`). Whoever makes one shuts it down; callers outside this module
/// never see the HTTP library.
package struct TeamleaderTransport: Sendable {
    let http: HTTPClient

    package init() {
        http = TeamleaderClient.makeHTTPClient()
    }

    /// Closes the connections; waits for calls still running to end.
    package func shutdown() async {
        try? await http.shutdown()
    }
}

extension TeamleaderClient {
    package init(configuration: TeamleaderConfiguration, tokens: any TokenStore, transport: TeamleaderTransport, logger: Logger) {
        self.init(configuration: configuration, tokens: tokens, httpClient: transport.http, logger: logger)
    }
}

extension OAuthClient {
    package init(configuration: TeamleaderConfiguration, transport: TeamleaderTransport, logger: Logger) {
        self.init(configuration: configuration, httpClient: transport.http, logger: logger)
    }
}
