import Foundation
package import Logging
package import TeamleaderAPI

/// Stores a Teamleader connection: exchanges what the user brought (a refresh token, or an
/// authorization code) for a fresh pair, stores it durably with mode 0600, and proves it works.
package struct LinkConnector: Sendable {
    package let context: AgentContext

    package init(context: AgentContext) {
        self.context = context
    }

    /// What a successful connection found.
    package struct Connection: Sendable {
        package var user: User
        package var departments: [Department]
    }

    /// Opens `layout`, connects it with a refresh token, and closes it again.
    @discardableResult
    package static func connect(
        layout: RootLayout, environment: [String: String], logger: Logger, refreshToken: String
    ) async throws -> Connection {
        try await AgentContext.with(layout: layout, environment: environment, logger: logger) { context in
            try await LinkConnector(context: context).connect(refreshToken: refreshToken)
        }
    }

    /// Headless connection: the refresh token is exchanged (and so rotated) at once, which proves it works.
    package func connect(refreshToken: String, clientSecret: String? = nil) async throws -> Connection {
        let configuration = context.client.configuration
        guard !configuration.clientID.isEmpty else {
            throw AgentError.missingClientCredentials(
                "no Teamleader client id: set [teamleader] client_id in tldrop.toml or TLDROP_CLIENT_ID")
        }
        guard !configuration.clientSecret.isEmpty || clientSecret != nil else {
            throw AgentError.missingClientCredentials(
                "no Teamleader client secret: set TLDROP_CLIENT_SECRET or [teamleader] client_secret_file")
        }
        var settings = configuration
        if let clientSecret { settings.clientSecret = clientSecret }
        let oauth = OAuthClient(configuration: settings, transport: context.transport, logger: context.logger)
        let credentials = context.credentials
        let tokens = try await credentials.exclusively {
            let tokens = try await oauth.refresh(refreshToken)
            try credentials.store(tokens, clientSecret: clientSecret ?? credentials.clientSecret())
            return tokens
        }
        return try await verify(tokens: tokens, settings: settings)
    }

    /// Code flow: exchanges an authorization code and stores the pair.
    package func connect(code: String, redirectURI: String) async throws -> Connection {
        let settings = context.client.configuration
        let oauth = OAuthClient(configuration: settings, transport: context.transport, logger: context.logger)
        let credentials = context.credentials
        let tokens = try await credentials.exclusively {
            let tokens = try await oauth.exchange(code: code, redirectURI: redirectURI)
            try credentials.store(tokens, clientSecret: credentials.clientSecret())
            return tokens
        }
        return try await verify(tokens: tokens, settings: settings)
    }

    /// The connection already stored, when it works: who is connected and the departments. Nil when
    /// there is none or Teamleader no longer accepts it (a new sign-in is needed then).
    package func existing() async throws -> Connection? {
        do {
            let user = try await context.client.me()
            let departments = try await context.client.departments()
            try await LinkHealth(state: .up).save(to: context.index)
            return Connection(user: user, departments: departments)
        } catch let error as TeamleaderError where error.isLinkBroken {
            return nil
        } catch AgentError.corruptCredentials {
            return nil
        }
    }

    private func verify(tokens: TokenPair, settings: TeamleaderConfiguration) async throws -> Connection {
        let client = TeamleaderClient(
            configuration: settings, tokens: context.credentials, transport: context.transport, logger: context.logger)
        let user = try await client.me()
        let departments = try await client.departments()
        try await LinkHealth(state: .up).save(to: context.index)
        return Connection(user: user, departments: departments)
    }
}
