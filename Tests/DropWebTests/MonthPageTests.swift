import DropAgent
import DropTestSupport
import DropWeb
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing
import Wording

/// The status page's month view, in Dutch, rendered by a real headless Chromium: what month close
/// reported, line by line, with Belgian amounts, and printable.
@Suite struct MonthPageTests {
    @Test func theMonthViewRendersInDutchInARealBrowser() async throws {
        let browser = try #require(HeadlessBrowser.find(), "no Chromium or Chrome found: run scripts/install-deps")
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2, topLevel: "language = \"nl\"\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let stored = try await AgentContext.with(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger) {
                context in
                try await MonthReportStore(index: context.index).all()
            }
            let month = try #require(stored.first?.month)
            let reports = stored.filter { $0.month == month }
            #expect(Set(reports.map(\.company.name)) == ["Company 1", "Company 2"])
            let w = Wording(.nl)

            try await StatusPageTests.serving(harness) { base in
                let index = try await browser.dumpDOM(base)
                #expect(index.contains(#"<html lang="nl">"#) && index.contains(#"href="/month?month=\#(month)""#))
                let page = try await browser.dumpDOM(URL(string: "month?month=\(month)", relativeTo: base)!)
                #expect(page.contains(#"<html lang="nl">"#) && page.contains("Maandrapport \(month)"))
                #expect(page.contains("@media print"), "printable")
                #expect(!page.contains("http://") && !page.contains("https://"), "no external assets")
                for report in reports {
                    let section = try #require(Self.section(of: report.company.name, in: page))
                    for line in report.company.lines {
                        #expect(section.contains(#"<tr data-id="\#(line.id)">"#), "\(line.number)")
                        #expect(section.contains(HTMLText.escape(w.money(line.total, line.currency))))
                    }
                    for totals in report.company.totals {
                        #expect(
                            section.contains(
                                #"<tr class="booked"><td>Geboekt</td><td class="n">\#(totals.booked.count)</td><td class="n">\#(HTMLText.escape(w.money(totals.booked.amount, totals.currency)))</td></tr>"#
                            ))
                    }
                }
                let shot = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-month-\(UUID().uuidString).png")
                defer { try? FileManager.default.removeItem(at: shot) }
                try await browser.screenshot(URL(string: "month?month=\(month)", relativeTo: base)!, to: shot, width: 1100, height: 900)
                let png = try Data(contentsOf: shot)
                #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            }
        }
    }

    static func section(of company: String, in page: String) -> Substring? {
        guard let start = page.range(of: #"<section class="month" data-company="\#(company)">"#) else { return nil }
        guard let end = page[start.upperBound...].range(of: "</section>") else { return nil }
        return page[start.lowerBound..<end.upperBound]
    }
}

/// What the page escapes (`&`, `<`, `>`, `"`, `'`), for comparing with its source.
enum HTMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
