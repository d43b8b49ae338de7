import ArgumentParser
import DropAgent
import DropIndex
import Foundation
import TeamleaderAPI

/// `tldrop reimport NUMBER`: what a `.reimport` marker does, from the command line.
struct ReimportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reimport",
        abstract: "Download a document's current version; the old files go to the month's archive under superseded/.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Argument(help: "The document's number (2026/42, 2026-42, CN-2026-5).") var number: String
    @Option(help: "The company, when the number exists in several.") var company: String?

    func run() async throws {
        let run = AgentRun(layout: global.layout, logger: global.logger())
        try await reportingErrors {
            let result = try await run.withLock("reimport", waiting: wait.duration, onWait: wait.announce(quiet: global.quiet)) {
                try await DocumentActions(context: $0).reimport(number: number, company: company)
            }
            if !global.quiet { Console.out(result.summary) }
        }
    }
}
