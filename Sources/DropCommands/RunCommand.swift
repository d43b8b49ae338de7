import ArgumentParser
import DropAgent
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop run`: what a scheduler calls.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Do everything once: mirror, corrections, inbox, payments, archive, STATUS.md (for cron and systemd).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runStages(AgentRun.Options(command: "run"), global: global, wait: wait, json: output.json)
    }
}
