import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// The sandbox answers with Teamleader's documented shapes and status codes: in process through its
/// routes (`withSandboxRoutes`), and over a socket where a connection matters (`withRawSandbox`).
@Suite struct ProtocolTests {
    @Test(arguments: [
        ("invoices.list", #"{"page":"#, "malformed JSON"),
        ("invoices.list", #"[1,2]"#, "must be a JSON object"),
        ("invoices.list", #"{"page":{"size":101}}"#, "page.size must be between 1 and 100"),
        ("invoices.list", #"{"filter":{"status":["paid"]}}"#, "filter.status[0] must be one of draft, outstanding, matched"),
        ("invoices.list", #"{"filter":{"updated_since":"yesterday"}}"#, "filter.updated_since must be an ISO 8601 date and time"),
        ("invoices.list", #"{"sort":[{"field":"total"}]}"#, "sort[0].field must be one of invoice_number, invoice_date"),
        ("invoices.info", #"{}"#, "id is required"),
        ("invoices.info", #"{"id":"00000000-0000-4000-8000-000000000000"}"#, "does not exist"),
        ("invoices.download", #"{"id":"x","format":"docx"}"#, "format must be one of pdf, ubl/e-fff, ubl/peppol_bis_3"),
        ("invoices.registerPayment", #"{"id":"x"}"#, "payment is required"),
        (
            "invoices.registerPayment", #"{"id":"x","payment":{"amount":"ten","currency":"EUR"},"paid_at":"2026-01-01T00:00:00+00:00"}"#,
            "payment.amount must be a number"
        ),
        ("creditNotes.download", #"{"id":"x","format":"ubl/cii"}"#, "format must be one of pdf, ubl/e-fff, ubl/peppol_bis_3, ubl/xrechnung"),
        ("companies.info", #"{"id":42}"#, "id must be a string"),
    ])
    func badRequestsGetTheDocumented400(endpoint: String, body: String, message: String) async throws {
        try await withSandboxRoutes { raw, sandbox in
            let token = try await raw.accessToken(sandbox)
            let answer = try await raw.send(.POST, endpoint, body: body, token: token)
            #expect(answer.status == 400)
            #expect(answer.headers["content-type"] == "application/json")
            #expect(answer.errorTitles.count == 1)
            #expect(answer.errorTitles.first?.contains(message) == true, "\(answer.errorTitles)")
        }
    }

    /// Expiry without waiting for it: a busy machine may take any time between two requests, so a token
    /// expires by the control surface (as when its hour is up) or is issued already spent.
    @Test func missingOrExpiredTokensGet401() async throws {
        try await withSandboxRoutes { raw, sandbox in
            let none = try await raw.send(.POST, "users.me", body: "{}")
            #expect(none.status == 401 && !none.errorTitles.isEmpty)
            let token = try await raw.accessToken(sandbox)
            #expect(try await raw.send(.POST, "users.me", body: "{}", token: token).status == 200)
            sandbox.expireAccessTokens()
            #expect(try await raw.send(.POST, "users.me", body: "{}", token: token).status == 401)
            let fresh = try await raw.accessToken(sandbox)
            #expect(try await raw.send(.POST, "users.me", body: "{}", token: fresh).status == 200, "a refreshed token works again")
        }
        var spent = SandboxConfiguration.fixed()
        spent.tokenTTL = .zero
        try await withSandboxRoutes(spent) { raw, sandbox in
            let token = try await raw.accessToken(sandbox)
            #expect(try await raw.send(.POST, "users.me", body: "{}", token: token).status == 401, "a lifetime of 0 s is over at once")
        }
    }

    @Test func unknownEndpointsAre404() async throws {
        try await withSandboxRoutes { raw, sandbox in
            let answer = try await raw.send(.POST, "invoices.frobnicate", body: "{}", token: try await raw.accessToken(sandbox))
            #expect(answer.status == 404 && !answer.errorTitles.isEmpty)
        }
    }

    @Test func rateLimitHeadersAnd429() async throws {
        var configuration = SandboxConfiguration.fixed()
        configuration.rateLimit = 2
        configuration.rateWindow = .seconds(5)
        try await withRawSandbox(configuration) { raw, sandbox in
            let token = try await raw.accessToken(sandbox)
            let first = try await raw.send(.POST, "users.me", body: "{}", token: token)
            #expect(first.headers["x-ratelimit-limit"] == "2")
            #expect(first.headers["x-ratelimit-remaining"] == "1")
            let reset = try #require(first.headers["x-ratelimit-reset"])
            // Documented form: 2021-06-15T10:51:23.035+0100.
            #expect(reset.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$"#, options: .regularExpression) != nil)
            let resetDate = try #require(Timestamp.parse(reset))
            #expect(resetDate.timeIntervalSinceNow > 3 && resetDate.timeIntervalSinceNow <= 5.1)
            _ = try await raw.send(.POST, "users.me", body: "{}", token: token)
            let refused = try await raw.send(.POST, "users.me", body: "{}", token: token)
            #expect(refused.status == 429)
            #expect(refused.headers["x-ratelimit-remaining"] == "0")
            #expect(!refused.errorTitles.isEmpty)
            #expect(sandbox.rateLimitedCount == 1)
        }
    }

    @Test func tokenEndpointSpeaksOAuthInFormAndJSON() async throws {
        try await withSandboxRoutes { raw, sandbox in
            let refresh = sandbox.issueRefreshToken()
            let json = try await raw.send(
                .POST, "oauth2/access_token",
                body: #"{"client_id":"sandbox","client_secret":"sandbox","grant_type":"refresh_token","refresh_token":"\#(refresh)"}"#)
            #expect(json.status == 200)
            #expect(json.object["token_type"] as? String == "Bearer")
            #expect(json.object["expires_in"] as? Int == 3600)
            // Rotation: the same refresh token a second time is invalid_grant.
            let again = try await raw.send(
                .POST, "oauth2/access_token",
                body: "client_id=sandbox&client_secret=sandbox&grant_type=refresh_token&refresh_token=\(refresh)",
                contentType: "application/x-www-form-urlencoded")
            // Teamleader's envelope: the code as the title, the hint under meta.
            #expect(again.status == 400)
            let item = (again.object["errors"] as? [[String: Any]])?.first
            #expect(item?["title"] as? String == "invalid_grant")
            #expect((item?["meta"] as? [String: Any])?["hint"] as? String != nil)
            let badClient = try await raw.send(
                .POST, "oauth2/access_token", body: "client_id=sandbox&client_secret=nope&grant_type=refresh_token&refresh_token=x",
                contentType: "application/x-www-form-urlencoded")
            #expect(badClient.status == 401 && (badClient.object["errors"] as? [[String: Any]])?.first?["title"] as? String == "invalid_client")
            let badGrant = try await raw.send(
                .POST, "oauth2/access_token", body: "client_id=sandbox&client_secret=sandbox&grant_type=password",
                contentType: "application/x-www-form-urlencoded")
            #expect(badGrant.status == 400 && (badGrant.object["errors"] as? [[String: Any]])?.first?["title"] as? String == "unsupported_grant_type")
        }
    }

    @Test func authorizePageRedirectsWithCodeAndState() async throws {
        try await withSandboxRoutes { raw, _ in
            let ok = try await raw.send(
                .GET, "oauth2/authorize?client_id=sandbox&response_type=code&state=abc%20def&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb")
            #expect(ok.status == 302)
            let location = try #require(ok.headers["location"].flatMap(URLComponents.init(string:)))
            #expect(location.host == "127.0.0.1" && location.path == "/cb")
            #expect(location.queryItems?.first { $0.name == "state" }?.value == "abc def")
            #expect(location.queryItems?.first { $0.name == "code" }?.value?.isEmpty == false)
            let unknown = try await raw.send(.GET, "oauth2/authorize?client_id=other&response_type=code&redirect_uri=http://127.0.0.1:9/cb")
            #expect(unknown.status == 400)
        }
    }

    @Test func downloadLinksServeFilesUntilTheyExpire() async throws {
        try await withRawSandbox { raw, sandbox in
            let token = try await raw.accessToken(sandbox)
            let invoice = try #require(sandbox.invoices.first { $0.status == "outstanding" })
            let link = try await raw.send(.POST, "invoices.download", body: #"{"id":"\#(invoice.id)","format":"pdf"}"#, token: token)
            let data = try #require(link.object["data"] as? [String: Any])
            let location = try #require(data["location"] as? String)
            #expect(Timestamp.parse(try #require(data["expires"] as? String)) != nil)
            let path = try #require(URL(string: location)).path.dropFirst()
            let file = try await raw.send(.GET, String(path))
            #expect(file.status == 200 && file.headers["content-type"] == "application/pdf")
            #expect(file.body == sandbox.documentBytes(id: invoice.id, format: "pdf"))
            let draft = try #require(sandbox.invoices.first { $0.status == "draft" })
            let ubl = try await raw.send(.POST, "invoices.download", body: #"{"id":"\#(draft.id)","format":"ubl/e-fff"}"#, token: token)
            #expect(ubl.status == 400)
        }
    }

    @Test func registerPaymentReturns204AndChangesTheInvoice() async throws {
        try await withSandboxRoutes { raw, sandbox in
            let token = try await raw.accessToken(sandbox)
            let invoice = try #require(sandbox.invoices.first { $0.status == "outstanding" && $0.paymentCount == 0 })
            let answer = try await raw.send(
                .POST, "invoices.registerPayment",
                body: #"{"id":"\#(invoice.id)","payment":{"amount":\#(invoice.total),"currency":"EUR"},"paid_at":"2026-11-16T10:00:00+00:00"}"#,
                token: token)
            #expect(answer.status == 204 && answer.body.isEmpty)
            let after = try #require(sandbox.invoice(id: invoice.id))
            #expect(after.status == "matched" && after.due == 0 && after.paymentCount == 1)
            #expect(sandbox.receivedPayments.map(\.amount) == [invoice.total])
            let wrongCurrency = try await raw.send(
                .POST, "invoices.registerPayment",
                body: #"{"id":"\#(invoice.id)","payment":{"amount":1,"currency":"USD"},"paid_at":"2026-11-16T10:00:00+00:00"}"#,
                token: token)
            #expect(wrongCurrency.status == 400)
        }
    }

    @Test func deniedModulesGet403() async throws {
        try await withSandboxRoutes { raw, sandbox in
            var faults = sandbox.faults
            faults.deniedScopes = ["products"]
            sandbox.faults = faults
            let token = try await raw.accessToken(sandbox)
            let answer = try await raw.send(.POST, "products.list", body: "{}", token: token)
            #expect(answer.status == 403 && answer.errorTitles.first?.contains("products") == true)
            #expect(try await raw.send(.POST, "invoices.list", body: "{}", token: token).status == 200)
        }
    }
}
