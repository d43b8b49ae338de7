import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// SIGTERM (systemd stopping the unit) in the middle of each stage of `tldrop run`: the run stops at its
/// next safe point, says so, ends with 75, leaves nothing half-done, and the next run finishes the job.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct SignalTests {
    /// (stage, the point where the run sends itself SIGTERM, how many times it passes the point first)
    @Test(arguments: [
        ("corrections", "mid-reimport", 0), ("mirror", "after-publish", 4), ("inbox", "after-apply", 0),
        ("push", "before-register", 1), ("archive", "mid-archive-write", 2),
    ])
    func sigtermInAStageStopsCleanlyWith75(stage: String, point: String, after: Int) async throws {
        var configuration = SandboxConfiguration.agentTest(invoices: 60)
        configuration.latency = .milliseconds(3)
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration(keepMonths: 120, extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            var paid: [String] = []
            if stage != "mirror" {
                // Everything mirrored first; then what the stage under test works on.
                #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
                if stage == "corrections" {
                    let invoice = try #require(
                        harness.sandbox.invoices.last { $0.status == "outstanding" && $0.departmentID == harness.sandbox.departments[0].id })
                    try harness.sandbox.editInvoice(id: invoice.id, amount: 7)
                    let marker = invoice.number!.replacingOccurrences(of: " / ", with: "-") + ".reimport"
                    try Data().write(to: harness.layout.companyFolder("Company 1").appendingPathComponent(marker))
                }
                if stage == "inbox" || stage == "push" {
                    let open = harness.openInvoices()
                    paid = open.prefix(6).map(\.id)
                    for (position, invoice) in open.prefix(6).enumerated() {
                        try harness.drop("payments-\(position).csv", AgentHarness.paymentCSV([(invoice.number!, "")]), company: "Company 1")
                    }
                }
                if stage == "archive" {
                    try harness.writeConfiguration(keepMonths: 2, extra: "[inbox]\nsettle_seconds = 0\n")
                }
            }
            let stopped = try await harness.spawn(
                ["run"], extraEnvironment: ["TLDROP_CRASH_AT": point, "TLDROP_CRASH_AFTER": "\(after)", "TLDROP_CRASH_SIGNAL": "TERM"])
            #expect(stopped.status == 75 && !stopped.signalled, "\(stage): \(stopped.status) \(stopped.errorOutput)")
            #expect(stopped.errorOutput.contains("stopped by a signal"), "\(stopped.errorOutput)")
            #expect(harness.temporaryFiles().isEmpty)
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains("exit 75"), "STATUS.md tells")

            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(stage): \(next.errorOutput)")
            let problems = try await harness.convergenceProblems()
            #expect(problems.isEmpty, "\(stage): \(problems)")
            let registered = harness.sandbox.receivedPayments.map(\.invoiceID)
            #expect(registered.sorted() == paid.sorted(), "\(stage): each payment exactly once")
            #expect(try await harness.spawn(["verify", "--quiet"]).status == 0)
        }
    }
}
