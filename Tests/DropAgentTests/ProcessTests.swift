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

/// The real binary, as cron runs it: exit codes, the lock, and SIGKILL at named points.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct ProcessTests {
    @Test func aRunThatFindsTheLockHeldWaitsForItAndPastTheWaitExits75NamingTheHolder() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            var lock: RunLock? = try await RunLock.acquire(at: harness.layout.lockFile, command: "watch")
            let indexBefore = try FileManager.default.attributesOfItem(atPath: harness.layout.indexFile.path)[.modificationDate] as? Date
            let result = try await harness.spawn(["run", "--wait", "0"])
            #expect(result.status == 75 && !result.signalled)
            #expect(result.errorOutput.contains("tldrop watch, process \(getpid()), cycle running since"), "\(result.errorOutput)")
            #expect(harness.files(in: "Company 1").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: harness.layout.statusFile.path))
            #expect(try FileManager.default.attributesOfItem(atPath: harness.layout.indexFile.path)[.modificationDate] as? Date == indexBefore)

            // With a wait, it says whom it waits for, and runs once the holder lets go.
            let waiting = try harness.start(["run", "--wait", "120"])
            #expect(await AgentHarness.eventually { waiting.errorOutput.contains("Waiting for tldrop watch, process \(getpid())") })
            #expect(harness.files(in: "Company 1").isEmpty, "nothing is written while the lock is held")
            withExtendedLifetime(lock) {}
            lock = nil
            let ended = await waiting.wait(timeout: .seconds(120))
            #expect(ended.status == 0, "\(ended.errorOutput)")
            #expect(!harness.files(in: "Company 1").isEmpty)
        }
    }

    /// `-v` adds tldrop's own account of each call to Teamleader; the HTTP library's own lines only at `-vv`.
    @Test func verboseSaysWhatWasAskedOfTeamleaderAndTheHTTPLibraryOnlyAtTwoVs() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let once = try await harness.spawn(["run", "-v"])
            #expect(once.status == 0)
            #expect(
                once.errorOutput.contains("teamleader answered") && once.errorOutput.contains("rate_limit_left"), "\(once.errorOutput.prefix(2000))")
            #expect(!once.errorOutput.contains("tldrop.http") && !once.errorOutput.contains("Request was scheduled"))
            let twice = try await harness.spawn(["run", "-vv"])
            #expect(twice.status == 0 && twice.errorOutput.contains("tldrop.http"), "\(twice.errorOutput.prefix(2000))")
        }
    }

    @Test func twoRunsAtOnceTakeTurns() async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.latency = .milliseconds(60)
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            async let first = harness.spawn(["run", "--quiet"])
            async let second = harness.spawn(["run", "--quiet"])
            let statuses = try await [first.status, second.status]
            #expect(statuses == [0, 0])
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
