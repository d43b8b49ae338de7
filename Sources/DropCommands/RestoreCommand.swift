import ArgumentParser
import DropAgent
import DropIndex
import Foundation
import TeamleaderAPI

/// `tldrop restore NUMBER`: a document's files back, from the folder or the archive.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a document's current files from the outbox or its archive (never overwriting).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Argument(help: "The document's number (2026/42, 2026-42, CN-2026-5).") var number: String
    @Option(help: "The company, when the number exists in several.") var company: String?
    @Option(help: "Where to put the files (default: back into Outbox/<Company>/).") var to: String?

    func run() async throws {
        let destination = to.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let run = AgentRun(layout: global.layout, logger: global.logger())
        let written = try await reportingErrors {
            try await run.withLock("restore", waiting: wait.duration, onWait: wait.announce(quiet: global.quiet)) {
                try await DocumentActions(context: $0).restore(number: number, company: company, to: destination)
            }
        }
        guard !global.quiet else { return }
        Console.out(written.isEmpty ? "Nothing to restore: the files are in place." : written.map { "Restored \($0)" }.joined(separator: "\n"))
    }
}
