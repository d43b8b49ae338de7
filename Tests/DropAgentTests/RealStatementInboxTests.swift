import DropAgent
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// The real statements and exports (PaymentFilesTests' fixtures, written by banks and customers who
/// never heard of tldrop), dropped into a live inbox: every one is read, none is rejected, the run exits
/// 0, and nothing is registered on this account's invoices.
@Suite struct RealStatementInboxTests {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PaymentFilesTests/Fixtures")
    }

    @Test func everyRealStatementIsReadNoneRejectedNothingRegistered() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let base = Self.fixtures
            let names =
                try #require(FileManager.default.enumerator(atPath: base.appendingPathComponent("bank-statements").path))
                .compactMap { $0 as? String }.filter { $0.contains("/") && !$0.hasSuffix(".md") }.map { "bank-statements/\($0)" }
                + ["mt940/libmt94x-ing-provided-example-single-message.txt"]
            #expect(names.count == 17)
            for name in names {
                try harness.drop((name as NSString).lastPathComponent, Data(contentsOf: base.appendingPathComponent(name)))
            }
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            let files = try #require(outcome.inbox?.files)
            #expect(files.count == 17)
            #expect(
                files.allSatisfy { $0.result == .processed }, "\(files.filter { $0.result != .processed }.map { "\($0.name): \($0.reason ?? "")" })")
            #expect(files.allSatisfy { $0.count(.problem) == 0 && $0.count(.queued) == 0 })
            #expect(harness.inbox("Rejected").isEmpty)
            #expect(harness.sandbox.receivedPayments.isEmpty)
            // The CODA with card-terminal and direct-debit credits says what they are, never "fails the mod-97 check".
            let report = try #require(files.first { $0.name == "pycoda-Coda_v2_3_single_statement.txt" })
            #expect(report.count(.notOurs) == 15)
            #expect(report.lines.allSatisfy { !$0.text.contains("mod-97") })
            #expect(report.lines.contains { $0.text.contains("card payment") })
        }
    }
}
