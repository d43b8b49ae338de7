import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// The real binary, as cron runs it: exit codes, the lock, and SIGKILL at named points.
@Suite struct ProcessTests {
    @Test func aSecondRunWhileTheLockIsHeldExits75AndTouchesNothing() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let lock = try RunLock(at: harness.layout.lockFile)
            let indexBefore = try FileManager.default.attributesOfItem(atPath: harness.layout.indexFile.path)[.modificationDate] as? Date
            let result = try await harness.spawn(["run"])
            #expect(result.status == 75 && !result.signalled)
            #expect(result.errorOutput.contains("holds the lock"))
            #expect(harness.files(in: "Company 1").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: harness.layout.statusFile.path))
            #expect(try FileManager.default.attributesOfItem(atPath: harness.layout.indexFile.path)[.modificationDate] as? Date == indexBefore)
            withExtendedLifetime(lock) {}
        }
    }

    @Test func twoRunsAtOnceOneWorksTheOtherExits75() async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.latency = .milliseconds(60)
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            async let first = harness.spawn(["run", "--quiet"])
            try await Task.sleep(for: .milliseconds(150))
            async let second = harness.spawn(["run", "--quiet"])
            let statuses = try await [first.status, second.status].sorted()
            #expect(statuses == [0, 75])
            try await harness.expectConverged()
        }
    }

    @Test func exitCodesTellTheSchedulerWhatHappened() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            // No configuration: 78.
            let missing = try await harness.spawn(["run"])
            #expect(missing.status == 78)
            #expect(missing.errorOutput.contains("tldrop init"))
            try harness.writeConfiguration()
            // Not connected: 77, with the repair.
            let notConnected = try await harness.spawn(["run"])
            #expect(notConnected.status == 77)
            #expect(notConnected.errorOutput.contains("tldrop connect"))
            try await harness.connect()
            let ok = try await harness.spawn(["run", "--json"])
            #expect(ok.status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(ok.output.utf8)) as? [String: Any]
            #expect(json?["exitCode"] as? Int == 0)
            let quiet = try await harness.spawn(["run", "--quiet"])
            #expect(quiet.status == 0 && quiet.output.isEmpty)
            // Revoked tokens: the link is broken.
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let broken = try await harness.spawn(["run"])
            #expect(broken.status == 77)
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains("tldrop connect"))
        }
    }

    /// SIGKILL at each named point, then a clean run: every document present once, nothing partial,
    /// the index matching the disk.
    @Test(arguments: [
        ("after-temp-write", 0), ("after-temp-write", 7), ("after-publish", 0), ("after-publish", 5), ("mid-batch", 3),
        ("mid-batch", 12),
    ])
    func aKillAtANamedPointConverges(point: String, after: Int) async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let crashed = try await harness.spawn(
                ["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": point, "TLDROP_CRASH_AFTER": "\(after)"])
            #expect(crashed.signalled && crashed.status == 9, "killed at \(point): \(crashed.status) \(crashed.errorOutput)")
            let recovered = try await harness.spawn(["run", "--quiet"])
            #expect(recovered.status == 0, "\(recovered.errorOutput)")
            try await harness.expectConverged()
            let again = try await harness.spawn(["run", "--json"])
            let json = try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any]
            let mirror = json?["mirror"] as? [String: Any]
            let companies = mirror?["companies"] as? [[String: Any]] ?? []
            #expect(companies.allSatisfy { ($0["mirrored"] as? Int) == 0 && (($0["conflicts"] as? [Any])?.isEmpty ?? false) })
        }
    }
}

/// Payments across crashes: the sandbox applies a payment, its answer is lost (or never recorded), the
/// process dies; the next run must not register it again.
@Suite struct PaymentCrashTests {
    @Test(arguments: [true, false])
    func aPaymentWhoseAnswerWasLostIsNotRegisteredAgain(loseAnswer: Bool) async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.sandbox.invoices.first {
                $0.status == "outstanding" && $0.paymentCount == 0 && $0.departmentID == harness.sandbox.departments[0].id
            })
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
            let invoice = try #require(harness.sandbox.invoices.first {
                $0.status == "outstanding" && $0.paymentCount == 0 && $0.departmentID == harness.sandbox.departments[0].id
            })
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
