import ArgumentParser
import DropAgent
import DropIndex
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop archive`: pack closed months now.
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Pack closed months into verified archives (Outbox/<Company>/Archive/, Inbox/Processed/).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Option(help: "Pack this month only, even if it is still open.") var month: Month?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        // Asked for by hand: closed months are packed now, whatever archive.min_loose_days says.
        var options = AgentRun.Options(command: "archive", stages: [.archive], archiveMonth: month)
        options.archiveAtOnce = true
        try await runStages(options, global: global, wait: wait, json: output.json)
    }
}
