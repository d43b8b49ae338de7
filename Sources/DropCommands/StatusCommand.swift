import ArgumentParser
import DropAgent
import Foundation

/// `tldrop status`: the link, each company, what needs attention. Reads the index only: no lock, no
/// Teamleader call, safe while a run is going on.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the link's health, each company's documents and what needs attention.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(
        help: """
            Print the metrics in Prometheus's text format (the same as serve's /metrics and [metrics] textfile) and exit 0: \
            the link's state is one of the figures.
            """)
    var metrics = false

    func validate() throws {
        if output.json && metrics { throw ValidationError("--json and --metrics print different things: choose one.") }
    }

    func run() async throws {
        if metrics {
            Console.verbatim(try await withContext(global) { try await AgentMetrics.text(context: $0) })
            return
        }
        let report = try await withContext(global) { try await StatusReport.build(context: $0) }
        if output.json {
            try Console.json(report)
        } else {
            Console.out(StatusFile.render(report))
        }
        if report.link.state == LinkHealth.State.broken.rawValue || report.link.state == LinkHealth.State.notConnected.rawValue {
            throw ExitStatus.linkBroken.exitCode
        }
    }
}
