import ArgumentParser
import DropAgent
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop push`: register the queued payments in Teamleader.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Register the queued payments in Teamleader, each exactly once.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runStages(AgentRun.Options(command: "push", stages: [.push]), global: global, wait: wait, json: output.json)
    }
}
