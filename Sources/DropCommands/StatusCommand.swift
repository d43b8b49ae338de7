import ArgumentParser
import DropAgent
import Foundation

/// `tldrop status`: the link, each company, what needs attention. Reads the index only: no lock, no
/// Teamleader call, safe while a run is going on.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the link's health, each company's documents and what needs attention.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the status as JSON.") var json = false

    func run() async throws {
        let report = try await withContext(global) { try await StatusReport.build(context: $0) }
        if json {
            try Console.json(report)
        } else {
            Console.out(StatusFile.render(report))
        }
        if report.link.state == LinkHealth.State.broken.rawValue || report.link.state == LinkHealth.State.notConnected.rawValue {
            throw ExitStatus.linkBroken.exitCode
        }
    }
}
