import ArgumentParser
import DropAgent
import Foundation
import Logging
import ServiceLifecycle

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
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            // ServiceGroup rethrows the service's own error (the lock held, the configuration wrong…).
            Console.error("Error: \(error)")
            throw ExitStatus.of(error).exitCode
        }
    }
}
