import DropAgent
import Foundation

/// Renders a run's outcome for people (or as JSON with `--json`).
enum OutcomePrinter {
    struct JSONOutcome: Encodable {
        var command: String
        var exitCode: Int32
        var link: LinkHealth
        var repair: String?
        var summary: String
        var corrections: CorrectionsReport?
        var mirror: MirrorReport?
        var inbox: InboxReport?
        var archive: ArchiveReport?
        var push: PushReport?
        var errors: [String]
    }

    static func print(_ outcome: RunOutcome, json: Bool, quiet: Bool) throws {
        if json {
            try Console.json(
                JSONOutcome(
                    command: outcome.command, exitCode: outcome.exitStatus.rawValue, link: outcome.link,
                    repair: outcome.link.repair, summary: outcome.summaryLine, corrections: outcome.corrections,
                    mirror: outcome.mirror, inbox: outcome.inbox, archive: outcome.archive,
                    push: outcome.push,
                    errors: outcome.errors.map { "\($0.stage): \($0.message)" }))
            return
        }
        for error in outcome.errors {
            Console.error("Error: \(error.message)")
        }
        if outcome.link.needsReconnect, let repair = outcome.link.repair {
            Console.error("\(outcome.link.headline)\nTo repair: \(repair)" + (outcome.link.advice.map { "\n(\($0))" } ?? ""))
        }
        // A run that could not start (lock held, no configuration) has nothing more to say.
        guard !quiet, outcome.errors.first?.stage != .start else { return }
        if let corrections = outcome.corrections {
            for path in corrections.deleted { Console.out("Deleted by hand (recorded, not brought back): \(path)") }
            for number in corrections.reimported { Console.out("Re-imported: \(number)") }
            for number in corrections.unchanged { Console.out("Re-import: \(number) is unchanged in Teamleader; nothing moved") }
            for failure in corrections.failedMarkers { Console.out("Marker failed: \(failure)") }
            for path in corrections.adopted { Console.out("Adopted as a manual revision: \(path)") }
            for path in corrections.restored { Console.out("Put back: \(path)") }
            for marker in corrections.waitingMarkers { Console.out("Marker waits for Teamleader: \(marker)") }
        }
        if let mirror = outcome.mirror {
            for company in mirror.companies {
                var line = "\(company.company): \(company.mirrored) mirrored (\(company.filesWritten) files)"
                if company.adopted > 0 { line += ", \(company.adopted) already in place" }
                if !company.changed.isEmpty { line += ", changed after sending: \(company.changed.joined(separator: ", "))" }
                if !company.conflicts.isEmpty { line += ", conflicts: \(company.conflicts.joined(separator: ", "))" }
                if !company.deletedInTeamleader.isEmpty { line += ", deleted in Teamleader: \(company.deletedInTeamleader.joined(separator: ", "))" }
                if !company.failed.isEmpty { line += ", failed: \(company.failed.count)" }
                Console.out(line)
                for path in company.wouldWrite { Console.out("  would write \(path)") }
                for refusal in company.refused { Console.out("  format refused: \(refusal)") }
                for format in company.formatsReceived { Console.out("  format received after a refusal: \(format)") }
                for record in company.unreadable { Console.out("  could not read Teamleader's record \(record); asked for again next run") }
            }
        }
        if let inbox = outcome.inbox {
            for file in inbox.files {
                switch file.result {
                case .rejected:
                    Console.out("Inbox: '\(file.name)' rejected: \(file.reason ?? "") (see \(file.finalPath ?? "Inbox/Rejected/").error.txt)")
                case .duplicate: Console.out("Inbox: '\(file.name)' is a duplicate; applied zero times (\(file.finalPath ?? ""))")
                case .processed:
                    let counts = LineOutcome.Kind.allCases.compactMap { kind in file.count(kind) == 0 ? nil : "\(file.count(kind)) \(kind.summary)" }
                    Console.out("Inbox: '\(file.name)': \(counts.joined(separator: ", ")) (report: \(file.finalPath ?? "").report.txt)")
                }
            }
            for path in inbox.waiting { Console.out("Inbox: \(path) is still being written; read later") }
            for skipped in inbox.skipped { Console.out("Inbox: skipped \(skipped)") }
        }
        if let archive = outcome.archive {
            for path in archive.archives { Console.out("Archived: \(path)") }
            for path in archive.leftLoose { Console.out("Left loose (changed by hand): \(path)") }
        }
        if let push = outcome.push {
            for failure in push.failed { Console.out("Payment refused: \(failure)") }
            for held in push.held { Console.out("Payment held for review: \(held)") }
        }
        let summary = outcome.summaryLine.prefix(1).uppercased() + outcome.summaryLine.dropFirst()
        Console.out(outcome.link.state == .up ? "Up & Running. \(summary)." : "\(summary).")
    }
}
