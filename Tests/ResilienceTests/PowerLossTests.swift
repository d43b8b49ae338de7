import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// Power cuts, not kind crashes: the root lives on LazyFS, and each cut freezes the real `tldrop` (a
/// `run`, or a `watch` in its cycles) at a seeded random moment, drops every byte it had not fsynced
/// (LazyFS's cache cleared, or LazyFS itself killed), kills it and mounts again. After each cut the
/// index passes `quick_check`, every file it calls published holds its recorded bytes, no file is empty,
/// `verify` is clean, and the next run converges; at the end every payment is registered exactly once.
/// `TLDROP_POWER_CUTS` sets the size (CI: 20; `scripts/test --power-loss`: 300), `TLDROP_POWER_SEED`
/// replays one.
@Suite(.serialized, .enabled(if: LazyFS.available, LazyFS.unavailableReason), .timeLimit(.minutes(TestLimits.repeating(ResilienceRounds.powerCuts))))
struct PowerLossTests {
    static let cuts = ResilienceRounds.powerCuts

    @Test func cutAtRandomMomentsItLosesNothingItReportedDone() async throws {
        let seed = SeededGenerator.seed(from: "TLDROP_POWER_SEED")
        let replay = "replay with TLDROP_POWER_SEED=\(seed)"
        let disk = try LazyFS()
        try await disk.mount()
        do {
            try await Self.cutRepeatedly(on: disk, seed: seed, replay: replay)
        } catch {
            await disk.destroy()
            throw error
        }
        await disk.destroy()
    }

    static func cutRepeatedly(on disk: LazyFS, seed: UInt64, replay: String) async throws {
        try await AgentHarness.with(.agentTest(invoices: 50), in: disk.mountPoint) { harness in
            try harness.writeConfiguration(keepMonths: 2, extra: "[inbox]\nsettle_seconds = 0\n\n[watch]\npoll_seconds = 30\n")
            try await harness.connect()
            var random = SeededGenerator(seed: seed)
            var world = CrashAnywhereTests.World()
            var tally = Tally()
            var fullRun = Duration.milliseconds(1500)
            for cut in 0..<Self.cuts {
                try await world.change(harness, iteration: cut, random: &random)
                harness.sandbox.faults = CrashAnywhereTests.faults(&random)
                let watching = cut % 6 == 5
                let process = try harness.start(watching ? ["watch"] : ["run", "--quiet"])
                try await Task.sleep(for: fullRun * Double.random(in: 0...(watching ? 1.5 : 0.9), using: &random))
                // The cut: frozen first, so that nothing it does after the moment reaches the disk.
                process.signal(SIGSTOP)
                if Bool.random(using: &random) {
                    try disk.clearCache()
                    tally.cacheCleared += 1
                } else {
                    await disk.killProcess()
                    tally.lazyFSKilled += 1
                }
                process.signal(SIGKILL)
                process.signal(SIGCONT)
                if await process.wait().signalled { tally.midRun += 1 }
                try await disk.unmount()
                try await disk.mount()

                let problems = try await Self.problemsAfterCut(harness)
                #expect(problems.isEmpty, "after cut \(cut): \(problems); \(replay)")
                // The next run, Teamleader behaving, converges (a lost refresh-token answer: reconnect).
                harness.sandbox.faults = SandboxFaults()
                let started = ContinuousClock.now
                var runs = 0
                var next = try await harness.spawn(["run", "--quiet"])
                runs += 1
                while next.status != 0 && runs < 5 {
                    if next.status == 77 {
                        #expect(next.errorOutput.contains("tldrop connect"), "\(next.errorOutput)")
                        tally.reconnects += 1
                        _ = try await harness.spawn(["connect", "--refresh-token", harness.sandbox.issueRefreshToken()])
                    }
                    next = try await harness.spawn(["run", "--quiet"])
                    runs += 1
                }
                #expect(next.status == 0, "after cut \(cut), \(runs) runs: \(next.errorOutput); \(replay)")
                fullRun = max(.milliseconds(300), (ContinuousClock.now - started) / runs)
                tally.runsToConverge = max(tally.runsToConverge, runs)
            }
            print(
                "power-loss: \(Self.cuts) cuts (\(tally.cacheCleared) cache cleared, \(tally.lazyFSKilled) LazyFS killed; \(tally.midRun) mid-run), \(tally.reconnects) reconnects, at most \(tally.runsToConverge) runs to converge, \(world.dropped.count) files dropped, \(world.paid.count) invoices paid, seed \(seed)"
            )
            try await RootIntegrity.finalChecks(harness, world: world, replay: replay)
        }
    }

    struct Tally {
        var cacheCleared = 0
        var lazyFSKilled = 0
        var midRun = 0
        var reconnects = 0
        var runsToConverge = 0
    }

    /// What a cut may not leave: a damaged index, a published file without its bytes, an empty file,
    /// unreadable credentials, an archive or file `verify` finds wrong.
    static func problemsAfterCut(_ harness: AgentHarness) async throws -> [String] {
        var problems = try await RootIntegrity.problems(harness)
        let verify = try await harness.spawn(["verify"])
        if verify.status != 0 { problems.append("verify: \(verify.output)\(verify.errorOutput)") }
        return problems
    }
}
