import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TeamleaderSandbox

/// The sandbox's routes called in process (HummingbirdTesting's `.router`): no socket, no port, the
/// same requests and answers as `RawHTTP`. What needs a real connection (a dropped answer, a file
/// link with its address, a rate limit over time) stays with `RawHTTP`.
struct SandboxRoutes: Sendable {
    let client: any TestClientProtocol

    func send(
        _ method: RawHTTP.Method = .POST, _ path: String, body: String? = nil, token: String? = nil,
        contentType: String = "application/json"
    ) async throws -> RawHTTP.Answer {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = contentType }
        let response = try await client.executeRequest(
            uri: "/" + path, method: method == .GET ? .get : .post, headers: headers, body: body.map { ByteBuffer(string: $0) })
        var fields: [String: String] = [:]
        for field in response.headers { fields[field.name.canonicalName] = field.value }
        return RawHTTP.Answer(status: Int(response.status.code), headers: fields, body: Data(response.body.readableBytesView))
    }

    /// A fresh access token, through the refresh grant as a client would get one.
    func accessToken(_ sandbox: TeamleaderSandbox) async throws -> String {
        try RawHTTP.accessToken(in: try await send(.POST, "oauth2/access_token", body: RawHTTP.refreshGrant(sandbox), contentType: RawHTTP.form))
    }
}

/// A sandbox whose routes `body` calls in process.
func withSandboxRoutes(
    _ configuration: SandboxConfiguration = .fixed(), _ body: @Sendable (SandboxRoutes, TeamleaderSandbox) async throws -> Void
) async throws {
    let sandbox = TeamleaderSandbox(configuration: configuration)
    try await sandbox.applicationInProcess().test(.router) { client in
        try await body(SandboxRoutes(client: client), sandbox)
    }
}
