import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1

/// tldrop's one outside call that is not Teamleader's: metrics pushed to a Prometheus Pushgateway
/// after each run (the convention for batch jobs), over the root's shared connections, so that the
/// HTTP library stays behind this module. Also `serve --probe`'s question to a running `serve`.
package struct PushgatewayClient: Sendable {
    let http: HTTPClient

    package init(transport: TeamleaderTransport) { http = transport.http }

    /// Why a push or a probe did not go through.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// `PUT /metrics/job/<job>/<label>@base64/<value>…`: replaces everything this grouping key pushed
    /// before (a root's series that went away go away). Label values travel in base64url, so a root
    /// named with a slash or a space needs no escaping.
    package func push(_ text: String, to gateway: URL, job: String, grouping: [(name: String, value: String)]) async throws {
        var path = gateway.absoluteString.hasSuffix("/") ? String(gateway.absoluteString.dropLast()) : gateway.absoluteString
        path += "/metrics/job@base64/\(Self.base64URL(job))"
        for (name, value) in grouping { path += "/\(name)@base64/\(Self.base64URL(value))" }
        var request = HTTPClientRequest(url: path)
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: text))
        let (status, body) = try await exchange(request, what: "push metrics to \(gateway.absoluteString)")
        guard (200..<300).contains(status) else {
            throw Failure(description: "the Pushgateway at \(gateway.absoluteString) answered \(status): \(body.prefix(200))")
        }
    }

    /// Asks `url` (a `serve` on 127.0.0.1) with GET and returns its status and the start of its body.
    package func get(_ url: URL) async throws -> (status: Int, body: String) {
        try await exchange(HTTPClientRequest(url: url.absoluteString), what: "ask \(url.absoluteString)")
    }

    private func exchange(_ request: HTTPClientRequest, what: String) async throws -> (Int, String) {
        do {
            let response = try await http.execute(request, deadline: .now() + .seconds(10))
            let body = try await response.body.collect(upTo: 64 * 1024)
            return (Int(response.status.code), String(buffer: body))
        } catch is NIOTooManyBytesError {
            throw Failure(description: "could not \(what): the answer is larger than 64 KiB")
        } catch {
            throw Failure(description: "could not \(what): \(error)")
        }
    }

    /// Base64 with the URL-safe alphabet, as the Pushgateway reads `@base64` path segments (an empty
    /// value is a lone `=`).
    static func base64URL(_ value: String) -> String {
        guard !value.isEmpty else { return "=" }
        return Data(value.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }
}
