import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// A long file's report: every line counted, routine lines listed up to a limit, the rest summed up.
@Suite struct InboxReportTests {
    @Test func routineLinesAreListedUpToALimitAndCountedInFull() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await InboxTests.prepared(harness)
            let invoice = harness.openInvoices()[0]
            // One partial payment, then the same line again and again: each copy is a duplicate.
            let copies = 1_250
            let rows = Array(repeating: (invoice.number!, "1,00"), count: copies + 1)
            try harness.drop("long.csv", AgentHarness.paymentCSV(rows), company: "Company 1")
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            #expect(harness.sandbox.receivedPayments.map(\.amount) == [Decimal(1)], "one payment, registered once")

            let report = try String(
                contentsOf: harness.layout.inbox.appendingPathComponent("Processed/\(InboxTests.month)/long.csv.report.txt"), encoding: .utf8)
            let listed = report.split(separator: "\n").filter { $0.contains("is already queued or registered") }
            #expect(listed.count == 1_000, "routine lines are listed up to 1,000")
            #expect(report.contains(": \(copies)\n"), "the section counts every line")
            #expect(report.contains("… and \(copies - 1_000) more like these"))
            #expect(report.contains("line 2: "), "the queued line is listed")
        }
    }
}
