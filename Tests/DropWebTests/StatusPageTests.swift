import DropAgent
import DropIndex
import DropTestSupport
import DropWeb
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// `tldrop serve`, loaded in a real headless Chromium: the page renders, says what the index says, and a
/// broken link shows its repair.
@Suite struct StatusPageTests {
    @Test func theStatusPageInARealBrowserMatchesTheIndexAndShowsABrokenLink() async throws {
        let browser = try #require(HeadlessBrowser.find(), "no Chromium or Chrome found: run scripts/install-deps")
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            _ = await harness.run()
            let open = try #require(harness.openInvoices().first)
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(open.number!, "")]), company: "Company 1")
            try harness.drop("kapot <b>.csv", Data("Omschrijving;Iets\nhallo;wereld\n".utf8), company: "Company 1")
            #expect(await harness.run().exitStatus == .dataError)

            try await Self.serving(harness) { base in
                let page = try await browser.dumpDOM(base)
                #expect(page.contains(#"<section id="link" class="link up"><strong>Up &amp; Running</strong>"#))
                for counts in try await harness.openIndex().companyCounts() {
                    let row = try #require(Self.row(of: counts.company, in: page), "a row for \(counts.company)")
                    #expect(counts.mirrored > 0 && row.contains(#"<td class="n mirrored" data-label="Mirrored">\#(counts.mirrored)</td>"#))
                }
                #expect(page.contains(#"<span class="registered">1</span> registered"#))
                #expect(page.contains("kapot &lt;b&gt;.csv"), "rejected file, escaped")
                #expect(!page.contains("<b>.csv"))

                // The document search shows the timeline.
                var search = URLComponents(url: base.appendingPathComponent("document"), resolvingAgainstBaseURL: false)!
                search.queryItems = [URLQueryItem(name: "number", value: open.number), URLQueryItem(name: "company", value: "Company 1")]
                let timeline = try await browser.dumpDOM(search.url!)
                #expect(timeline.contains("Invoice \(open.number!)"))
                #expect(timeline.contains(">mirrored<") && timeline.contains(">payment registered<"))

                // A number both companies use (numbers repeat across departments): both are offered.
                let sandbox = harness.sandbox
                let shared = try #require(
                    sandbox.invoices.first { invoice in
                        invoice.number != nil && sandbox.invoices.contains { $0.number == invoice.number && $0.departmentID != invoice.departmentID }
                    })
                search.queryItems = [URLQueryItem(name: "number", value: shared.number!.replacingOccurrences(of: " ", with: ""))]
                let choice = try await browser.dumpDOM(search.url!)
                #expect(
                    choice.contains(#"<ul id="matches">"#) && choice.contains("Company 1 \(shared.number!)")
                        && choice.contains("Company 2 \(shared.number!)"))
                #expect(!choice.contains("--company"), "no command-line flag on a web page")

                // Broken: the page says so, with the one command that repairs it.
                harness.sandbox.revokeTokens()
                harness.sandbox.expireAccessTokens()
                #expect(await harness.run().exitStatus == .linkBroken)
                let broken = try await browser.dumpDOM(base)
                #expect(broken.contains(#"class="link down""#) && broken.contains("Link broken"))
                #expect(broken.contains(#"<code id="repair">tldrop connect</code>"#))
            }
        }
    }

    /// Runs the status page on a free port while `body` looks at it.
    static func serving(_ harness: AgentHarness, _ body: @Sendable (URL) async throws -> Void) async throws {
        let context = try AgentContext.open(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
        let (ports, listening) = AsyncStream<Int>.makeStream()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await StatusPageServer(context: context, port: 0, logger: AgentHarness.quietLogger).serve { listening.yield($0) }
                }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                try await body(URL(string: "http://127.0.0.1:\(port)/")!)
                group.cancelAll()
            }
        } catch is CancellationError {}
        await context.close()
    }

    static func row(of company: String, in page: String) -> Substring? {
        guard let start = page.range(of: "<tr data-company=\"\(company)\">") else { return nil }
        guard let end = page[start.upperBound...].range(of: "</tr>") else { return nil }
        return page[start.lowerBound..<end.upperBound]
    }
}
