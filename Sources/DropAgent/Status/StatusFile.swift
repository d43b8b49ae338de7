import DropFiles
import DropIndex
package import Foundation
import TeamleaderAPI
package import Wording

/// `Outbox/STATUS.md`: the link's health and what needs attention, rewritten by every run, for the admin
/// who only opens the folder.
package enum StatusFile {
    package static func write(_ report: StatusReport, to layout: RootLayout, wording: Wording = .english) throws {
        try DurableFile.makeDirectory(layout.outbox)
        try DurableFile.replace(Data(render(report, wording: wording).utf8), at: layout.statusFile)
    }

    package static func render(_ report: StatusReport, wording w: Wording = .english) -> String {
        var lines = ["# " + w(.statusTitle), ""]
        let state = LinkHealth.State(rawValue: report.link.state) ?? .unknown
        if state == .up {
            lines.append("**\(w(.linkUp)).** " + w(.linkChecked, w.stamp(report.link.checkedAt)))
        } else {
            lines.append("**\(LinkHealth.headline(state, detail: report.link.detail, wording: w))**")
            let advice = LinkHealth.advice(state, wording: w)
            if let repair = report.link.repair {
                lines += ["", w(.toRepair, repair) + (advice.map { " (\($0))" } ?? "")]
            } else if let advice {
                lines += ["", advice.prefix(1).uppercased() + advice.dropFirst() + "."]
            }
        }
        if let run = report.lastRun {
            lines += ["", w(.lastRun, w.stamp(run.startedAt), run.command, run.exitCode.map(String.init) ?? "?", run.summary ?? "")]
        }
        if let asked = report.lastAsked { lines += ["", w(.lastAsked, w.stamp(asked))] }
        let columns: [Phrase] = [
            .colCompany, .colDepartment, .colMirrored, .colChangedAfterSending, .colConflicts,
            .colDeletedInTeamleader, .colDeletedHere, .colReimported, .colArchived,
        ]
        lines += [
            "", "## " + w(.companies), "", "| " + columns.map { w($0) }.joined(separator: " | ") + " |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for company in report.companies {
            let c = company.counts
            lines.append(
                "| \(cell(company.name)) | \(cell(company.department)) | \(c.mirrored) | \(c.changedAfterSending) | \(c.conflicts) | \(c.deletedInTeamleader) | \(c.deletedInOutbox) | \(c.reimported) | \(c.archived) |"
            )
        }
        lines.append("")
        for company in report.companies {
            lines.append("- \(cell(company.name)): \(StatusReport.freshnessLine(company.freshness, wording: w))")
        }
        for company in report.companies where !company.foreign.isEmpty {
            lines.append("")
            lines.append(w(.foreignFiles, cell(company.name), company.foreign.map { "`\(cell($0))`" }.joined(separator: ", ")))
        }
        lines += ["", "## " + w(.needsAttention), ""]
        let needs = report.needs(w)
        for need in needs { lines.append("- " + need) }
        if report.attention.isEmpty {
            if needs.isEmpty { lines.append(w(.nothing)) }
        } else {
            for item in report.attention {
                let (reason, action) = StatusReport.explain(item, wording: w)
                let date = w.date(item.date)
                lines.append("- " + w(.attentionLine, cell(item.company), cell(item.number), date, cell(item.customer), reason, action))
            }
        }
        if !report.refusals.isEmpty {
            lines += ["", w(.refusalsIntro), ""]
            for refusal in report.refusals {
                lines.append(
                    "- **\(cell(refusal.company)) \(cell(refusal.number))** \(refusal.format): \(cell(refusal.reason)) "
                        + w(.refusalTries, refusal.attempts, w.stamp(refusal.nextAttemptAt)) + ".")
            }
        }
        if !report.unreadable.isEmpty {
            lines += ["", w(.unreadableIntro), ""]
            for record in report.unreadable {
                lines.append("- \(record.kind) `\(cell(record.id))` " + w(.unreadableSince, w.stamp(record.since)) + ": \(cell(record.reason)).")
            }
        }
        let p = report.payments
        lines += ["", "## " + w(.payments), "", w(.paymentsLine, p.queued + p.sending, p.registered, p.alreadyPaid, p.failed)]
        for failure in p.failures { lines.append("- " + w(.refused, cell(failure))) }
        if p.heldForReview > 0 {
            // A count with the file to edit; a few lines for a taste, never forty.
            let files = p.reviewFiles.map { "`\(cell($0.path))`" }.joined(separator: ", ")
            lines += ["", w(.heldLines, p.heldForReview, files.isEmpty ? w(.heldDefaultFile) : files)]
            for line in p.review {
                lines.append(
                    "- \(cell(line.source)) \(cell(line.location))" + (StatusReport.amount(line, wording: w).map { ", \($0)" } ?? "")
                        + ": \(cell(line.reason))")
            }
            if p.heldForReview > p.review.count { lines.append("- " + w(.heldMore, p.heldForReview - p.review.count)) }
        }
        if !report.rejectedFiles.isEmpty {
            lines += ["", "## " + w(.rejectedHeading), ""]
            for file in report.rejectedFiles {
                lines.append(
                    "- `\(cell(file.path ?? file.name))` (\(w.stamp(file.at))): \(cell(file.reason)). "
                        + w(.rejectedAdvice, "Inbox/" + (file.company.map { "\($0)/" } ?? "")))
            }
        }
        lines += [
            "", "## " + w(.lastRuns), "", "| \(w(.colStarted)) | \(w(.colCommand)) | \(w(.colExit)) | \(w(.colSummary)) |", "|---|---|---:|---|",
        ]
        for run in report.runs {
            lines.append(
                "| \(w.stamp(run.startedAt)) | \(run.command) | \(run.exitCode.map(String.init) ?? w(.running)) | \(cell(run.summary ?? "")) |")
        }
        if let polls = report.polls { lines += ["", w(.pollsToday, polls.count, w.stamp(polls.last), polls.mirrored)] }
        lines += ["", "_" + w(.writtenBy, w.stamp(report.generatedAt)) + "_", ""]
        return lines.joined(separator: "\n")
    }

    /// `2026-11-29 12:00 UTC`, or "never".
    package static func stamp(_ date: Date?) -> String {
        guard let date else { return "never" }
        return String(Timestamp.format(date).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// Table cells: no pipes or line breaks from Teamleader data.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
    }
}
