import AsyncHTTPClient
import DropAgent
import DropTestSupport
import DropWeb
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// `tldrop connect`: the authorization code flow against the sandbox's authorize page, followed as a
/// browser follows it.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct ConnectTests {
    @Test func connectSignsInThroughTheBrowserStoresTokens0600AndWritesTheMapping() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(companies: [])
            let (first, second) = (harness.sandbox.departments[0].name, harness.sandbox.departments[1].name)
            let connect = try harness.start(["connect", "--no-browser", "--port", "0", "--timeout", "30", "--map", "\(first)=Kroon"])
            var signIn: URL?
            _ = await AgentHarness.eventually {
                signIn = Self.signInURL(in: connect.output)
                return signIn != nil
            }
            let url = try #require(signIn, "connect printed no sign-in address: \(connect.output) \(connect.errorOutput)")
            let page = try await Browser.get(url)
            #expect(page.status == 200 && page.body.contains("tldrop is connected"))
            let ended = await connect.wait(timeout: .seconds(30))
            #expect(ended.status == 0, "\(ended.errorOutput)")
            #expect(ended.output.contains("Mapped department '\(first)' to company 'Kroon'"))
            #expect(ended.output.contains("name = \"\(second)\""), "proposes the department no company mirrors")

            let mode = try FileManager.default.attributesOfItem(atPath: harness.layout.credentialsFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let configuration = try ConfigurationLoader(layout: harness.layout, environment: harness.environment).load()
            #expect(configuration.companies == [CompanyMapping(name: "Kroon", department: first)])
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(harness.files(in: "Kroon").count > 10)
        }
    }

    @Test func anAnswerWithAnotherStateIsRefusedAndTheRealOneStillConnects() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            let forged = Mutex<Int?>(nil)
            let connection = try await Self.browserConnect(harness, timeout: .seconds(20)) { url in
                let redirect = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "redirect_uri" }?.value
                let status = try? await Browser.get(URL(string: (redirect ?? "") + "?code=forged&state=not-ours")!).status
                forged.withLock { $0 = status }
                _ = try? await Browser.get(url)
            }
            #expect(forged.withLock { $0 } == 400)
            #expect(connection.departments.map(\.name).sorted() == harness.sandbox.departments.map(\.name).sorted())
            #expect(FileManager.default.fileExists(atPath: harness.layout.credentialsFile.path))
        }
    }

    @Test func aDenialIsReportedPlainlyAndStoresNothing() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            harness.sandbox.faults.denyAuthorization = true
            do {
                _ = try await Self.browserConnect(harness, timeout: .seconds(20)) { url in _ = try? await Browser.get(url) }
                Issue.record("a denied sign-in connected")
            } catch let failure as OAuthRedirectListener.Failure {
                #expect(failure == .denied("access_denied"))
                #expect("\(failure)".contains("did not grant access"))
            }
            #expect(!FileManager.default.fileExists(atPath: harness.layout.credentialsFile.path))
        }
    }

    @Test func noAnswerFromTheBrowserTimesOut() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            await #expect(throws: OAuthRedirectListener.Failure.timedOut(.milliseconds(300))) {
                _ = try await Self.browserConnect(harness, timeout: .milliseconds(300)) { _ in }
            }
        }
    }

    /// An admin who connected last week and now maps a second department: the working link is used, no
    /// browser sign-in starts; only a sign-in that gets no answer ends in 75 with what to do.
    @Test func mappingWithAWorkingLinkNeedsNoSignInAndANoAnswerSignInIsTryLater() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            let (first, second) = (harness.sandbox.departments[0].name, harness.sandbox.departments[1].name)
            try harness.writeConfiguration(companies: [CompanyMapping(name: "Kroon", department: first)])
            try await harness.connect()
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)

            let mapped = try await harness.spawn(["connect", "--no-browser", "--port", "0", "--timeout", "2", "--map", "\(second)=Lumière"])
            #expect(mapped.status == 0, "\(mapped.output) \(mapped.errorOutput)")
            #expect(!mapped.output.contains("/oauth2/authorize"), "no sign-in was started")
            #expect(mapped.output.contains("Mapped department '\(second)' to company 'Lumière'"))
            let configuration = try ConfigurationLoader(layout: harness.layout, environment: harness.environment).load()
            #expect(configuration.companies.map(\.name) == ["Kroon", "Lumière"])

            // Once the link is gone, mapping needs a sign-in; nobody answers it.
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let unanswered = try await harness.spawn(["connect", "--no-browser", "--port", "0", "--timeout", "1", "--map", "\(second)=Lumière"])
            #expect(unanswered.status == 75, "\(unanswered.errorOutput)")
            #expect(unanswered.output.contains("/oauth2/authorize"))
            #expect(unanswered.errorOutput.contains("no answer from the browser") && unanswered.errorOutput.contains("--refresh-token"))
        }
    }

    @Test func aDepartmentThatDoesNotExistIsAnErrorListingTheRealOnes() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(companies: [])
            let before = try Data(contentsOf: harness.layout.configFile)
            let result = try await harness.spawn(["connect", "--refresh-token", harness.sandbox.issueRefreshToken(), "--map", "Nowhere BV=Kroon"])
            #expect(result.status == 78)
            #expect(result.errorOutput.contains("Nowhere BV"))
            for department in harness.sandbox.departments { #expect(result.errorOutput.contains(department.name)) }
            #expect(try Data(contentsOf: harness.layout.configFile) == before)
        }
    }

    static func browserConnect(
        _ harness: AgentHarness, timeout: Duration, open: @escaping @Sendable (URL) async -> Void
    ) async throws -> LinkConnector.Connection {
        let context = try AgentContext.open(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
        do {
            let connection = try await BrowserConnect(context: context, port: 0, timeout: timeout, open: open).run()
            await context.close()
            return connection
        } catch {
            await context.close()
            throw error
        }
    }

    static func signInURL(in output: String) -> URL? {
        output.split(whereSeparator: \.isWhitespace).first { $0.contains("/oauth2/authorize?") }.flatMap { URL(string: String($0)) }
    }
}

/// What the tests use as a browser for plain pages: GET, following redirects.
enum Browser {
    static func get(_ url: URL) async throws -> (status: Int, body: String) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let response = try await client.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(120))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return (Int(response.status.code), String(buffer: body))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
