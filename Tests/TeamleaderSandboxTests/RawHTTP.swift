import AsyncHTTPClient
import DropValues
import Foundation
import NIOCore
import NIOHTTP1
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Talks to a sandbox with plain HTTP, the way any client would, without tldrop's own client.
struct RawHTTP: Sendable {
    let base: URL
    let http: HTTPClient

    enum Method: Sendable { case GET, POST }

    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { (json as? [String: Any]) ?? [:] }
        var errorTitles: [String] {
            (object["errors"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        }
    }

    func send(
        _ method: Method = .POST, _ path: String, body: String? = nil, token: String? = nil,
        contentType: String = "application/json"
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: base.absoluteString + "/" + path)
        request.method = method == .GET ? .GET : .POST
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        // A deadline against a hang, not a speed bound: a loaded machine may take long.
        let response = try await http.execute(request, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: headers, body: Data(bytes.readableBytesView))
    }

    /// A fresh access token, through the refresh grant as a client would get one.
    func accessToken(_ sandbox: TeamleaderSandbox) async throws -> String {
        try Self.accessToken(in: try await send(.POST, "oauth2/access_token", body: Self.refreshGrant(sandbox), contentType: Self.form))
    }

    static let form = "application/x-www-form-urlencoded"

    /// The refresh grant's form, with a refresh token the sandbox just issued.
    static func refreshGrant(_ sandbox: TeamleaderSandbox) -> String {
        "client_id=sandbox&client_secret=sandbox&grant_type=refresh_token&refresh_token=\(sandbox.issueRefreshToken())"
    }

    static func accessToken(in answer: Answer) throws -> String {
        try #require(answer.object["access_token"] as? String)
    }
}

func withRawSandbox(
    _ configuration: SandboxConfiguration = .fixed(), _ body: @Sendable (RawHTTP, TeamleaderSandbox) async throws -> Void
) async throws {
    try await TeamleaderSandbox.withRunning(configuration) { running in
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            try await body(RawHTTP(base: running.baseURL, http: http), running.sandbox)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

extension SandboxConfiguration {
    static func fixed(invoices: Int = 40, seed: UInt64 = 1) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.invoices = invoices
        configuration.seed = seed
        configuration.today = CalendarDate("2026-11-15")
        return configuration
    }
}
