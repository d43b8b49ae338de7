import ArgumentParser
import DropAgent
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop sync`: mirroring only, with its own knobs.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Mirror booked documents from Teamleader into Outbox/ now.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Flag(help: "List everything since the start date (also notices documents deleted in Teamleader).") var full = false
    @Option(help: "Backfill documents dated from this day, even before start_date.") var since: CalendarDate?
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let options = AgentRun.Options(
            command: "sync", mirror: MirrorOptions(full: full, since: since, dryRun: dryRun),
            stages: [.corrections, .mirror])
        try await runStages(options, global: global, wait: wait, json: output.json)
    }
}
