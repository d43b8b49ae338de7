import DropAgent
import DropIndex
import DropValues
import Foundation
import TeamleaderAPI
import Wording

/// The status page and the document page, as plain HTML.
enum StatusPageHTML {
    static func render(_ report: StatusReport, months: [Month] = [], wording w: Wording = .english) -> String {
        let e = HTML.escape
        let state = LinkHealth.State(rawValue: report.link.state) ?? .unknown
        let headline = LinkHealth.headline(state, detail: report.link.detail, wording: w)
        var body = "<h1>tldrop</h1>"
        body += "<section id=\"link\" class=\"link \(state == .up ? "up" : "down")\"><strong>\(e(headline))</strong>"
        if let repair = report.link.repair {
            body += "<div class=\"repair\">\(e(w(.toRepairRun))) <code id=\"repair\">\(e(repair))</code></div>"
        }
        if let advice = LinkHealth.advice(state, wording: w) { body += "<div class=\"muted\">\(e(advice))</div>" }
        body += "<div class=\"muted\">\(e(w(.checked, w.stamp(report.link.checkedAt)))) · \(e(report.root))</div></section>"

        body += """
            <form action="/document" method="get"><input name="number" placeholder="\(e(w(.documentPlaceholder)))" aria-label="\(e(w(.documentPlaceholder)))">\
            <button>\(e(w(.showTimeline)))</button></form>
            """
        let columns: [Phrase] = [
            .colMirrored, .colChangedAfterSending, .colConflicts, .colDeletedInTeamleader, .colDeletedHere, .colReimported, .colArchived,
        ]
        body +=
            "<h2>\(e(w(.companies)))</h2><table id=\"companies\" class=\"cards\"><tr><th>\(e(w(.colCompany)))</th>"
            + columns.map { "<th class=\"n\">\(e(w($0)))</th>" }.joined() + "</tr>"
        for company in report.companies {
            let c = company.counts
            // data-label: on a phone each row becomes a card of labelled numbers.
            let values = [c.mirrored, c.changedAfterSending, c.conflicts, c.deletedInTeamleader, c.deletedInOutbox, c.reimported, c.archived]
            body +=
                "<tr data-company=\"\(e(company.name))\"><td class=\"name\">\(e(company.name))<div class=\"muted\">\(e(company.department))</div>"
                + "<div class=\"muted freshness\">\(e(StatusReport.freshnessLine(company.freshness, wording: w)))</div></td>"
                + zip(columns, values).enumerated().map { position, pair in
                    "<td class=\"n\(position == 0 ? " mirrored" : "")\" data-label=\"\(e(w(pair.0)))\">\(pair.1)</td>"
                }.joined() + "</tr>"
        }
        body += "</table>"

        let p = report.payments
        body +=
            "<h2>\(e(w(.payments)))</h2><p id=\"payments\">"
            + e(w(.paymentsLine, "\u{1}", "\u{2}", p.alreadyPaid, p.failed))
            .replacingOccurrences(of: "\u{1}", with: "<span class=\"waiting\">\(p.queued + p.sending)</span>")
            .replacingOccurrences(of: "\u{2}", with: "<span class=\"registered\">\(p.registered)</span>") + "</p>"
        if !p.failures.isEmpty { body += "<ul>" + p.failures.map { "<li>\(e($0))</li>" }.joined() + "</ul>" }

        body += "<h2>\(e(w(.needsAttention)))</h2>"
        let needs = report.needs(w)
        if !needs.isEmpty {
            body += "<ul id=\"needs\">" + needs.map { "<li>\(e($0.replacingOccurrences(of: "`", with: "")))</li>" }.joined() + "</ul>"
        }
        if report.attention.isEmpty {
            if needs.isEmpty { body += "<p>\(e(w(.nothing)))</p>" }
        } else {
            body +=
                "<ul id=\"attention\">"
                + report.attention.map { item in
                    let (reason, action) = StatusReport.explain(item, wording: w)
                    let date = w.date(item.date)
                    return
                        "<li><a href=\"/document?number=\(e(item.number.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))&amp;company=\(e(item.company.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))\">\(e(item.company)) \(e(item.number))</a> (\(e(date)), \(e(item.customer))): \(e(reason)). \(e(w(.toDo, action)))</li>"
                }.joined() + "</ul>"
        }
        if !report.refusals.isEmpty {
            body +=
                "<h2>\(e(w(.refusalsHeading)))</h2><p>\(e(w(.refusalsPageIntro)))</p><ul id=\"refusals\">"
                + report.refusals.map { refusal in
                    "<li><strong>\(e(refusal.company)) \(e(refusal.number))</strong> \(e(refusal.format)): \(e(refusal.reason)) \(e(w(.refusalTries, refusal.attempts, w.stamp(refusal.nextAttemptAt))))</li>"
                }.joined() + "</ul>"
        }
        if !report.unreadable.isEmpty {
            body +=
                "<h2>\(e(w(.unreadableHeading)))</h2><ul id=\"unreadable\">"
                + report.unreadable.map { "<li>\(e($0.kind)) \(e($0.id)): \(e($0.reason))</li>" }.joined() + "</ul>"
        }
        if report.payments.heldForReview > 0 {
            let held = report.payments.heldForReview
            let files = report.payments.reviewFiles.map(\.path).joined(separator: ", ")
            body +=
                "<h2>\(e(w(.heldHeading)))</h2><p>\(e(w(.heldLines, held, files.isEmpty ? w(.heldDefaultFile) : files)))</p><ul id=\"review\">"
                + report.payments.review.map { line in
                    "<li><strong>\(e(line.source)) \(e(line.location))</strong>\(StatusReport.amount(line, wording: w).map { ", " + e($0) } ?? ""): \(e(line.reason))</li>"
                }.joined()
                + (held > report.payments.review.count ? "<li>\(e(w(.heldMore, held - report.payments.review.count)))</li>" : "") + "</ul>"
        }
        if !report.rejectedFiles.isEmpty {
            body +=
                "<h2>\(e(w(.rejectedHeading)))</h2><ul id=\"rejected\">"
                + report.rejectedFiles.map { file in
                    "<li><strong>\(e(file.path ?? file.name))</strong> (\(e(w.stamp(file.at)))): \(e(file.reason))</li>"
                }.joined() + "</ul>"
        }
        body += "<h2>\(e(w(.monthReports)))</h2>"
        body +=
            months.isEmpty
            ? "<p class=\"muted\">\(e(w(.monthReportsNone)))</p>"
            : "<p id=\"months\">" + months.map { "<a href=\"/month?month=\($0)\">\($0)</a>" }.joined(separator: " · ") + "</p>"
        body +=
            "<h2>\(e(w(.lastRuns)))</h2><div class=\"wrap\"><table id=\"runs\"><tr><th>\(e(w(.colStarted)))</th><th>\(e(w(.colCommand)))</th><th class=\"n\">\(e(w(.colExit)))</th><th>\(e(w(.colSummary)))</th></tr>"
        for run in report.runs {
            body +=
                "<tr><td>\(e(w.stamp(run.startedAt)))</td><td>\(e(run.command))</td><td class=\"n\">\(run.exitCode.map(String.init) ?? e(w(.running)))</td><td>\(e(run.summary ?? ""))</td></tr>"
        }
        body += "</table></div>"
        if let polls = report.polls { body += "<p id=\"polls\">\(e(w(.pollsToday, polls.count, w.stamp(polls.last), polls.mirrored)))</p>" }
        if let asked = report.lastAsked { body += "<p class=\"muted\">\(e(w(.lastAsked, w.stamp(asked))))</p>" }
        body += "<p class=\"muted\">\(e(w(.generated, w.stamp(report.generatedAt))))</p>"
        return HTML.page(title: "tldrop — \(headline)", body: body, language: w.language)
    }

    static func message(_ title: String, _ text: String, wording w: Wording = .english) -> String {
        HTML.page(
            title: title, body: "<p><a href=\"/\">\(HTML.escape(w(.backToStatus)))</a></p><h1>\(HTML.escape(title))</h1><p>\(HTML.escape(text))</p>",
            language: w.language)
    }
}
