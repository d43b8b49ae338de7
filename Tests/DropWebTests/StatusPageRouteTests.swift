import DropAgent
import DropIndex
import DropTestSupport
import DropWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TeamleaderSandbox
import Testing

/// The status page's routes called in process (HummingbirdTesting's `.router`), on a root after one
/// run: what each address answers, with which status and type. `StatusPageTests` looks at the same page
/// in a real browser.
@Suite struct StatusPageRouteTests {
    /// A root with two companies mirrored and one payment registered, its page's router, and `body`.
    static func withPage(
        _ body: @Sendable (AgentHarness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            try await AgentContext.with(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger) { context in
                let server = StatusPageServer(context: context, port: 0, logger: AgentHarness.quietLogger)
                try await Application(router: server.router()).test(.router) { client in try await body(harness, client) }
            }
        }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String) async throws -> (status: HTTPResponse.Status, type: String?, text: String) {
        let response = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
        return (response.status, response.headers[.contentType], String(buffer: response.body))
    }

    @Test func thePageShowsEachCompanysCountsFromTheIndex() async throws {
        try await Self.withPage { harness, client in
            let page = try await Self.get(client, "/")
            #expect(page.status == .ok && page.type?.hasPrefix("text/html") == true)
            #expect(page.text.contains(#"<section id="link" class="link up">"#))
            for counts in try await harness.openIndex().companyCounts() {
                #expect(counts.mirrored > 0)
                #expect(page.text.contains(#"<td class="n mirrored" data-label="Mirrored">\#(counts.mirrored)</td>"#), "\(counts.company)")
            }
        }
    }

    @Test func statusJSONSaysWhatTheStatusCommandSays() async throws {
        try await Self.withPage { harness, client in
            let answer = try await Self.get(client, "/status.json")
            #expect(answer.status == .ok && answer.type == "application/json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? [String: Any])
            #expect((object["link"] as? [String: Any])?["state"] as? String == "up")
            let companies = try #require(object["companies"] as? [[String: Any]])
            #expect(Set(companies.compactMap { $0["name"] as? String }) == ["Company 1", "Company 2"])
        }
    }

    @Test func theDocumentSearchAnswersEveryKindOfQuestion() async throws {
        try await Self.withPage { harness, client in
            let missing = try await Self.get(client, "/document")
            #expect(missing.status == .badRequest && missing.text.contains("Type a document number"))
            let tooLong = try await Self.get(client, "/document?number=" + String(repeating: "9", count: 65))
            #expect(tooLong.status == .badRequest)
            let unknown = try await Self.get(client, "/document?number=1999%2F999")
            #expect(unknown.status == .notFound && unknown.text.contains("1999/999"))

            let open = try #require(harness.openInvoices().first?.number)
            let query = open.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "/", with: "%2F")
            let one = try await Self.get(client, "/document?number=\(query)&company=Company%201")
            #expect(one.status == .ok && one.text.contains("Invoice \(open)") && one.text.contains(">mirrored<"))

            // Numbers repeat across departments: both companies are offered, with no command-line flag.
            let sandbox = harness.sandbox
            let shared = try #require(
                sandbox.invoices.first { invoice in
                    invoice.number != nil && sandbox.invoices.contains { $0.number == invoice.number && $0.departmentID != invoice.departmentID }
                }?.number)
            let sharedQuery = shared.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "/", with: "%2F")
            let both = try await Self.get(client, "/document?number=\(sharedQuery)")
            #expect(both.status == .ok && both.text.contains("Company 1 \(shared)") && both.text.contains("Company 2 \(shared)"))
            #expect(!both.text.contains("--company"))
        }
    }

    @Test func aMonthWithoutAReportIsNotFound() async throws {
        try await Self.withPage { _, client in
            let answer = try await Self.get(client, "/month?month=1999-01")
            #expect(answer.status == .notFound && answer.text.contains("Month reports"))
        }
    }

    @Test func probesAndMetricsAnswerInPlainText() async throws {
        try await Self.withPage { _, client in
            for path in ["/healthz", "/health"] {
                let health = try await Self.get(client, path)
                #expect(health.status == .ok && health.text == "ok\n", "\(path)")
            }
            let fresh = try await Self.get(client, "/healthz?stale=86400")
            #expect(fresh.status == .ok && fresh.text.hasPrefix("ok: run"))
            let metrics = try await Self.get(client, "/metrics")
            #expect(metrics.status == .ok && metrics.type?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("tldrop_link_up 1"))
            let unknown = try await Self.get(client, "/nothing-here")
            #expect(unknown.status == .notFound)
        }
    }
}
