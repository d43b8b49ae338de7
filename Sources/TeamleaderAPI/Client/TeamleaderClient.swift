package import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1

/// A typed client for the part of the Teamleader Focus API tldrop uses.
///
/// Every call shares one rate limiter and one token session, has a deadline and a response cap, and
/// retries what is safe to retry. `registerPayment` is never repeated after an unclear failure: it throws
/// `TeamleaderError.outcomeUnknown` and the caller checks `invoices.info` before trying again.
///
/// ```swift
/// let client = TeamleaderClient(configuration: configuration, tokens: store, httpClient: http, logger: logger)
/// for try await page in client.invoicePages(filter: InvoiceFilter(status: [.outstanding, .matched])) { … }
/// ```
package struct TeamleaderClient: Sendable {
    package let configuration: TeamleaderConfiguration
    package let session: TeamleaderSession
    package let limiter: RateLimiter<ContinuousClock>
    /// Every answer this client and its token session got: what a run reports it asked of Teamleader.
    package let requests = RequestTally()
    let executor: RequestExecutor
    let logger: Logger

    package init(
        configuration: TeamleaderConfiguration, tokens: any TokenStore, httpClient: HTTPClient, logger: Logger
    ) {
        self.configuration = configuration
        self.logger = logger
        self.limiter = RateLimiter(limit: configuration.rateLimit, window: configuration.rateWindow)
        self.executor = RequestExecutor(
            http: httpClient, limiter: limiter, retry: configuration.retry, userAgent: configuration.userAgent, logger: logger,
            tally: requests)
        self.session = TeamleaderSession(
            oauth: OAuthClient(configuration: configuration, httpClient: httpClient, logger: logger, tally: requests),
            store: tokens, logger: logger)
    }

    /// An HTTP client set up for Teamleader: connection failures surface at once (this client retries
    /// them itself, with backoff) and redirects of download links are followed a few times.
    package static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 3, allowCycles: false),
            timeout: .init(connect: .seconds(10), read: .seconds(60)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration, backgroundActivityLogger: RequestExecutor.httpLogger)
    }

    // MARK: Calling

    /// Posts `body` to `endpoint` with the bearer token, refreshing once on a 401.
    func post(_ endpoint: String, body: some Encodable, idempotent: Bool = true) async throws -> HTTPAnswer {
        let payload = try TeamleaderJSON.encoder.encode(body)
        var token = try await session.accessToken()
        var refreshed = false
        while true {
            var request = HTTPClientRequest(url: configuration.apiURL.appendingPathComponent(endpoint).absoluteString)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Accept", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: payload))
            let answer = try await executor.perform(
                endpoint, request: request, timeout: configuration.requestTimeout,
                maximumBytes: configuration.maximumResponseBytes, idempotent: idempotent)
            switch answer.status {
            case 200..<300:
                return answer
            case 401 where !refreshed:
                // The token expired early or was revoked: the request was not applied, so one retry is safe.
                refreshed = true
                token = try await session.refresh(rejecting: token)
            case 401:
                throw TeamleaderError.linkBroken(reason: "Teamleader refused a freshly refreshed access token")
            case 403:
                throw TeamleaderError.forbidden(endpoint: endpoint, messages: ErrorBody.messages(in: answer.data))
            default:
                throw TeamleaderError.rejected(
                    endpoint: endpoint, status: answer.status, messages: ErrorBody.messages(in: answer.data))
            }
        }
    }

    /// Posts and decodes `{"data": …}`.
    func call<Response: Decodable>(
        _ endpoint: String, body: some Encodable, as type: Response.Type = Response.self
    ) async throws -> Response {
        let answer = try await post(endpoint, body: body)
        do {
            return try TeamleaderJSON.decoder.decode(DataEnvelope<Response>.self, from: answer.data).data
        } catch {
            throw TeamleaderError.malformedResponse(endpoint: endpoint, detail: TeamleaderJSON.describe(error))
        }
    }

    /// Fetches a temporary download location. The link is on another host (a CDN) in production, so
    /// the bearer token is never sent with it.
    func fetch(location: String, label: String) async throws -> Data {
        guard let url = URL(string: location), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http"
        else {
            throw TeamleaderError.malformedResponse(endpoint: label, detail: "download location '\(location)' is not a URL")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        let answer = try await executor.perform(
            label, request: request, timeout: configuration.downloadTimeout,
            maximumBytes: configuration.maximumDownloadBytes, counted: false, idempotent: true)
        guard answer.status == 200 else {
            throw TeamleaderError.rejected(
                endpoint: label, status: answer.status, messages: ErrorBody.messages(in: answer.data))
        }
        return answer.data
    }
}

extension TeamleaderClient {
    /// Posts and decodes `{"data": [...]}` record by record.
    func list<Item: Decodable & Sendable>(_ endpoint: String, body: some Encodable) async throws -> ListPage<Item> {
        let rows = try await call(endpoint, body: body, as: [Listed<Item>].self)
        var page = ListPage<Item>(items: [])
        for row in rows {
            switch row.result {
            case .success(let item): page.items.append(item)
            case .failure(let error): page.unreadable.append(error.record)
            }
        }
        return page
    }
}

/// `{"data": …}`, the envelope of every Teamleader answer.
struct DataEnvelope<Payload: Decodable>: Decodable {
    var data: Payload
}

/// `{"id": …}`, the body of every `.info` call.
struct IdentifierBody: Encodable {
    var id: String
}
