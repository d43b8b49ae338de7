import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// `tldrop watch`, the real binary: drops handled within seconds, the lock taken turn about, SIGHUP, and a clean stop.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct WatchTests {
    @Test func aDropIsHandledWithinSecondsARunBesideItTakesItsTurnAndSIGTERMStopsCleanly() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            let watch = try harness.start(["watch", "--interval", "0.2"])
            // The first cycle mirrors everything and writes STATUS.md.
            let started = await AgentHarness.eventually {
                FileManager.default.fileExists(atPath: harness.layout.statusFile.path)
            }
            #expect(started, "\(watch.errorOutput)")
            #expect(harness.files(in: "Company 1").count > 10)

            // `watch` holds the lock only while a cycle runs: a run beside it takes its turn.
            let second = try await harness.spawn(["run", "--quiet"])
            #expect(second.status == 0, "\(second.errorOutput)")

            let department = harness.sandbox.departments[0].id
            let open = try #require(harness.openInvoices().first)
            let dropped = ContinuousClock.now
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(open.number!, "")]), company: "Company 1")
            let registered = await AgentHarness.eventually(timeout: .seconds(60)) { !harness.sandbox.receivedPayments.isEmpty }
            let elapsed = ContinuousClock.now - dropped
            #expect(registered, "\(watch.errorOutput.suffix(2000))")
            #expect(elapsed < .seconds(60), "handled in \(elapsed) (it looks every 0.2 s)")
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [open.id])
            #expect(harness.inbox("Company 1").isEmpty)

            // SIGHUP mirrors now, without waiting for the schedule.
            let booked = try harness.sandbox.bookInvoice(departmentID: department, date: harness.sandbox.today)
            watch.signal(SIGHUP)
            let mirrored = await AgentHarness.eventually {
                (try? await harness.openIndex().documents(ids: [booked.id]).count) == 1
            }
            #expect(mirrored)

            watch.signal(SIGTERM)
            let ended = await watch.wait(timeout: .seconds(20))
            #expect(ended.status == 0 && !ended.signalled, "\(ended.errorOutput)")
            // The lock went with it.
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
        }
    }

    /// `watch -v` as a service's journal gets it: tldrop's own account of each call (what was asked, how
    /// long it took, the rate-limit budget left), never the HTTP library's lines, which need `-vv`.
    @Test func verboseWatchSaysWhatItAskedAndNothingOfTheHTTPLibrary() async throws {
        try await AgentHarness.with(.agentTest(invoices: 5)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let watch = try harness.start(["watch", "-v", "--interval", "0.2"], extraEnvironment: ["JOURNAL_STREAM": "8:4242"])
            #expect(await AgentHarness.eventually { watch.errorOutput.contains("teamleader answered") }, "\(watch.errorOutput.suffix(2000))")
            #expect(await AgentHarness.eventually { FileManager.default.fileExists(atPath: harness.layout.statusFile.path) })
            watch.signal(SIGTERM)
            let ended = await watch.wait(timeout: .seconds(20))
            #expect(ended.status == 0 && !ended.signalled)
            #expect(ended.errorOutput.contains("rate_limit_left"))
            #expect(
                !ended.errorOutput.contains("Request was scheduled") && !ended.errorOutput.contains("tldrop.http"),
                "\(ended.errorOutput.prefix(3000))")
        }
    }

    /// A link broken while `watch` runs: drops are still read and queued, `connect` works beside it (no
    /// lock needed), and the running watcher adopts the new tokens and pushes the queue by itself.
    @Test func aRunningWatcherAdoptsTheTokensOfAConnectMadeBesideIt() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            let watch = try harness.start(["watch", "--interval", "0.2"])
            #expect(await AgentHarness.eventually { FileManager.default.fileExists(atPath: harness.layout.statusFile.path) })
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let open = try #require(harness.openInvoices().first)
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(open.number!, "")]), company: "Company 1")
            let queued = await AgentHarness.eventually {
                let status = (try? String(contentsOf: harness.layout.statusFile, encoding: .utf8)) ?? ""
                return harness.inbox("Company 1").isEmpty && status.contains("Link broken")
            }
            #expect(queued, "read and queued while the link is broken")
            #expect(harness.sandbox.receivedPayments.isEmpty)

            let repaired = try await harness.spawn(["connect", "--refresh-token", harness.sandbox.issueRefreshToken()])
            #expect(repaired.status == 0, "\(repaired.errorOutput)")
            // The payment waits with backoff; SIGHUP asks for a full cycle now.
            watch.signal(SIGHUP)
            #expect(await AgentHarness.eventually { harness.sandbox.receivedPayments.map(\.invoiceID) == [open.id] })
            watch.signal(SIGTERM)
            #expect(await watch.wait(timeout: .seconds(20)).status == 0)
        }
    }

    /// SIGTERM while a long mirror is under way: in-flight downloads finish, nothing is left half-done,
    /// and the next run picks up where it stopped.
    @Test func sigtermInTheMiddleOfAMirrorLeavesNothingHalfDone() async throws {
        var configuration = SandboxConfiguration.agentTest(invoices: 80)
        configuration.latency = .milliseconds(25)
        try await AgentHarness.with(configuration) { harness in
            // 10 calls a second at most: the first mirror takes well over ten seconds.
            try harness.writeConfiguration(clientRateLimit: 600)
            try await harness.connect()
            let watch = try harness.start(["watch"])
            let underWay = await AgentHarness.eventually {
                harness.files(in: "Company 1").filter { !$0.hasPrefix(".") }.count >= 4
            }
            #expect(underWay, "\(watch.errorOutput)")
            let signalled = ContinuousClock.now
            watch.signal(SIGTERM)
            let ended = await watch.wait(timeout: .seconds(30))
            #expect(ended.status == 0 && !ended.signalled, "\(ended.errorOutput)")
            #expect(ContinuousClock.now - signalled < .seconds(60))
            let booked = harness.sandbox.invoices.filter { $0.status != "draft" }
            let mirrored = try await harness.openIndex().documents(ids: booked.map(\.id)).values.filter { $0.state == .mirrored }
            #expect(mirrored.count < booked.count, "stopped before the end")
            // Nothing temporary or partial anywhere.
            for company in ["Company 1", "Company 2"] {
                #expect(harness.files(in: company).filter { $0.hasPrefix(".") }.isEmpty)
            }
            try harness.writeConfiguration()
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            try await harness.expectConverged()
        }
    }

    /// An error that ends `watch` (its inbox replaced by a file) ends it as an error with its exit
    /// status, its connections closed, never as a crash.
    @Test func anErrorThatEndsWatchEndsItCleanly() async throws {
        try await AgentHarness.with(.agentTest(invoices: 5)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let watch = try harness.start(["watch", "--interval", "0.2"])
            #expect(await AgentHarness.eventually { FileManager.default.fileExists(atPath: harness.layout.statusFile.path) }, "\(watch.errorOutput)")
            try? FileManager.default.removeItem(at: harness.layout.inbox)
            try Data("not a folder".utf8).write(to: harness.layout.inbox)
            let ended = await watch.wait(timeout: .seconds(120))
            #expect(!ended.signalled && ended.status != 0, "status \(ended.status), signalled \(ended.signalled): \(ended.errorOutput.suffix(800))")
            #expect(ended.errorOutput.contains("Error:"), "\(ended.errorOutput.suffix(800))")
        }
    }
}
