import DropAgent
import DropTestSupport
import Foundation
import Testing

/// The probes Kubernetes runs in a `watch` pod: `tldrop serve --probe` asks the `serve` beside it
/// (listening on 127.0.0.1 only) for `/healthz`; with `--stale-after` a root whose last run or poll is
/// older than that is unhealthy (exit 75), so a `watch` that stopped cycling gets restarted.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct HealthProbeTests {
    @Test func theProbeIsHealthyWhileRunsAreRecentAndSaysWhyWhenNot() async throws {
        try await AgentHarness.with(.agentTest(invoices: 3)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            // The last run started two hours ago (the index's clock), as a watch that hung then left it.
            let twoHoursAgo = Date().addingTimeInterval(-7200)
            #expect(await harness.run(now: { twoHoursAgo }).exitStatus == .success)

            let nobody = try OpsServer.freePort()
            let down = try await harness.spawn(["serve", "--probe", "--port", "\(nobody)"])
            #expect(down.status == 75 && down.errorOutput.contains("unhealthy"), "\(down.errorOutput)")

            let port = try OpsServer.freePort()
            var environment = harness.environment
            environment["TLDROP_ROOT"] = harness.root.path
            let serve = try ProcessRunner.start(ProcessRunner.tldropBinary, ["serve", "--port", "\(port)", "--quiet"], environment: environment)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            var alive = try await harness.spawn(["serve", "--probe", "--port", "\(port)"])
            while alive.status != 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                alive = try await harness.spawn(["serve", "--probe", "--port", "\(port)"])
            }
            #expect(alive.status == 0 && alive.output == "ok\n", "\(alive.output)\(alive.errorOutput)")

            let fresh = try await harness.spawn(["serve", "--probe", "--port", "\(port)", "--stale-after", "86400"])
            #expect(fresh.status == 0 && fresh.output.hasPrefix("ok: run"), "\(fresh.output)\(fresh.errorOutput)")
            let stale = try await harness.spawn(["serve", "--probe", "--port", "\(port)", "--stale-after", "600"])
            #expect(stale.status == 75, "\(stale.output)")
            #expect(stale.errorOutput.contains("HTTP 503") && stale.errorOutput.contains("more than 600 s"), "\(stale.errorOutput)")
            let age = stale.errorOutput.split(separator: "started ").last?.split(separator: " ").first.flatMap { Int($0) }
            #expect((age ?? 0) >= 7200, "two hours at least: \(stale.errorOutput)")

            let usage = try await harness.spawn(["serve", "--stale-after", "600"])
            #expect(usage.status == 64 && usage.errorOutput.contains("--stale-after goes with --probe"))
            serve.signal(SIGTERM)
            let ended = await serve.wait(timeout: .seconds(60))
            #expect(ended.status == 0, "\(ended.errorOutput)")
        }
    }
}
