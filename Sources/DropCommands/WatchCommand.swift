import ArgumentParser
import DropAgent
import DropValues
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `tldrop watch`: the long-running service (systemd `Type=simple`, launchd `KeepAlive`).
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Stay up: read inbox drops within seconds, mirror at 'schedule' (or on SIGHUP); SIGTERM stops it cleanly.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Seconds between looks at the inbox.") var interval: Double = 2

    func run() async throws {
        let logger = global.logger()
        var service = WatchService(layout: global.layout, logger: logger)
        service.pollInterval = .milliseconds(Int64(max(interval, 0.2) * 1000))
        // One line per thing a cycle did, on standard error: the journal (systemd sets JOURNAL_STREAM
        // and stamps each line itself), else a terminal or a log file, which get the time first.
        let journal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
        let quiet = global.quiet
        service.onLines = { lines in
            guard !quiet else { return }
            let stamp = journal ? "" : Self.stamp(SystemClock.now()) + " "
            for line in lines { Console.error(stamp + line) }
        }
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        // ServiceGroup rethrows the service's own error (the lock held, the configuration wrong…).
        try await reportingErrors {
            try await group.run()
        }
    }

    /// `2026-12-07 15:05:03`, the machine's local time.
    static func stamp(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0)
    }
}
