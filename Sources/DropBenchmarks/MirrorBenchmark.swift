import DropAgent
import DropValues
import Foundation
import Logging
import TeamleaderAPI
import TeamleaderSandbox

/// Mirrors a seeded sandbox with the real `tldrop run` in a child process and reports its pace, its
/// peak memory and how many API calls it needed against the floor.
struct MirrorBenchmark {
    let binary: String
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    struct Figures {
        var documents: Int
        var files: Int
        var wall: Duration
        var peakMemoryBytes: Int
        var calls: Int
        var floor: Int
        /// Calls other than downloads, by endpoint: where the calls above one a document go.
        var otherCalls: [String: Int]
        var rateLimited: Int
        var busiestMinute: Int
        var meanPerMinute: Double
        /// A second `tldrop run` right after, with nothing to do.
        var idle: MeasuredRun.Result
        var idleCalls: Int
    }

    /// - Parameters:
    ///   - rateLimit: the sandbox's limit per minute (0: none).
    ///   - latency: added to every API call.
    func run(invoices: Int, rateLimit: Int, latency: Duration) async throws -> Figures {
        var configuration = SandboxConfiguration()
        configuration.invoices = invoices
        configuration.rateLimit = rateLimit
        configuration.latency = latency
        configuration.today = CalendarDate("2026-11-15")
        return try await TeamleaderSandbox.withRunning(configuration) { running in
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let made = try await SandboxRoot.make(at: root, running: running, logger: logger) { text in
                // e-fff embeds the PDF: one download call a document.
                text = text.replacingOccurrences(of: #"formats = ["pdf", "ubl/peppol_bis_3"]"#, with: #"formats = ["pdf", "ubl/e-fff"]"#)
                // Without a server limit the client's own default (200 a minute) would be what is measured.
                if rateLimit == 0 { text += "\n[sync]\nconcurrency = 8\n" }
                text = text.replacingOccurrences(of: "[teamleader]\n", with: "[teamleader]\nrate_limit = \(rateLimit == 0 ? 1_000_000 : 200)\n")
            }
            let (environment, sandbox) = (made.environment, running.sandbox)
            let countsBefore = sandbox.requestCounts
            let before = countsBefore.filter { !$0.key.hasPrefix("oauth2") }.values.reduce(0, +)
            let arrivalsBefore = sandbox.apiArrivals.count
            let refusedBefore = sandbox.rateLimitedCount

            let result = try MeasuredRun.run(binary, ["run", "--quiet", "--root", root.path], environment: environment)
            guard result.status == 0 else { throw BenchmarkError("tldrop run exited \(result.status)") }

            let counts = sandbox.requestCounts.filter { !$0.key.hasPrefix("oauth2") }
            let calls = counts.values.reduce(0, +) - before
            let otherCalls = counts.compactMapValues { $0 }.filter { !$0.key.hasSuffix(".download") && !$0.key.hasPrefix("files") }
                .map { ($0.key, $0.value - countsBefore[$0.key, default: 0]) }.filter { $0.1 > 0 }
                .reduce(into: [String: Int]()) { $0[$1.0] = $1.1 }
            let documents = sandbox.invoices.filter { $0.status != "draft" }.count + sandbox.creditNotes.count
            let files = (sandbox.invoices.filter { $0.status != "draft" }.count + sandbox.creditNotes.count) * 2
            // The floor: one download per document (its PDF comes inside its e-fff), one list per started
            // 100 documents per department and kind, and the departments.
            var lists = 0
            for department in sandbox.departments {
                let invoiceCount = sandbox.invoices.filter { $0.departmentID == department.id && $0.status != "draft" }.count
                let noteCount = sandbox.creditNotes.filter { $0.departmentID == department.id }.count
                lists += invoiceCount / 100 + 1 + noteCount / 100 + 1
            }
            let arrivals = Array(sandbox.apiArrivals.dropFirst(arrivalsBefore))
            let afterFirst = sandbox.requestCounts.filter { !$0.key.hasPrefix("oauth2") }.values.reduce(0, +)
            let idle = try MeasuredRun.run(binary, ["run", "--quiet", "--root", root.path], environment: environment)
            guard idle.status == 0 else { throw BenchmarkError("the second tldrop run exited \(idle.status)") }
            let idleCalls = sandbox.requestCounts.filter { !$0.key.hasPrefix("oauth2") }.values.reduce(0, +) - afterFirst
            return Figures(
                documents: documents, files: files, wall: result.wall, peakMemoryBytes: result.peakMemoryBytes,
                calls: calls, floor: documents + lists + 1, otherCalls: otherCalls, rateLimited: sandbox.rateLimitedCount - refusedBefore,
                busiestMinute: Self.busiestMinute(arrivals), meanPerMinute: Self.meanPerMinute(arrivals), idle: idle, idleCalls: idleCalls)
        }
    }

    /// The most calls that arrived within any 60 seconds.
    static func busiestMinute(_ arrivals: [Date]) -> Int {
        var best = 0
        var start = 0
        for end in arrivals.indices {
            while arrivals[end].timeIntervalSince(arrivals[start]) >= 60 { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }

    /// Calls a minute over the run's full minutes (the last, partial minute left out).
    static func meanPerMinute(_ arrivals: [Date]) -> Double {
        guard let first = arrivals.first, let last = arrivals.last else { return 0 }
        let minutes = Int(last.timeIntervalSince(first) / 60)
        guard minutes > 0 else { return Double(arrivals.count) }
        let inFull = arrivals.filter { $0.timeIntervalSince(first) < Double(minutes * 60) }.count
        return Double(inFull) / Double(minutes)
    }
}
