import DropFiles
package import DropIndex
import DropValues
package import Foundation
package import Logging
package import TeamleaderAPI
package import Wording

/// Everything a command works with in one root: layout, configuration, index and the Teamleader client.
/// Owns its connections to Teamleader; `close()` shuts them down.
package struct AgentContext: Sendable {
    package let layout: RootLayout
    package let configuration: AgentConfiguration
    package let index: DropIndex
    package let credentials: CredentialsFile
    package let client: TeamleaderClient
    package let logger: Logger
    let transport: TeamleaderTransport
    /// The time: every stage asks here (tests move it).
    package let now: @Sendable () -> Date

    /// Opens a root: reads `tldrop.toml`, opens (and migrates) the index, sets up the client.
    package static func open(
        layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        now: @escaping @Sendable () -> Date = { SystemClock.now() }
    ) throws -> AgentContext {
        let configuration = try ConfigurationLoader(layout: layout, environment: environment).load()
        try DurableFile.makeDirectory(layout.stateDirectory)
        let index = try DropIndex(path: layout.indexFile.path, now: now)
        let credentials = CredentialsFile(url: layout.credentialsFile, logger: logger)
        let transport = TeamleaderTransport()
        let client = TeamleaderClient(
            configuration: teamleaderConfiguration(configuration, credentials: credentials), tokens: credentials,
            transport: transport, logger: logger)
        return AgentContext(
            layout: layout, configuration: configuration, index: index, credentials: credentials, client: client,
            logger: logger, transport: transport, now: now)
    }

    /// The client settings; the secret comes from the environment, `client_secret_file`, or what
    /// `connect` stored with the tokens.
    static func teamleaderConfiguration(_ configuration: AgentConfiguration, credentials: CredentialsFile) -> TeamleaderConfiguration {
        let settings = configuration.teamleader
        return TeamleaderConfiguration(
            apiURL: settings.apiURL, authURL: settings.authURL, clientID: settings.clientID ?? "",
            clientSecret: settings.clientSecret ?? credentials.clientSecret() ?? "", rateLimit: settings.rateLimit,
            userAgent: TldropVersion.userAgent)
    }

    /// Opens a root, runs `body` with it, and closes it whatever `body` does.
    package static func with<Result>(
        layout: RootLayout, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        now: @escaping @Sendable () -> Date = { SystemClock.now() }, _ body: (AgentContext) async throws -> Result
    ) async throws -> Result {
        let context = try open(layout: layout, environment: environment, logger: logger, now: now)
        do {
            let result = try await body(context)
            await context.close()
            return result
        } catch {
            await context.close()
            throw error
        }
    }

    /// The language `tldrop.toml` names now: a long-running reader (`serve`) follows a change without a
    /// restart. Until the file reads again, the language it had.
    package func currentWording() -> Wording {
        (try? ConfigurationLoader(layout: layout, environment: ProcessInfo.processInfo.environment).load().wording) ?? configuration.wording
    }

    package func close() async {
        await transport.shutdown()
    }
}
