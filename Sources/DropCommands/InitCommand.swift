import ArgumentParser
import DropAgent
import DropFiles
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop init`: a commented `tldrop.toml` and the folders. Never overwrites an existing configuration.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented tldrop.toml and create Inbox/, Outbox/ and .tldrop/.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("start-date"), help: "First day whose documents travel (default: today).")
    var startDate: CalendarDate?
    @Option(name: .customLong("client-id"), help: "The Teamleader integration's client id.") var clientID: String?

    func run() async throws {
        let layout = global.layout
        if FileManager.default.fileExists(atPath: layout.configFile.path) {
            Console.error("Error: '\(layout.configFile.path)' exists already; tldrop never overwrites it")
            throw ExitStatus.configuration.exitCode
        }
        try await reportingErrors {
            for folder in [layout.inbox, layout.outbox, layout.stateDirectory] { try DurableFile.makeDirectory(folder) }
            let start = startDate ?? CalendarDate(SystemClock.now(), timeZone: .current)
            let text = ConfigurationTemplate.render(
                startDate: start,
                teamleader: clientID.map { (TeamleaderConfiguration.productionAPI, TeamleaderConfiguration.productionAuth, $0) })
            switch try DurableFile.publish(Data(text.utf8), in: layout.root, name: "tldrop.toml") {
            case .published, .identical: break
            case .conflict: throw ConfigurationError("'\(layout.configFile.path)' appeared meanwhile; not overwritten")
            }
            // What goes where, for the people who open the folders, in the language just proposed.
            try FolderGuides.write(layout: layout, wording: try ConfigurationLoader(layout: layout, environment: [:]).parse(text).wording)
        }
        if !global.quiet { Console.out(Self.nextSteps(layout: layout, clientID: clientID, environment: ProcessInfo.processInfo.environment)) }
    }

    /// What to do next, given what was already given.
    static func nextSteps(layout: RootLayout, clientID: String?, environment: [String: String]) -> String {
        var steps: [String] = []
        if clientID == nil && environment["TLDROP_CLIENT_ID"] == nil {
            steps.append("set the integration's client id in tldrop.toml ([teamleader] client_id) or TLDROP_CLIENT_ID")
        }
        if environment["TLDROP_CLIENT_SECRET"] == nil {
            steps.append("export TLDROP_CLIENT_SECRET=… (or set client_secret_file in tldrop.toml)")
        }
        steps.append("tldrop connect --map \"Department=Company\" (signs in and writes the mapping)")
        steps.append("tldrop doctor, then tldrop run")
        return "Wrote \(layout.configFile.path), Inbox/README.md, Outbox/README.md and the folders.\nNext:\n"
            + steps.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }
}
