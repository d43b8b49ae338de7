import DropAgent
import DropTestSupport
import DropWeb
import Foundation
import TeamleaderSandbox
import Testing

/// The metrics a firm's Prometheus reads: every family there and well-formed (Prometheus's own parser,
/// `promtool check metrics`), the same bytes whichever way they leave (`status --metrics`, the
/// textfile a run writes, `serve`'s `/metrics`), and the series that must move when a link breaks, a
/// file is rejected or a line is held.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct MetricsTests {
    static let families = [
        "tldrop_build_info", "tldrop_link_up", "tldrop_link_state", "tldrop_last_successful_run_timestamp_seconds",
        "tldrop_teamleader_last_poll_timestamp_seconds", "tldrop_documents_mirrored", "tldrop_documents_pending",
        "tldrop_documents_changed_after_sending", "tldrop_documents_deleted_in_teamleader", "tldrop_documents_deleted_in_outbox",
        "tldrop_documents_conflicts", "tldrop_documents_archived", "tldrop_payments", "tldrop_payments_held_for_review",
        "tldrop_payments_oldest_queued_timestamp_seconds", "tldrop_review_oldest_held_timestamp_seconds", "tldrop_inbox_files_rejected",
        "tldrop_archives", "tldrop_last_run_timestamp_seconds", "tldrop_last_run_duration_seconds", "tldrop_last_run_exit_code",
        "tldrop_teamleader_requests_total", "tldrop_teamleader_rate_limited_total",
    ]

    static func prepared(_ harness: AgentHarness) async throws {
        try FileManager.default.createDirectory(at: harness.root.appendingPathComponent("metrics"), withIntermediateDirectories: true)
        try harness.writeConfiguration(
            keepMonths: 2, extra: "[inbox]\nsettle_seconds = 0\n\n[metrics]\ntextfile = \"metrics/tldrop.prom\"\nname = \"acme\"\n")
        try await harness.connect()
    }

    static func textfile(_ harness: AgentHarness) throws -> String {
        try String(contentsOf: harness.root.appendingPathComponent("metrics/tldrop.prom"), encoding: .utf8)
    }

    @Test func everyFamilyIsThereWellFormedAndTheSameWhicheverWayItLeaves() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try await Self.prepared(harness)
            #expect(await harness.run().exitStatus == .success)
            let written = try Self.textfile(harness)
            for family in Self.families {
                #expect(written.contains("# TYPE \(family) "), "\(family) missing")
            }
            let printed = try await harness.spawn(["status", "--metrics"])
            #expect(printed.status == 0, "\(printed.errorOutput)")
            #expect(printed.output == written)
            try await StatusPageTests.serving(harness) { base in
                let scraped = try await Browser.get(base.appendingPathComponent("metrics"))
                #expect(scraped.status == 200)
                #expect(scraped.body == written)
            }
            let series = OpsTools.series(written)
            #expect(series[#"tldrop_link_up{root="acme"}"#] == 1)
            #expect(series[#"tldrop_documents_mirrored{root="acme",company="Company 1"}"#] ?? 0 > 0)
            #expect(series[#"tldrop_archives{root="acme",company="Company 1",verification="verified"}"#] ?? 0 > 0)
            #expect(series[#"tldrop_teamleader_requests_total{root="acme"}"#] ?? 0 > 0)
            #expect(series[#"tldrop_last_run_exit_code{root="acme",command="run"}"#] == 0)
            #if os(Linux)
                let check = try await OpsTools.checkMetrics(written)
                #expect(check.status == 0 && check.output.isEmpty && check.errorOutput.isEmpty, "\(check.output)\(check.errorOutput)")
            #else
                if OpsTools.find("promtool") != nil {
                    let check = try await OpsTools.checkMetrics(written)
                    #expect(check.status == 0, "\(check.output)\(check.errorOutput)")
                }
            #endif
        }
    }

    @Test func aBrokenLinkARejectedFileAndAHeldLineMoveTheirSeries() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try await Self.prepared(harness)
            #expect(await harness.run().exitStatus == .success)
            let before = OpsTools.series(try Self.textfile(harness))
            #expect(before[#"tldrop_inbox_files_rejected{root="acme",company="Company 1"}"#] == 0)
            #expect(before[#"tldrop_payments_held_for_review{root="acme"}"#] == 0)
            #expect(before.keys.contains { $0.hasPrefix("tldrop_review_oldest_held_timestamp_seconds") } == false)

            // More than the invoice's open amount: held for the accountant. A file nobody can read: rejected.
            let invoice = harness.openInvoices()[0]
            let above = "\(invoice.due + 100)".replacingOccurrences(of: ".", with: ",")
            try harness.drop("export.csv", AgentHarness.paymentCSV([(invoice.number!, above)]), company: "Company 1")
            try harness.drop("garbage.csv", Data("this is not a payment export\n\u{0}\u{1}\n".utf8), company: "Company 1")
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            #expect(await harness.run().exitStatus == .linkBroken)

            let after = OpsTools.series(try Self.textfile(harness))
            #expect(after[#"tldrop_link_up{root="acme"}"#] == 0)
            #expect(after[#"tldrop_link_state{root="acme",state="broken"}"#] == 1)
            #expect(after[#"tldrop_link_state{root="acme",state="up"}"#] == 0)
            #expect(after[#"tldrop_inbox_files_rejected{root="acme",company="Company 1"}"#] == 1)
            #expect(after[#"tldrop_inbox_files_rejected{root="acme",company="Company 2"}"#] == 0)
            #expect(after[#"tldrop_payments_held_for_review{root="acme"}"#] == 1)
            #expect(after.keys.contains { $0.hasPrefix("tldrop_review_oldest_held_timestamp_seconds{") })
            #expect(after[#"tldrop_last_run_exit_code{root="acme",command="run"}"#] == 77)
            // The last success is still the first run's.
            #expect(
                after[#"tldrop_last_successful_run_timestamp_seconds{root="acme"}"#]
                    == before[#"tldrop_last_successful_run_timestamp_seconds{root="acme"}"#])
            // Unchanged series stay as they were: nothing else moved.
            #expect(
                after[#"tldrop_documents_mirrored{root="acme",company="Company 1"}"#]
                    == before[#"tldrop_documents_mirrored{root="acme",company="Company 1"}"#])
        }
    }
}
