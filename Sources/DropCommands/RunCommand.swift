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
    @Flag(help: "Print the outcome as JSON.") var json = false

    func run() async throws {
        try await runStages(AgentRun.Options(command: "run"), global: global, wait: wait, json: json)
    }
}

/// `tldrop sync`: mirroring only, with its own knobs.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Mirror booked documents from Teamleader into Outbox/ now.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Flag(help: "List everything since the start date (also notices documents deleted in Teamleader).") var full = false
    @Option(help: "Backfill documents dated from this day (yyyy-mm-dd), even before start_date.") var since: String?
    @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false
    @Flag(help: "Print the outcome as JSON.") var json = false

    func validate() throws {
        if let since, CalendarDate(since) == nil { throw ValidationError("--since must be a date as yyyy-mm-dd") }
    }

    func run() async throws {
        let options = AgentRun.Options(
            command: "sync", mirror: MirrorOptions(full: full, since: since.flatMap { CalendarDate($0) }, dryRun: dryRun),
            stages: [.corrections, .mirror])
        try await runStages(options, global: global, wait: wait, json: json)
    }
}

/// `tldrop inbox`: read what accountants dropped and queue its payments (no Teamleader call).
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "Read the payment files in Inbox/ and queue their payments for Teamleader.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Flag(help: "Print the outcome as JSON.") var json = false

    func run() async throws {
        try await runStages(AgentRun.Options(command: "inbox", stages: [.inbox]), global: global, wait: wait, json: json)
    }
}

/// `tldrop push`: register the queued payments in Teamleader.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Register the queued payments in Teamleader, each exactly once.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Flag(help: "Print the outcome as JSON.") var json = false

    func run() async throws {
        try await runStages(AgentRun.Options(command: "push", stages: [.push]), global: global, wait: wait, json: json)
    }
}

/// Runs the stages a command asks for, prints the outcome, and ends with its exit code.
func runStages(_ options: AgentRun.Options, global: GlobalOptions, wait: WaitOptions, json: Bool) async throws {
    var options = options
    options.lockWait = wait.duration
    options.onLockWait = wait.announce(quiet: global.quiet)
    let outcome = await execute(options, global: global)
    try OutcomePrinter.print(outcome, json: json, quiet: global.quiet)
    if outcome.exitStatus != .success { throw outcome.exitStatus.exitCode }
}

func execute(_ options: AgentRun.Options, global: GlobalOptions) async -> RunOutcome {
    let progress = ProgressBar(enabled: !global.quiet)
    let logger = global.logger()
    let run = AgentRun(layout: global.layout, logger: logger, progress: { progress.update($0) })
    let outcome = await withGracefulSignals(logger: logger) { await run.execute(options) }
    progress.finish()
    return outcome
}
