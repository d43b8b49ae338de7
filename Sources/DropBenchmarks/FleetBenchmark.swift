import DropAgent
import DropValues
import Foundation
import Logging
import TeamleaderAPI
import TeamleaderSandbox

/// A firm's links on one machine: N roots against N sandbox accounts (one listener each in this
/// process, each with its own 200-a-minute limit), run as a host's scheduler would, a bounded number
/// at a time. Reports the wall time, each agent's peak memory and CPU seconds, for a first run (the
/// client's documents mirrored) and a nightly run with nothing new.
struct FleetBenchmark {
    let binary: String
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    struct Pass {
        var wall: Duration
        var runs: [MeasuredRun.Result]

        var peakMemory: (median: Int, max: Int) {
            let sorted = runs.map(\.peakMemoryBytes).sorted()
            return (sorted[sorted.count / 2], sorted.last ?? 0)
        }
        /// The median run's wall time, and the slowest's.
        var runWall: (median: Double, max: Double) {
            let sorted = runs.map(\.wall.seconds).sorted()
            return (sorted[sorted.count / 2], sorted.last ?? 0)
        }
        /// User plus system CPU seconds a run, the median.
        var cpuSeconds: Double {
            let sorted = runs.map { $0.userSeconds + $0.systemSeconds }.sorted()
            return sorted[sorted.count / 2]
        }
    }

    struct Figures {
        var roots: Int
        var concurrency: Int
        var documents: Int
        var first: Pass
        var nightly: Pass
    }

    /// - Parameters:
    ///   - roots: clients (sandbox accounts and tldrop roots).
    ///   - invoices: invoices of each account.
    ///   - concurrency: runs at a time.
    func run(roots: Int, invoices: Int, concurrency: Int) async throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-fleet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await withAccounts(roots, invoices: invoices, running: []) { accounts in
            var made: [SandboxRoot] = []
            for (index, account) in accounts.enumerated() {
                made.append(
                    try await SandboxRoot.make(at: folder.appendingPathComponent("client-\(index)"), running: account, logger: logger) { text in
                        text += "\n[metrics]\nname = \"client-\(index)\"\ntextfile = \"tldrop.prom\"\n"
                    })
            }
            let documents = accounts.reduce(0) { total, account in
                total + account.sandbox.invoices.filter { $0.status != "draft" }.count + account.sandbox.creditNotes.count
            }
            let first = try await pass(made, concurrency: concurrency)
            let nightly = try await pass(made, concurrency: concurrency)
            return Figures(roots: roots, concurrency: concurrency, documents: documents, first: first, nightly: nightly)
        }
    }

    /// Every root's `tldrop run`, `concurrency` at a time.
    private func pass(_ roots: [SandboxRoot], concurrency: Int) async throws -> Pass {
        let started = ContinuousClock.now
        let runs = try await withThrowingTaskGroup(of: MeasuredRun.Result.self) { group in
            var pending = roots.makeIterator()
            var results: [MeasuredRun.Result] = []
            func startNext() {
                guard let root = pending.next() else { return }
                group.addTask {
                    try await MeasuredRun.measure(binary, ["run", "--quiet", "--root", root.layout.root.path], environment: root.environment)
                }
            }
            for _ in 0..<concurrency { startNext() }
            while let result = try await group.next() {
                guard result.status == 0 else { throw BenchmarkError("a fleet run exited \(result.status): \(result.errorOutput.prefix(300))") }
                results.append(result)
                startNext()
            }
            return results
        }
        return Pass(wall: ContinuousClock.now - started, runs: runs)
    }

    /// Starts `count` sandbox accounts, each on its own loopback port with its own data and limit.
    private func withAccounts<T: Sendable>(
        _ count: Int, invoices: Int, running: [RunningSandbox], _ body: @Sendable ([RunningSandbox]) async throws -> T
    ) async throws -> T {
        guard running.count < count else { return try await body(running) }
        var configuration = SandboxConfiguration()
        configuration.seed = UInt64(running.count + 1)
        configuration.invoices = invoices
        configuration.rateLimit = 200
        configuration.today = CalendarDate("2026-11-15")
        return try await TeamleaderSandbox.withRunning(configuration) { account in
            try await withAccounts(count, invoices: invoices, running: running + [account], body)
        }
    }
}
