import Foundation
import TeamleaderAPI

/// `Outbox/STATUS.md`: the link's health and what needs attention, rewritten by every run, for the admin
/// who only opens the folder.
public enum StatusFile {
    public static func write(_ report: StatusReport, to layout: RootLayout) throws {
        try DurableFile.makeDirectory(layout.outbox)
        try DurableFile.replace(Data(render(report).utf8), at: layout.statusFile)
    }

    public static func render(_ report: StatusReport) -> String {
        var lines = ["# tldrop status", ""]
        if report.link.state == LinkHealth.State.up.rawValue {
            lines.append("**Up & Running.** Teamleader link checked \(stamp(report.link.checkedAt)).")
        } else {
            lines.append("**\(report.link.headline)**")
            if let repair = report.link.repair {
                lines += ["", "To repair: `\(repair)`" + (report.link.advice.map { " (\($0))" } ?? "")]
            } else if let advice = report.link.advice {
                lines += ["", advice.prefix(1).uppercased() + advice.dropFirst() + "."]
            }
        }
        if let run = report.runs.first {
            lines += ["", "Last run: \(stamp(run.startedAt)), `tldrop \(run.command)`, exit \(run.exitCode.map(String.init) ?? "?"): \(run.summary ?? "")."]
        }
        lines += ["", "## Companies", "",
                  "| Company | Department | Mirrored | Changed after sending | Conflicts | Deleted in Teamleader | Deleted here | Re-imported | Archived |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for company in report.companies {
            let c = company.counts
            lines.append("| \(cell(company.name)) | \(cell(company.department)) | \(c.mirrored) | \(c.changedAfterSending) | \(c.conflicts) | \(c.deletedInTeamleader) | \(c.deletedInOutbox) | \(c.reimported) | \(c.archived) |")
        }
        lines.append("")
        for company in report.companies {
            lines.append("- \(cell(company.name)): \(StatusReport.freshnessLine(company.freshness))")
        }
        for company in report.companies where !company.foreign.isEmpty {
            lines.append("")
            lines.append("Foreign files in Outbox/\(cell(company.name))/ (left alone): " + company.foreign.map { "`\(cell($0))`" }.joined(separator: ", "))
        }
        lines += ["", "## Needs attention", ""]
        if report.attention.isEmpty {
            lines.append("Nothing.")
        } else {
            for item in report.attention {
                lines.append("- **\(cell(item.company)) \(cell(item.number))** (\(item.date), \(cell(item.customer))): \(item.reason). To do: \(item.action).")
            }
        }
        if !report.refusals.isEmpty {
            lines += ["", "Formats Teamleader refused (the other formats went out; asked again daily, then weekly):", ""]
            for refusal in report.refusals {
                lines.append("- **\(cell(refusal.company)) \(cell(refusal.number))** \(refusal.format): \(cell(refusal.reason)) (\(refusal.attempts)×, next \(stamp(refusal.nextAttemptAt))).")
            }
        }
        if !report.unreadable.isEmpty {
            lines += ["", "Records Teamleader sent that tldrop could not read (skipped; asked for again every run):", ""]
            for record in report.unreadable {
                lines.append("- \(record.kind) `\(cell(record.id))` since \(stamp(record.since)): \(cell(record.reason)).")
            }
        }
        let p = report.payments
        lines += ["", "## Payments", "",
                  "\(p.queued + p.sending) waiting for Teamleader, \(p.registered) registered, \(p.alreadyPaid) already paid, \(p.failed) refused."]
        for failure in p.failures { lines.append("- Refused: \(cell(failure))") }
        if p.heldForReview > 0 {
            let files = Set(p.review.compactMap(\.reviewFile)).sorted().map { "`\(cell($0))`" }.joined(separator: ", ")
            lines += ["", "\(p.heldForReview) line\(p.heldForReview == 1 ? "" : "s") held for review, nothing registered: "
                + "write the document number in \(files.isEmpty ? "the review file in Inbox/Review/" : files) and drop it back into Inbox/."]
            for line in p.review {
                lines.append("- \(cell(line.source)) \(cell(line.location))" + (line.amount.map { ", \($0.trimmingCharacters(in: .whitespaces))" } ?? "") + ": \(cell(line.reason))")
            }
        }
        if !report.rejectedFiles.isEmpty {
            lines += ["", "## Rejected inbox files", ""]
            for file in report.rejectedFiles {
                lines.append("- `\(cell(file.path ?? file.name))` (\(stamp(file.at))): \(cell(file.reason)). Fix it and move it back into Inbox/.")
            }
        }
        lines += ["", "## Last runs", "", "| Started | Command | Exit | Summary |", "|---|---|---:|---|"]
        for run in report.runs {
            lines.append("| \(stamp(run.startedAt)) | \(run.command) | \(run.exitCode.map(String.init) ?? "running") | \(cell(run.summary ?? "")) |")
        }
        lines += ["", "_Written \(stamp(report.generatedAt)) by tldrop._", ""]
        return lines.joined(separator: "\n")
    }

    /// `2026-11-29 12:00 UTC`, or "never".
    public static func stamp(_ date: Date?) -> String {
        guard let date else { return "never" }
        return String(Timestamp.format(date).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// Table cells: no pipes or line breaks from Teamleader data.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
    }
}
