import Foundation
import Hummingbird
import Synchronization

/// The port a sandbox got, known only once it listens; download links and `web_url`s need it.
final class SandboxURLs: Sendable {
    let state: SandboxState
    private let port = Mutex(0)

    init(state: SandboxState) { self.state = state }

    func set(port: Int) { self.port.withLock { $0 = port } }
    var base: String { "http://127.0.0.1:\(port.withLock { $0 })" }
}

/// What an endpoint answers.
enum EndpointResult {
    case data(JSONValue)
    case noContent
    /// The request was applied but its answer must be lost: the connection is dropped.
    case dropConnection
}

/// What an endpoint can use.
struct EndpointContext {
    let state: SandboxState
    let urls: SandboxURLs
    let now: Date
}

typealias Endpoint = @Sendable (RequestFields, EndpointContext) throws -> EndpointResult

/// `POST /<resource>.<action>`: the RPC endpoints, each behind the same gate as Teamleader's:
/// latency, the rate limit (with its three headers), the bearer token, injected 5xx, module access.
struct APIRoutes {
    let state: SandboxState
    let urls: SandboxURLs

    static let endpoints: [String: (scope: String, handler: Endpoint)] = {
        var all: [String: (String, Endpoint)] = [:]
        for (name, handler) in InvoiceEndpoints.all { all[name] = ("invoices", handler) }
        for (name, handler) in CreditNoteEndpoints.all { all[name] = ("invoices", handler) }
        for (name, scope, handler) in DirectoryEndpoints.all { all[name] = (scope, handler) }
        return all
    }()

    func register(on router: Router<SandboxContext>) {
        router.post(":endpoint") { request, context in
            try await handle(request, context: context)
        }
    }

    private func handle(_ request: Request, context: SandboxContext) async throws -> Response {
        let name = context.parameters.get("endpoint") ?? ""
        guard let endpoint = Self.endpoints[name] else {
            return Reply.errors(404, "Endpoint '\(name)' does not exist")
        }
        state.count(name, arrival: Date())
        let throttled = state.observe("api", userAgent: request.headers[.userAgent])
        let faults = state.faults
        if faults.latency > .zero { try await Task.sleep(for: faults.latency) }
        let now = Date()
        let (allowed, rateHeaders) = state.admit(now: now)
        guard allowed else { return Reply.errors(429, "Too many requests", headers: rateHeaders) }
        if throttled {
            // The `throttleNext["api"]` fault: a 429 whose window resets in one second.
            let reset = SandboxTime.rateLimitReset(now.addingTimeInterval(1))
            return Reply.errors(429, "Too many requests", headers: [("X-RateLimit-Reset", reset)])
        }
        state.withLock { state in
            guard state.faults.expireAccessTokensAfter > 0 else { return }
            state.faults.expireAccessTokensAfter -= 1
            if state.faults.expireAccessTokensAfter == 0 { state.tokens.expireAccessTokens(now: now) }
        }
        guard let token = bearer(request), state.withLock({ $0.tokens.isValid(accessToken: token, now: now) }) else {
            return Reply.errors(401, "Invalid or missing access token", headers: rateHeaders)
        }
        let injectedFailure = state.withLock { state -> Bool in
            if state.faults.failNext > 0 {
                state.faults.failNext -= 1
                return true
            }
            return state.faults.failRate > 0 && Double.random(in: 0..<1, using: &state.random) < state.faults.failRate
        }
        if injectedFailure {
            return Reply.errors(503, "Service temporarily unavailable", headers: rateHeaders)
        }
        if faults.deniedScopes.contains(endpoint.scope) {
            return Reply.errors(403, "Access to the \(endpoint.scope) module is not granted to this user", headers: rateHeaders)
        }
        let body: JSONValue
        do {
            let bytes = try await request.body.collect(upTo: 1 << 20)
            body = bytes.readableBytes == 0 ? .object([]) : try JSONParser.parse(bytes.readableBytesView)
        } catch let failure as JSONParser.Failure {
            return Reply.errors(400, "\(failure)", headers: rateHeaders)
        } catch {
            return Reply.errors(413, "Request body is too large", headers: rateHeaders)
        }
        guard case .object = body else {
            return Reply.errors(400, "The request body must be a JSON object", headers: rateHeaders)
        }
        do {
            switch try endpoint.handler(RequestFields(body), EndpointContext(state: state, urls: urls, now: now)) {
            case .data(let value): return Reply.data(value, headers: rateHeaders)
            case .noContent: return Reply.noContent(headers: rateHeaders)
            case .dropConnection:
                try? await context.channel.close()
                return Reply.noContent(headers: rateHeaders)
            }
        } catch let failure as APIFailure {
            return Reply.errors(failure.status, failure.title, headers: rateHeaders)
        }
    }

    private func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst("Bearer ".count))
    }
}

/// Paging as Teamleader does it: `page.size` 1 to 100 (default 20), `page.number` from 1.
struct PageRequest {
    var size: Int
    var number: Int

    init(_ fields: RequestFields) throws {
        let page = try fields.object("page")
        size = try page?.int("size") ?? 20
        number = try page?.int("number") ?? 1
        guard (1...100).contains(size) else { throw APIFailure.badRequest("page.size must be between 1 and 100") }
        guard number >= 1 else { throw APIFailure.badRequest("page.number must be 1 or more") }
    }

    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = (number - 1) * size
        guard start < items.count else { return [] }
        return items[start..<min(start + size, items.count)]
    }
}
