import DropAgent
import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import TeamleaderAPI
import TeamleaderSandbox

/// The real `tldrop watch` in a child process against the sandbox: seconds from booking an invoice in
/// Teamleader to its files in the outbox (polled every `watch.poll_seconds`), and from closing an inbox
/// file to its payment queued.
struct WatchBenchmark {
    let binary: String
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    struct Figures {
        var pollSeconds: Int
        /// Seconds from each booking to its document mirrored, in booking order.
        var bookingToOutbox: [Double]
        /// Seconds from each inbox file's close to its payment in the index.
        var closeToQueued: [Double]
    }

    func run(bookings: Int, drops: Int, pollSeconds: Int) async throws -> Figures {
        var configuration = SandboxConfiguration()
        configuration.invoices = 30
        configuration.today = CalendarDate("2026-11-15")
        return try await TeamleaderSandbox.withRunning(configuration) { running in
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-bench-watch-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let made = try await SandboxRoot.make(at: root, running: running, logger: logger) { text in
                text = text.replacingOccurrences(of: "poll_seconds = 300", with: "poll_seconds = \(pollSeconds)")
            }
            let (layout, companies, sandbox) = (made.layout, made.companies, running.sandbox)
            let environment = ProcessInfo.processInfo.environment.merging(made.environment) { _, new in new }

            let watch = try ChildProcess(binary, ["watch", "--quiet", "--root", root.path], environment: environment)
            // Stopped as a service manager would (SIGTERM, then SIGKILL) and reaped, however the measuring ends.
            let measured: Result<Figures, any Error>
            do {
                measured = .success(
                    try await { () async throws -> Figures in
                        guard try await Self.until(.seconds(300), { FileManager.default.fileExists(atPath: layout.statusFile.path) }) else {
                            throw BenchmarkError("tldrop watch did not finish its first cycle")
                        }
                        let index = try DropIndex(path: layout.indexFile.path)

                        // Bookings at spread moments of the poll period, each timed on its own.
                        var figures = Figures(pollSeconds: pollSeconds, bookingToOutbox: [], closeToQueued: [])
                        var random = SplitMix64(seed: 7)
                        let department = sandbox.departments[0].id
                        var pending: [(id: String, at: ContinuousClock.Instant)] = []
                        for _ in 0..<bookings {
                            let booked = try sandbox.bookInvoice(departmentID: department, date: sandbox.today)
                            pending.append((booked.id, .now))
                            let pause = Double(random.next() % 1_000) / 1_000 * Double(pollSeconds) / 2
                            try await Self.watchArrivals(&pending, index: index, for: .seconds(pause), into: &figures.bookingToOutbox)
                        }
                        while !pending.isEmpty {
                            try await Self.watchArrivals(
                                &pending, index: index, for: .seconds(Double(pollSeconds) * 3), into: &figures.bookingToOutbox)
                            if !pending.isEmpty { throw BenchmarkError("\(pending.count) booked invoices never reached the outbox") }
                        }

                        // Inbox files: written, closed, then timed until their payment is in the index.
                        // Into the first company's folder: numbers repeat across departments.
                        let folder = layout.inbox.appendingPathComponent(companies[0].name, isDirectory: true)
                        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                        let open = sandbox.invoices.filter { $0.status == "outstanding" && $0.number != nil && $0.departmentID == department }
                        for (position, invoice) in open.prefix(drops).enumerated() {
                            let before = try await index.paymentCounts().values.reduce(0, +)
                            let url = folder.appendingPathComponent("drop-\(position).csv")
                            try Data("Factuurnummer;Betaald\n\(invoice.number!);ja\n".utf8).write(to: url)
                            let closed = ContinuousClock.now
                            guard try await Self.until(.seconds(60), { try await index.paymentCounts().values.reduce(0, +) > before }) else {
                                throw BenchmarkError("an inbox file's payment was not queued within a minute")
                            }
                            figures.closeToQueued.append((ContinuousClock.now - closed).seconds)
                        }
                        return figures
                    }())
            } catch {
                measured = .failure(error)
            }
            _ = await watch.stop()
            return try measured.get()
        }
    }

    /// Looks every 50 ms for `duration`, moving each booking that reached the index to `arrived`.
    private static func watchArrivals(
        _ pending: inout [(id: String, at: ContinuousClock.Instant)], index: DropIndex, for duration: Duration, into arrived: inout [Double]
    ) async throws {
        let end = ContinuousClock.now + duration
        repeat {
            if !pending.isEmpty {
                let known = try await index.documents(ids: pending.map(\.id))
                let now = ContinuousClock.now
                for (id, at) in pending where known[id]?.state == .mirrored { arrived.append((now - at).seconds) }
                pending.removeAll { known[$0.id]?.state == .mirrored }
            }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < end
    }

    private static func until(_ timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
