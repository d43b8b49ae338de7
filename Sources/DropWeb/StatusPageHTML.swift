import DropAgent
import DropIndex
import Foundation

/// The status page and the document page, as plain HTML.
enum StatusPageHTML {
    static func render(_ report: StatusReport) -> String {
        let e = HTML.escape
        let up = report.link.state == LinkHealth.State.up.rawValue
        var body = "<h1>tldrop</h1>"
        body += "<section id=\"link\" class=\"link \(up ? "up" : "down")\"><strong>\(e(report.link.headline))</strong>"
        if let repair = report.link.repair {
            body += "<div class=\"repair\">To repair, run: <code id=\"repair\">\(e(repair))</code></div>"
        }
        if let advice = report.link.advice { body += "<div class=\"muted\">\(e(advice))</div>" }
        body += "<div class=\"muted\">Checked \(e(StatusFile.stamp(report.link.checkedAt))) · \(e(report.root))</div></section>"

        body += """
            <form action="/document" method="get"><input name="number" placeholder="Document number, e.g. 2026/42 or CN-2026-5" aria-label="Document number">\
            <button>Show timeline</button></form>
            """
        body += "<h2>Companies</h2><table id=\"companies\" class=\"cards\"><tr><th>Company</th><th class=\"n\">Mirrored</th><th class=\"n\">Changed after sending</th><th class=\"n\">Conflicts</th><th class=\"n\">Deleted in Teamleader</th><th class=\"n\">Deleted here</th><th class=\"n\">Re-imported</th><th class=\"n\">Archived</th></tr>"
        for company in report.companies {
            let c = company.counts
            // data-label: on a phone each row becomes a card of labelled numbers.
            body += "<tr data-company=\"\(e(company.name))\"><td class=\"name\">\(e(company.name))<div class=\"muted\">\(e(company.department))</div>"
                + "<div class=\"muted freshness\">\(e(StatusReport.freshnessLine(company.freshness)))</div></td>"
                + "<td class=\"n mirrored\" data-label=\"Mirrored\">\(c.mirrored)</td><td class=\"n\" data-label=\"Changed after sending\">\(c.changedAfterSending)</td>"
                + "<td class=\"n\" data-label=\"Conflicts\">\(c.conflicts)</td><td class=\"n\" data-label=\"Deleted in Teamleader\">\(c.deletedInTeamleader)</td>"
                + "<td class=\"n\" data-label=\"Deleted here\">\(c.deletedInOutbox)</td>"
                + "<td class=\"n\" data-label=\"Re-imported\">\(c.reimported)</td><td class=\"n\" data-label=\"Archived\">\(c.archived)</td></tr>"
        }
        body += "</table>"

        let p = report.payments
        body += "<h2>Payments</h2><p id=\"payments\"><span class=\"waiting\">\(p.queued + p.sending)</span> waiting for Teamleader, "
            + "<span class=\"registered\">\(p.registered)</span> registered, \(p.alreadyPaid) already paid, \(p.failed) refused.</p>"
        if !p.failures.isEmpty { body += "<ul>" + p.failures.map { "<li>\(e($0))</li>" }.joined() + "</ul>" }

        body += "<h2>Needs attention</h2>"
        if report.attention.isEmpty {
            body += "<p>Nothing.</p>"
        } else {
            body += "<ul id=\"attention\">" + report.attention.map { item in
                "<li><a href=\"/document?number=\(e(item.number.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))&amp;company=\(e(item.company.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))\">\(e(item.company)) \(e(item.number))</a> (\(e(item.date)), \(e(item.customer))): \(e(item.reason)). \(e(item.action)).</li>"
            }.joined() + "</ul>"
        }
        if !report.refusals.isEmpty {
            body += "<h2>Formats Teamleader refused</h2><p>The other formats went out; each is asked for again daily, then weekly.</p><ul id=\"refusals\">"
                + report.refusals.map { refusal in
                    "<li><strong>\(e(refusal.company)) \(e(refusal.number))</strong> \(e(refusal.format)): \(e(refusal.reason)) (\(refusal.attempts)×, next \(e(StatusFile.stamp(refusal.nextAttemptAt))))</li>"
                }.joined() + "</ul>"
        }
        if !report.unreadable.isEmpty {
            body += "<h2>Records tldrop could not read</h2><ul id=\"unreadable\">"
                + report.unreadable.map { "<li>\(e($0.kind)) \(e($0.id)): \(e($0.reason))</li>" }.joined() + "</ul>"
        }
        if report.payments.heldForReview > 0 {
            body += "<h2>Held for review</h2><p>\(report.payments.heldForReview) line(s) held, nothing registered: write the document number in the review file in Inbox/Review/ and drop it back into Inbox/.</p><ul id=\"review\">"
                + report.payments.review.map { line in
                    "<li><strong>\(e(line.source)) \(e(line.location))</strong>\(line.amount.map { ", " + e($0) } ?? ""): \(e(line.reason))</li>"
                }.joined() + "</ul>"
        }
        if !report.rejectedFiles.isEmpty {
            body += "<h2>Rejected inbox files</h2><ul id=\"rejected\">" + report.rejectedFiles.map { file in
                "<li><strong>\(e(file.path ?? file.name))</strong> (\(e(StatusFile.stamp(file.at)))): \(e(file.reason))</li>"
            }.joined() + "</ul>"
        }
        body += "<h2>Last runs</h2><div class=\"wrap\"><table id=\"runs\"><tr><th>Started</th><th>Command</th><th class=\"n\">Exit</th><th>Summary</th></tr>"
        for run in report.runs {
            body += "<tr><td>\(e(StatusFile.stamp(run.startedAt)))</td><td>\(e(run.command))</td><td class=\"n\">\(run.exitCode.map(String.init) ?? "running")</td><td>\(e(run.summary ?? ""))</td></tr>"
        }
        body += "</table></div><p class=\"muted\">Generated \(e(StatusFile.stamp(report.generatedAt))).</p>"
        return HTML.page(title: "tldrop — \(report.link.headline)", body: body)
    }

    static func render(_ timeline: DocumentActions.Timeline) -> String {
        let e = HTML.escape
        let d = timeline.document
        var body = "<p><a href=\"/\">← status</a></p>"
        body += "<h1 id=\"document\">\(d.kind == .creditNote ? "Credit note" : "Invoice") \(e(d.number))</h1>"
        body += "<p>\(e(d.company)) · \(e(d.customer)) · dated \(e(d.documentDate)) · \(e(d.total)) \(e(d.currency))<br>"
            + "<span class=\"muted\">Teamleader id \(e(d.id)) · revision \(d.revision) (\(e(d.source.rawValue))) · status \(e(d.remoteStatus))\(d.remotePaid ? ", paid" : "")</span></p>"
        body += "<h2>Timeline</h2><div class=\"wrap\"><table id=\"timeline\"><tr><th>When</th><th>What</th><th>Detail</th></tr>"
        for event in timeline.events {
            body += "<tr><td>\(e(StatusFile.stamp(event.at)))</td><td class=\"kind\">\(e(label(event.kind.rawValue)))</td><td>\(e(event.detail ?? ""))</td></tr>"
        }
        body += "</table></div><h2>Files</h2><ul>"
        for file in timeline.files {
            body += "<li>r\(file.revision) \(e(file.format)): \(e(file.path)) — \(e(file.state.rawValue))\(file.archive.map { " in \(e($0))" } ?? "")</li>"
        }
        body += "</ul>"
        if !timeline.payments.isEmpty {
            body += "<h2>Payments</h2><ul>" + timeline.payments.map {
                "<li>\(e($0.amount ?? "open amount")) paid \(e($0.paidAt)): \(e($0.state.rawValue))</li>"
            }.joined() + "</ul>"
        }
        return HTML.page(title: "tldrop — \(d.number)", body: body)
    }

    /// `paymentRegistered` → "payment registered".
    static func label(_ kind: String) -> String {
        kind.reduce(into: "") { text, character in
            if character.isUppercase { text += " " + character.lowercased() } else { text.append(character) }
        }
    }

    static func message(_ title: String, _ text: String) -> String {
        HTML.page(title: title, body: "<p><a href=\"/\">← status</a></p><h1>\(HTML.escape(title))</h1><p>\(HTML.escape(text))</p>")
    }
}
