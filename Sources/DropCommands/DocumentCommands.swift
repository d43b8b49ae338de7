import ArgumentParser
import DropAgent
import DropIndex
import Foundation
import TeamleaderAPI

/// `tldrop log NUMBER`: a document's whole timeline.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show a document's timeline: mirrored, changed in Teamleader, deleted, re-imported, archived, paid, reported.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The document's number: 2026/42, \"2026 / 42\", 2026-42, or CN-2026-5 for a credit note.") var number: String
    @Option(help: "The company, when the number exists in several.") var company: String?

    func run() async throws {
        let timeline = try await withContext(global) { try await DocumentActions(context: $0).timeline(number: number, company: company) }
        let document = timeline.document
        Console.out(
            "\(document.kind == .creditNote ? "Credit note" : "Invoice") \(document.number) — \(document.company), \(document.customer), dated \(document.documentDate), \(document.total) \(document.currency)"
        )
        Console.out(
            "Teamleader id \(document.id); revision \(document.revision) (\(document.source.rawValue)); Teamleader status \(document.remoteStatus)\(document.remotePaid ? ", paid" : "")"
        )
        for event in timeline.events {
            Console.out("  \(StatusFile.stamp(event.at))  \(event.kind.rawValue)\(event.detail.map { ": \($0)" } ?? "")")
        }
        for file in timeline.files {
            Console.out("  file r\(file.revision) \(file.format): \(file.path) [\(file.state.rawValue)\(file.archive.map { " in \($0)" } ?? "")]")
        }
        for payment in timeline.payments {
            Console.out(
                "  payment \(payment.amount.map(DecimalText.money) ?? "open amount") paid \(payment.paidAt): \(payment.state.rawValue)\(payment.lastError.map { " (\(Words.stored($0)))" } ?? "")"
            )
        }
        for refusal in timeline.refusals {
            Console.out(
                "  format \(refusal.format) refused \(refusal.attempts)×: \(Words.stored(refusal.reason)); asked again \(StatusFile.stamp(refusal.nextAttemptAt))"
            )
        }
    }
}

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
        do {
            let result = try await run.withLock("reimport", waiting: wait.duration, onWait: wait.announce(quiet: global.quiet)) {
                try await DocumentActions(context: $0).reimport(number: number, company: company)
            }
            if !global.quiet { Console.out(result.summary) }
        } catch {
            Console.error("Error: \(error)")
            throw ExitStatus.of(error).exitCode
        }
    }
}

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
        let written: [String]
        do {
            written = try await run.withLock("restore", waiting: wait.duration, onWait: wait.announce(quiet: global.quiet)) {
                try await DocumentActions(context: $0).restore(number: number, company: company, to: destination)
            }
        } catch {
            Console.error("Error: \(error)")
            throw ExitStatus.of(error).exitCode
        }
        guard !global.quiet else { return }
        Console.out(written.isEmpty ? "Nothing to restore: the files are in place." : written.map { "Restored \($0)" }.joined(separator: "\n"))
    }
}

/// `tldrop archive`: pack closed months now.
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Pack closed months into verified archives (Outbox/<Company>/Archive/, Inbox/Processed/).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Option(help: "Pack this month (yyyy-mm) only, even if it is still open.") var month: String?
    @Flag(help: "Print the outcome as JSON.") var json = false

    func validate() throws {
        if let month, Month(month) == nil { throw ValidationError("--month must be a month as yyyy-mm") }
    }

    func run() async throws {
        // Asked for by hand: closed months are packed now, whatever archive.min_loose_days says.
        var options = AgentRun.Options(command: "archive", stages: [.archive], archiveMonth: month.flatMap { Month($0) })
        options.archiveAtOnce = true
        try await runStages(options, global: global, wait: wait, json: json)
    }
}

/// `tldrop verify`: re-read every archive against the index.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Re-read every archive against the index; exit 65 when a member is missing, extra or changed.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the result as JSON.") var json = false

    func run() async throws {
        let checks = try await withContext(global) { try await DocumentActions(context: $0).verify() }
        if json {
            try Console.json(checks)
        } else if !global.quiet || checks.contains(where: { !$0.isClean }) {
            for check in checks {
                if check.isClean {
                    if !global.quiet { Console.out("ok       \(check.archive) (\(check.members) members)") }
                    continue
                }
                Console.out("PROBLEM  \(check.archive)")
                if let unreadable = check.unreadable { Console.out("  cannot be read: \(unreadable)") }
                for member in check.missing { Console.out("  missing: \(member)") }
                for member in check.extra { Console.out("  extra:   \(member)") }
                for member in check.changed { Console.out("  changed: \(member)") }
            }
            if checks.isEmpty, !global.quiet { Console.out("No archive yet.") }
        }
        if checks.contains(where: { !$0.isClean }) { throw ExitStatus.dataError.exitCode }
    }
}
