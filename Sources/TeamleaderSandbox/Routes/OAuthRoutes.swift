import Foundation
import Hummingbird

/// `GET /oauth2/authorize` (approves at once) and `POST /oauth2/access_token` (both grant types, form or
/// JSON), with rotation: a refresh token works once. Error bodies come in Teamleader's `errors[]`
/// envelope, or (`SandboxBehaviour.oauthErrors`) in the body of the OAuth server it runs:
/// `{"error", "error_description", "hint", "message"}`.
struct OAuthRoutes {
    let state: SandboxState

    func register(on router: Router<SandboxContext>) {
        router.get("oauth2/authorize") { request, _ in authorize(request) }
        router.post("oauth2/access_token") { request, _ in
            let body = try await request.body.collect(upTo: 64 << 10)
            return token(request, body: Data(body.readableBytesView))
        }
    }

    func authorize(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        let clientID = query["client_id"].map(String.init)
        let redirectURI = query["redirect_uri"].map(String.init) ?? ""
        let state = query["state"].map(String.init)
        guard clientID == self.state.configuration.clientID else {
            return Reply.html("<h1>Unknown integration</h1><p>client_id is not registered.</p>", status: .badRequest)
        }
        guard query["response_type"] == "code" else {
            return Reply.html("<h1>Unsupported response_type</h1>", status: .badRequest)
        }
        guard var components = URLComponents(string: redirectURI), ["http", "https"].contains(components.scheme ?? "") else {
            return Reply.html("<h1>Invalid redirect_uri</h1>", status: .badRequest)
        }
        var items = components.queryItems ?? []
        if self.state.faults.denyAuthorization {
            // As documented: the redirect carries only `error=access_denied`.
            items.append(URLQueryItem(name: "error", value: "access_denied"))
        } else {
            let code = self.state.withLock { $0.tokens.issueCode(redirectURI: redirectURI, now: Date()) }
            items.append(URLQueryItem(name: "code", value: code))
            if let state { items.append(URLQueryItem(name: "state", value: state)) }
        }
        components.queryItems = items
        return Reply.redirect(to: components.url?.absoluteString ?? redirectURI)
    }

    func token(_ request: Request, body: Data) -> Response {
        state.count("oauth2/access_token")
        if state.observe("oauth", userAgent: request.headers[.userAgent]) {
            return Reply.errors(429, "Too many requests", headers: [("Retry-After", "1")])
        }
        let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false
        guard let fields = isJSON ? Self.jsonFields(body) : Self.formFields(body) else {
            return oauthError(400, "invalid_request", "The request is malformed.", hint: "The body could not be read")
        }
        guard fields["client_id"] == state.configuration.clientID,
            fields["client_secret"] == state.configuration.clientSecret
        else {
            return oauthError(401, "invalid_client", "Client authentication failed")
        }
        let now = Date()
        switch fields["grant_type"] {
        case "authorization_code":
            guard let code = fields["code"], !code.isEmpty else {
                return oauthError(400, "invalid_request", "The request is missing a required parameter.", hint: "Check the `code` parameter")
            }
            let valid = state.withLock { $0.tokens.redeem(code: code, redirectURI: fields["redirect_uri"], now: now) }
            guard valid else {
                return oauthError(
                    400, "invalid_grant", "The authorization code is invalid.",
                    hint: "Authorization code has expired, was used already or was issued for another redirect_uri")
            }
        case "refresh_token":
            guard let refresh = fields["refresh_token"], !refresh.isEmpty else {
                return oauthError(
                    400, "invalid_request", "The request is missing a required parameter.", hint: "Check the `refresh_token` parameter")
            }
            guard state.withLock({ $0.tokens.consume(refreshToken: refresh) }) else {
                return oauthError(400, "invalid_grant", "The refresh token is invalid.", hint: "Token has been revoked or used already")
            }
        case nil:
            return oauthError(400, "invalid_request", "The request is missing a required parameter.", hint: "Check the `grant_type` parameter")
        default:
            return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
        }
        let pair = state.withLock { $0.tokens.issuePair(now: now) }
        return Reply.json(
            .object([
                ("token_type", .string("Bearer")),
                ("expires_in", .int(pair.expiresIn)),
                ("access_token", .string(pair.access)),
                ("refresh_token", .string(pair.refresh)),
            ]))
    }

    func oauthError(_ status: Int, _ error: String, _ description: String, hint: String? = nil) -> Response {
        switch state.configuration.behaviour.oauthErrors {
        case .league:
            var members: [(String, JSONValue)] = [("error", .string(error)), ("error_description", .string(description))]
            if let hint { members.append(("hint", .string(hint))) }
            members.append(("message", .string(description)))
            return Reply.json(.object(members), status: HTTPResponse.Status(code: status))
        case .envelope:
            // The code as the title, the hint under meta; the description is not there at all.
            var item: [(String, JSONValue)] = [("status", .int(status)), ("title", .string(error))]
            if let hint { item.append(("meta", .object([("hint", .string(hint))]))) }
            return Reply.json(.object([("errors", .array([.object(item)]))]), status: HTTPResponse.Status(code: status))
        }
    }

    static func formFields(_ body: Data) -> [String: String]? {
        guard let text = String(data: body, encoding: .utf8) else { return nil }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let key = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            fields[key] = value
        }
        return fields
    }

    static func jsonFields(_ body: Data) -> [String: String]? {
        guard let value = try? JSONParser.parse(body), case .object(let members) = value else { return nil }
        var fields: [String: String] = [:]
        for (key, member) in members {
            if case .string(let text) = member { fields[key] = text }
        }
        return fields
    }
}
