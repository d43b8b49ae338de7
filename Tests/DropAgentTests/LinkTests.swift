import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// The link's health: `doctor`, a revoked link reported everywhere and repaired by one command, `on_failure`.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct LinkTests {
    @Test func doctorNamesEachModuleTheSandboxDenies() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let healthy = await Doctor(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger).run()
            #expect(healthy.exitStatus == .success, "\(healthy.failed)")
            #expect(
                Set(healthy.checks.map(\.name)).isSuperset(of: [
                    "configuration", "free disk", "index", "credentials", "link", "module Users", "module Departments",
                    "module Invoices", "company mapping",
                ]))
            // Only the scopes tldrop uses are asked for.
            #expect(!healthy.checks.contains { ["module Companies", "module Contacts", "module Products"].contains($0.name) })

            harness.sandbox.faults.deniedScopes = ["contacts", "products", "invoices"]
            let report = await Doctor(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger).run()
            #expect(report.exitStatus == .linkBroken)
            #expect(report.failed.map(\.name) == ["module Invoices"])
            #expect(report.failed.first?.remedy?.contains("Invoicing") == true)
            #expect(report.checks.first { $0.name == "module Departments" }?.verdict == .ok)

            // The binary says the same, with the exit code.
            let printed = try await harness.spawn(["doctor"])
            #expect(printed.status == 77)
            #expect(printed.output.contains("FAIL  module Invoices"))
        }
    }

    @Test func doctorStopsAtABadConfigurationAndSaysNotConnected() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            let missing = try await harness.spawn(["doctor"])
            #expect(missing.status == 78)
            #expect(missing.output.contains("FAIL  configuration"))
            try harness.writeConfiguration(companies: [CompanyMapping(name: "Kroon", department: "No Such Department")])
            let notConnected = await Doctor(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger).run()
            #expect(notConnected.exitStatus == .linkBroken)
            #expect(notConnected.checks.first { $0.name == "link" }?.remedy?.contains("tldrop connect") == true)
            try await harness.connect()
            let badMapping = await Doctor(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger).run()
            #expect(badMapping.exitStatus == .configuration)
            let mapping = try #require(badMapping.checks.first { $0.name == "company mapping" })
            #expect(mapping.verdict == .failed)
            #expect(harness.sandbox.departments.allSatisfy { mapping.remedy?.contains($0.name) == true })
        }
    }

    /// Rule 7: a revoked link shows in the exit code, the log, STATUS.md and `status`, with the one command
    /// that repairs it; the inbox is still read; after `connect --refresh-token` the next run catches up.
    @Test func aRevokedLinkIsReportedEverywhereAndOneCommandRepairsIt() async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.clientSecret = "canary-\(UUID().uuidString)"
        try await AgentHarness.with(configuration) { harness in
            let hook = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-hook-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: hook) }
            try harness.writeConfiguration(
                topLevel: "on_failure = \"cat > '\(hook.path).txt'; env > '\(hook.path).env'\"\n",
                extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(!FileManager.default.fileExists(atPath: hook.path + ".txt"), "on_failure runs only when a run fails")

            let department = harness.sandbox.departments[0].id
            let open = try #require(harness.openInvoices().first)
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let booked = try harness.sandbox.bookInvoice(departmentID: department, date: harness.sandbox.today)
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(open.number!, "")]), company: "Company 1")

            let broken = try await harness.spawn(["run"])
            #expect(broken.status == 77)
            #expect(broken.errorOutput.contains("teamleader link broken"), "a log line")
            #expect(broken.errorOutput.contains("To repair: tldrop connect"))
            let statusFile = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(statusFile.contains("**Link broken: Teamleader refused the refresh token"))
            #expect(statusFile.contains("To repair: `tldrop connect`"))
            let status = try await harness.spawn(["status", "--json"])
            #expect(status.status == 77)
            let link = try #require((try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])?["link"] as? [String: Any])
            #expect(link["state"] as? String == "broken")
            #expect(link["repair"] as? String == "tldrop connect")
            // The inbox was read and its payment queued, waiting for the link.
            #expect(harness.inbox("Company 1").isEmpty)
            #expect(try await harness.openIndex().pendingPayments().count == 1)
            #expect(harness.sandbox.receivedPayments.isEmpty)
            // on_failure got the summary, and never the secret.
            let summary = try String(contentsOf: URL(fileURLWithPath: hook.path + ".txt"), encoding: .utf8)
            #expect(summary.contains("ended with exit code 77") && summary.contains("To repair: tldrop connect"))
            let environment = try String(contentsOf: URL(fileURLWithPath: hook.path + ".env"), encoding: .utf8)
            #expect(environment.contains("TLDROP_EXIT_CODE=77"))
            #expect(!environment.contains(harness.sandbox.configuration.clientSecret))

            // One command repairs it; the next run catches up on what happened meanwhile.
            let repaired = try await harness.spawn(["connect", "--refresh-token", harness.sandbox.issueRefreshToken()])
            #expect(repaired.status == 0, "\(repaired.errorOutput)")
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [open.id])
            #expect(try await harness.openIndex().documents(ids: [booked.id]).count == 1)
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains("**Up & Running.**"))
        }
    }
    /// Teamleader's token endpoint may answer in its `errors[]` envelope or in league/oauth2-server's body:
    /// in both, a wrong client secret is a configuration error (78) that keeps the tokens, and a revoked
    /// link is broken (77) with Teamleader's hint in what the admin reads.
    @Test(arguments: [SandboxBehaviour.OAuthErrorShape.envelope, .league])
    func tokenErrorsInEitherShapeSayWhatToRepair(shape: SandboxBehaviour.OAuthErrorShape) async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.behaviour.oauthErrors = shape
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            let stored = try Data(contentsOf: harness.layout.credentialsFile)

            // Day 2: someone typed the secret wrong in the service's environment.
            harness.sandbox.expireAccessTokens()
            let wrong = try await harness.spawn(["run"], extraEnvironment: ["TLDROP_CLIENT_SECRET": "not-the-secret"])
            #expect(wrong.status == 78, "\(wrong.errorOutput)")
            #expect(wrong.errorOutput.contains("invalid_client") && wrong.errorOutput.contains("TLDROP_CLIENT_SECRET"))
            #expect(!wrong.errorOutput.contains("Link broken") && !wrong.errorOutput.contains("To repair: tldrop connect"))
            #expect(try Data(contentsOf: harness.layout.credentialsFile) == stored, "the tokens are kept")
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0, "the right secret works with the same tokens")

            // Day 3: the user revoked the integration.
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let revoked = try await harness.spawn(["run"])
            #expect(revoked.status == 77)
            #expect(revoked.errorOutput.contains("Token has been revoked"), "\(revoked.errorOutput)")
            let statusFile = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(statusFile.contains("Token has been revoked") && statusFile.contains("`tldrop connect`"))
        }
    }
}
