import Archives
import ArgumentParser
import Foundation

/// `tldrop-bench`: the measurements the README reports, printed as a table. Figures, not pass/fail:
/// these machines are noisy, so nothing here is a timed test.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tldrop-bench", abstract: "Measure tldrop and print the figures the README reports.")

    @Option(help: "Which measurements: mirror (with the idle run), mirror-rate, payments, intake, archive, watch, status, fleet, or all.") var only:
        [String] = ["all"]
    @Option(name: .customLong("status-documents"), help: "Documents in the index `status` reads.") var statusDocuments = 1_000_000
    @Option(name: .customLong("archive-documents"), help: "Documents in the archived month.") var archiveDocuments = 10_000
    @Option(name: .customLong("archive-runs"), help: "Runs of each archive measurement; the medians are shown (the disk is the noisiest part).")
    var archiveRuns = 3
    @Option(name: .customLong("archive-document-bytes"), help: "Bytes of each archived document.") var archiveDocumentBytes = 100_000
    @Option(name: .customLong("intake-lines"), help: "Lines of each intake file.") var intakeLines = 100_000
    @Option(name: .customLong("intake-memory-lines"), help: "Lines of the CSV that shows memory stays flat, against an index as large (0 skips it).")
    var intakeMemoryLines = 1_000_000
    @Option(name: .customLong("intake-format"), help: "Intake formats to measure: csv, camt.053, CODA, MT940, bank JSON (default: all).")
    var intakeFormats: [String] = []
    @Option(help: "Invoices for the mirror measurement.") var invoices = 10_000
    @Option(name: .customLong("rate-invoices"), help: "Invoices for the rate-limited measurement.") var rateInvoices = 300
    @Option(name: .customLong("payment-invoices"), help: "Invoices in the sandbox of the payment measurement (a third are paid).")
    var paymentInvoices = 600
    @Option(name: .customLong("watch-bookings"), help: "Invoices booked while `watch` runs.") var watchBookings = 20
    @Option(name: .customLong("watch-poll"), help: "`watch.poll_seconds` for the watch measurement (at least 30).") var watchPoll = 30
    @Option(name: .customLong("fleet-roots"), help: "Roots (clients) of each fleet measurement.") var fleetRoots = [1, 10, 50, 200]
    @Option(name: .customLong("fleet-invoices"), help: "Invoices of each fleet client's Teamleader account.") var fleetInvoices = 20
    @Option(name: .customLong("fleet-concurrency"), help: "Fleet runs at a time (default: twice the cores).")
    var fleetConcurrency = 2 * ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "The tldrop binary to measure (default: beside this one).") var binary: String?

    /// `benchmarks/peer_intake.py`, found from the working directory (`scripts/bench` runs from the root).
    var peerScript: String? {
        let path = FileManager.default.currentDirectoryPath + "/benchmarks/peer_intake.py"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    func run() async throws {
        let tldrop =
            binary
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("tldrop").path
        guard FileManager.default.isExecutableFile(atPath: tldrop) else {
            throw BenchmarkError("no tldrop binary at \(tldrop); build it first (swift build -c release)")
        }
        let wanted = Set(only)
        let all = wanted.contains("all")
        var table = Table()
        print("machine: \(Machine.describe())\n")
        if all || wanted.contains("mirror") {
            let figures = try await MirrorBenchmark(binary: tldrop).run(invoices: invoices, rateLimit: 0, latency: .zero)
            let seconds = figures.wall.seconds
            table.add(
                "mirror", "documents a second (\(figures.documents) documents, \(figures.files) files, no rate limit)",
                String(format: "%.0f", Double(figures.documents) / seconds))
            table.add("mirror", "wall time", String(format: "%.1f s", seconds))
            table.add("mirror", "peak memory of tldrop run", Table.megabytes(figures.peakMemoryBytes))
            table.add(
                "mirror", "API calls a document (floor)",
                String(format: "%.3f (%.3f)", Double(figures.calls) / Double(figures.documents), Double(figures.floor) / Double(figures.documents)))
            table.add("mirror", "API calls (floor)", "\(figures.calls) (\(figures.floor))")
            table.add(
                "mirror", "calls besides downloads",
                figures.otherCalls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            let idle = "run with nothing to do (\(figures.documents) documents mirrored)"
            table.add(idle, "wall time", String(format: "%.2f s", figures.idle.wall.seconds))
            table.add(idle, "API calls", "\(figures.idleCalls)")
            table.add(idle, "peak memory", Table.megabytes(figures.idle.peakMemoryBytes))
        }
        if all || wanted.contains("mirror-rate") {
            let figures = try await MirrorBenchmark(binary: tldrop).run(invoices: rateInvoices, rateLimit: 200, latency: .milliseconds(50))
            table.add("mirror, --rate-limit 200 --latency 50", "requests in the busiest minute", "\(figures.busiestMinute)")
            table.add("mirror, --rate-limit 200 --latency 50", "requests a minute over the run", String(format: "%.0f", figures.meanPerMinute))
            table.add("mirror, --rate-limit 200 --latency 50", "429 answers", "\(figures.rateLimited)")
            table.add("mirror, --rate-limit 200 --latency 50", "wall time (\(figures.calls) calls)", String(format: "%.1f s", figures.wall.seconds))
            table.add("mirror, --rate-limit 200 --latency 50", "peak memory of tldrop run", Table.megabytes(figures.peakMemoryBytes))
        }
        if all || wanted.contains("payments") {
            let figures = try await PaymentBenchmark(binary: tldrop).run(invoices: paymentInvoices, latency: .milliseconds(50))
            let area = "payments, --rate-limit 200 --latency 50 (\(figures.registered) registered)"
            table.add(
                area, "API calls a registered payment (floor 1 + 1/100)",
                String(format: "%.3f", Double(figures.calls) / Double(max(1, figures.registered))))
            table.add(area, "429 answers", "\(figures.rateLimited)")
            table.add(area, "wall time (\(figures.calls) calls)", String(format: "%.1f s", figures.wall.seconds))
        }
        if all || wanted.contains("intake") {
            let kinds = [IntakeBenchmark.Kind.csv, .camt053, .coda, .mt940, .bankJSON]
            var csvPeak: Int?
            for kind in kinds where intakeFormats.isEmpty || intakeFormats.contains(kind.rawValue) {
                // Beside the peer, five runs each, alternating, and the medians: one run of either swings
                // the ratio by a tenth on this machine.
                var runs: [IntakeBenchmark.Figures] = []
                for _ in 0..<(kind == .csv ? 5 : 1) {
                    runs.append(
                        try await IntakeBenchmark(binary: tldrop)
                            .run(kind: kind, lines: intakeLines, documents: 100_000, peer: kind == .csv ? peerScript : nil))
                }
                var figures = runs.sorted { $0.wall < $1.wall }[runs.count / 2]
                figures.peer = runs.compactMap(\.peer).sorted { $0.wall < $1.wall }.dropFirst(runs.count / 2).first
                if kind == .csv { csvPeak = figures.peakMemoryBytes }
                let area =
                    "intake, \(kind.rawValue) (\(figures.lines) lines, index of 100,000\(runs.count > 1 ? ", median of \(runs.count) runs" : ""))"
                let pace = Double(figures.lines) / figures.wall.seconds
                table.add(area, "tldrop inbox: lines a second (parse, match, queue)", String(format: "%.0f", pace))
                table.add(area, "tldrop inbox: wall time (\(figures.queued) payments queued)", String(format: "%.2f s", figures.wall.seconds))
                table.add(area, "tldrop inbox: peak memory", Table.megabytes(figures.peakMemoryBytes))
                if let peer = figures.peer {
                    let peerPace = Double(figures.lines) / peer.wall.seconds
                    table.add(area, "Python peer (csv + sqlite3): lines a second", String(format: "%.0f", peerPace))
                    table.add(
                        area, "Python peer: wall time (\(figures.peerQueued ?? 0) payments queued)", String(format: "%.2f s", peer.wall.seconds))
                    table.add(area, "Python peer: peak memory", Table.megabytes(peer.peakMemoryBytes))
                    table.add(area, "tldrop / peer pace", String(format: "%.2f×", pace / peerPace))
                }
            }
            if intakeMemoryLines > 0, intakeFormats.isEmpty || intakeFormats.contains("csv") {
                let figures = try await IntakeBenchmark(binary: tldrop).run(kind: .csv, lines: intakeMemoryLines, documents: intakeMemoryLines)
                let area = "intake, csv (\(figures.lines) lines, index of \(intakeMemoryLines))"
                table.add(area, "tldrop inbox: lines a second", String(format: "%.0f", Double(figures.lines) / figures.wall.seconds))
                table.add(area, "tldrop inbox: peak memory", Table.megabytes(figures.peakMemoryBytes))
                if let csvPeak {
                    table.add(
                        area, "peak memory against \(intakeLines) lines",
                        String(format: "%+.1f %%", 100 * (Double(figures.peakMemoryBytes) / Double(csvPeak) - 1)))
                }
            }
        }
        if all || wanted.contains("archive") {
            for format in [ArchiveFormat.zip, .tarZstd] {
                var runs: [ArchiveBenchmark.Figures] = []
                for _ in 0..<max(1, archiveRuns) {
                    runs.append(
                        try await ArchiveBenchmark(binary: tldrop)
                            .run(format: format, documents: archiveDocuments, bytesPerDocument: archiveDocumentBytes))
                }
                // The run with the median tldrop time speaks for its phases; each peer's time is its own median.
                var figures = runs.sorted { $0.tldrop.wall < $1.tldrop.wall }[runs.count / 2]
                figures.bsdtar = runs.compactMap(\.bsdtar).sorted { $0.wall < $1.wall }.dropFirst(runs.count / 2).first
                figures.bsdtarSynced = runs.compactMap(\.bsdtarSynced).sorted { $0.wall < $1.wall }.dropFirst(runs.count / 2).first
                figures.fairPeer = runs.compactMap(\.fairPeer).sorted { $0.wall < $1.wall }.dropFirst(runs.count / 2).first
                let area =
                    "archive, \(format.rawValue) (\(figures.documents) documents, \(Table.megabytes(Int(figures.bytes))), median of \(runs.count) runs)"
                table.add(
                    area, "tldrop archive: seconds (write, fsync, read back, verify, remove loose)",
                    String(format: "%.1f s", figures.tldrop.wall.seconds))
                table.add(area, "tldrop archive: peak memory", Table.megabytes(figures.tldrop.peakMemoryBytes))
                if let write = figures.phase("write"), let verify = figures.phase("verify"), let record = figures.phase("record"),
                    let remove = figures.phase("remove")
                {
                    table.add(
                        area, "… of which: write + fsync / read back + verify / record / remove loose",
                        String(format: "%.1f / %.1f / %.1f / %.1f s", write, verify, record, remove))
                }
                if let bsdtar = figures.bsdtar {
                    table.add(area, "bsdtar on the same files: seconds", String(format: "%.1f s", bsdtar.wall.seconds))
                    table.add(area, "bsdtar: peak memory", Table.megabytes(bsdtar.peakMemoryBytes))
                    table.add(area, "tldrop / bsdtar time", String(format: "%.2f×", figures.tldrop.wall.seconds / bsdtar.wall.seconds))
                }
                if let fair = figures.fairPeer {
                    table.add(
                        area, "fair peer (bsdtar, fsync, read back hashing every member, rm loose, folder fsync): seconds",
                        String(format: "%.1f s", fair.wall.seconds))
                    table.add(area, "tldrop / fair peer time (goal ≤ 1.2×)", String(format: "%.2f×", figures.tldrop.wall.seconds / fair.wall.seconds))
                }
                if let synced = figures.bsdtarSynced {
                    table.add(area, "bsdtar then fsync of its archive: seconds", String(format: "%.1f s", synced.wall.seconds))
                    table.add(area, "tldrop / (bsdtar + fsync) time", String(format: "%.2f×", figures.tldrop.wall.seconds / synced.wall.seconds))
                }
            }
        }
        if all || wanted.contains("watch") {
            let figures = try await WatchBenchmark(binary: tldrop).run(bookings: watchBookings, drops: 10, pollSeconds: watchPoll)
            let area = "watch, poll_seconds = \(figures.pollSeconds)"
            let booked = figures.bookingToOutbox.sorted()
            table.add(
                area, "booking to outbox: median of \(booked.count) bookings (min–max)",
                String(format: "%.1f s (%.1f–%.1f)", booked[booked.count / 2], booked.first ?? 0, booked.last ?? 0))
            let closed = figures.closeToQueued.sorted()
            table.add(
                area, "inbox file closed to payment queued: median of \(closed.count) (min–max)",
                String(format: "%.2f s (%.2f–%.2f)", closed[closed.count / 2], closed.first ?? 0, closed.last ?? 0))
        }
        if all || wanted.contains("status") {
            let figures = try await StatusBenchmark(binary: tldrop).run(documents: statusDocuments)
            let area = "status on an index of \(figures.documents) documents (\(Table.megabytes(Int(figures.indexBytes))) SQLite)"
            table.add(area, "tldrop status: wall time", String(format: "%.2f s", figures.text.wall.seconds))
            table.add(area, "tldrop status --json: wall time", String(format: "%.2f s", figures.json.wall.seconds))
            table.add(area, "peak memory", Table.megabytes(max(figures.text.peakMemoryBytes, figures.json.peakMemoryBytes)))
        }
        if all || wanted.contains("fleet") {
            try await fleet(into: &table, binary: tldrop)
        }
        print(table.render())
    }

    /// The fleet: for each size, the first runs and a nightly pass, and how a run's cost grows with N.
    private func fleet(into table: inout Table, binary: String) async throws {
        var single: FleetBenchmark.Figures?
        for roots in fleetRoots {
            let figures = try await FleetBenchmark(binary: binary).run(roots: roots, invoices: fleetInvoices, concurrency: fleetConcurrency)
            if single == nil { single = figures }
            let area = "fleet, \(roots) root\(roots == 1 ? "" : "s") (\(figures.documents) documents, \(figures.concurrency) runs at a time)"
            for (name, pass) in [("first runs", figures.first), ("nightly runs", figures.nightly)] {
                table.add(
                    area, "\(name): wall time (\(String(format: "%.1f", 60 * Double(roots) / pass.wall.seconds)) runs a minute)",
                    String(format: "%.1f s", pass.wall.seconds))
                let (wall, slowest) = pass.runWall
                table.add(area, "\(name): wall time of a run, median (slowest)", String(format: "%.2f s (%.2f s)", wall, slowest))
                let (median, max) = pass.peakMemory
                table.add(area, "\(name): peak memory of an agent, median (max)", "\(Table.megabytes(median)) (\(Table.megabytes(max)))")
                table.add(area, "\(name): CPU seconds a run, median", String(format: "%.2f s", pass.cpuSeconds))
            }
            if let single, roots > single.roots {
                let perRoot = figures.nightly.wall.seconds / Double(roots)
                let alone = single.nightly.wall.seconds / Double(single.roots)
                table.add(
                    area, "nightly: wall time a root / CPU a run, against \(single.roots) root",
                    String(format: "%.2f× / %.2f×", perRoot / alone, figures.nightly.cpuSeconds / single.nightly.cpuSeconds))
            }
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
