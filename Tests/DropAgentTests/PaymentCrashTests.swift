import Archives
import DropAgent
import DropFiles
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Payments across crashes: the sandbox applies a payment, its answer is lost (or never recorded), the
/// process dies; the next run must not register it again.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct PaymentCrashTests {
    /// Each way Teamleader may store `paid_at` (undocumented): as sent, local midnight (the day before in
    /// UTC), or a bare date; with the answer lost, or received but never recorded.
    @Test(arguments: [true, false], [SandboxBehaviour.PaidAtStyle.asSent, .localMidnight, .date])
    func aPaymentWhoseAnswerWasLostIsNotRegisteredAgain(loseAnswer: Bool, paidAt: SandboxBehaviour.PaidAtStyle) async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.behaviour.paidAt = paidAt
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.openInvoices().first)
            try harness.drop("pay.csv", Data("Factuurnummer;Betaald\n\(invoice.number!);ja\n".utf8), company: "Company 1")
            var faults = harness.sandbox.faults
            faults.losePaymentAnswers = loseAnswer ? 1 : 0
            harness.sandbox.faults = faults
            let crashed = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": "after-register-call"])
            #expect(crashed.signalled)
            #expect(harness.sandbox.receivedPayments.count == 1)
            #expect(harness.sandbox.receivedPayments.first?.answered == !loseAnswer)
            let next = try await harness.spawn(["run", "--json"])
            #expect(next.status == 0, "\(next.errorOutput)")
            #expect(harness.sandbox.receivedPayments.count == 1)
            let events = try await harness.openIndex().events(documentId: invoice.id).map(\.kind)
            #expect(events.filter { $0 == .paymentRegistered }.count == 1)
        }
    }

    @Test(arguments: ["after-apply", "after-move"])
    func aKillWhileAFileIsBeingAppliedConverges(point: String) async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.openInvoices().first)
            try harness.drop("pay.csv", Data("Factuurnummer;Betaald\n\(invoice.number!);ja\n".utf8), company: "Company 1")
            let first = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": point])
            #expect(first.signalled)
            let second = try await harness.spawn(["run", "--quiet"])
            #expect(second.status == 0, "\(second.errorOutput)")
            #expect(harness.sandbox.receivedPayments.count == 1)
            let month = CalendarDate(Date(), timeZone: .current).monthKey
            #expect(harness.inbox("Processed/\(month)") == ["pay.csv", "pay.csv.report.txt"])
            #expect(harness.inbox("Company 1").isEmpty)
        }
    }
}
