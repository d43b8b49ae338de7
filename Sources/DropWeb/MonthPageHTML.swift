import DropAgent
import DropValues
import Foundation
import TeamleaderAPI
import Wording

/// The status page's month view: each company's latest month report as one printable page, in the
/// configured language, with no external assets.
enum MonthPageHTML {
    static func render(_ reports: [MonthReportStore.Stored], months: [Month], wording w: Wording) -> String {
        let e = HTML.escape
        guard let month = reports.first?.month else { return "" }
        var body =
            "<p class=\"noprint\"><a href=\"/\">\(e(w(.backToStatus)))</a> · "
            + months.map { $0 == month ? "<strong>\($0)</strong>" : "<a href=\"/month?month=\($0)\">\($0)</a>" }.joined(separator: " · ") + "</p>"
        for stored in reports {
            let company = stored.company
            body += "<section class=\"month\" data-company=\"\(e(company.name))\"><h1>\(e(w(.reportTitle, month, company.name)))</h1>"
            body += "<p class=\"muted\">\(e(w(.reportSubtitle, company.department, w.stamp(stored.generatedAt), w.date(company.startDate))))</p>"
            for totals in company.totals {
                body +=
                    "<h2>\(e(w(.reportTotals, totals.currency)))</h2><table class=\"totals\" data-currency=\"\(e(totals.currency))\">"
                    + "<tr><th></th><th class=\"n\">\(e(w(.colDocuments)))</th><th class=\"n\">\(e(w(.colAmount)))</th></tr>"
                let rows: [(String, Phrase, MonthReport.Tally)] = [
                    ("booked", .totalBooked, totals.booked), ("sent", .totalSent, totals.sent), ("not-sent", .totalNotSent, totals.notSent),
                    ("paid", .totalPaid, totals.paid), ("open", .totalOpen, totals.open),
                ]
                for (key, label, tally) in rows {
                    body +=
                        "<tr class=\"\(key)\"><td>\(e(w(label)))</td><td class=\"n\">\(tally.count)</td><td class=\"n\">\(e(w.money(tally.amount, totals.currency)))</td></tr>"
                }
                body += "</table>"
            }
            body += "<p class=\"muted\">\(e(w(.reportDrafts, company.drafts)))</p><h2>\(e(w(.reportAttention)))</h2>"
            if company.attention.isEmpty, company.unreadable.isEmpty {
                body += "<p>\(e(w(.nothing)))</p>"
            } else {
                body +=
                    "<ul class=\"attention\">"
                    + company.attention.map {
                        "<li><strong>\(e($0.number))</strong>: \(e(MonthReportText.attention($0, company: company.name, w)))</li>"
                    }.joined()
                    + company.unreadable.map { "<li><code>\(e($0))</code>: \(e(w(.reportUnreadable)))</li>" }.joined() + "</ul>"
            }
            let columns: [Phrase] = [.colDate, .colNumber, .colCustomer, .colTotal, .colPaid, .colOpen, .colTeamleader, .colOutbox, .colPayment]
            body +=
                "<h2>\(e(w(.reportDocuments)))</h2><div class=\"wrap\"><table class=\"documents\"><tr>"
                + columns.enumerated().map { "<th\((3...5).contains($0.offset) ? " class=\"n\"" : "")>\(e(w($0.element)))</th>" }.joined() + "</tr>"
            for line in company.lines {
                let number = line.number + (line.credits.map { " (\(w(.credits, $0)))" } ?? "")
                body +=
                    "<tr data-id=\"\(e(line.id))\"><td>\(e(w.date(line.date)))</td><td>\(e(number))</td><td>\(e(line.customer))</td>"
                    + "<td class=\"n\">\(e(w.money(line.total, line.currency)))</td><td class=\"n\">\(e(w.money(line.paid, line.currency)))</td>"
                    + "<td class=\"n\">\(e(w.money(line.open, line.currency)))</td><td>\(e(MonthReportText.teamleader(line.teamleader, w)))</td>"
                    + "<td>\(e(MonthReportText.outbox(line, w)))</td><td>\(e(MonthReportText.payment(line, w)))</td></tr>"
            }
            body += "</table></div></section>"
        }
        return HTML.page(title: "tldrop — " + w(.monthReports) + " \(month)", body: body, language: w.language, wide: true)
    }
}
