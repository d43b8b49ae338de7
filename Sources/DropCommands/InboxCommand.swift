import ArgumentParser
import DropAgent
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop inbox`: read what accountants dropped and queue its payments (no Teamleader call).
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "Read the payment files in Inbox/ and queue their payments for Teamleader.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runStages(AgentRun.Options(command: "inbox", stages: [.inbox]), global: global, wait: wait, json: output.json)
    }
}
