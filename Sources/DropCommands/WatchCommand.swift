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
            let cause = (error as? ServiceGroupError).map { _ in error } ?? error
            Console.error("Error: \(Self.describe(cause))")
            throw ExitStatus.of(Self.unwrap(cause)).exitCode
        }
    }

    /// ServiceGroup wraps a service's error; the admin wants the service's own message.
    static func unwrap(_ error: any Error) -> any Error {
        let mirror = Mirror(reflecting: error)
        for child in mirror.children {
            if let inner = child.value as? any Error { return unwrap(inner) }
        }
        return error
    }

    static func describe(_ error: any Error) -> String { "\(unwrap(error))" }
}
