import DropAgent
import DropIndex
import Foundation
import TeamleaderAPI
import Wording

/// The status page's document search: one document's timeline, or the documents a number names in
/// several companies (numbers repeat across departments), in the configured language.
enum DocumentPageHTML {
    static func render(_ timeline: DocumentActions.Timeline, wording w: Wording) -> String {
        let e = HTML.escape
        let d = timeline.document
        let money = { (amount: Decimal, currency: String?) in currency.map { w.money(amount, $0) } ?? w.language.number(amount) }
        var body = "<p><a href=\"/\">\(e(w(.backToStatus)))</a></p>"
        body += "<h1 id=\"document\">\(e(w(d.kind == .creditNote ? .pageCreditNote : .pageInvoice, d.number)))</h1>"
        body +=
            "<p>\(e(d.company)) · \(e(d.customer)) · \(e(w.date(d.documentDate))) · \(e(money(d.total, d.currency)))<br>"
            + "<span class=\"muted\">\(e(w(.logIdentity, d.id, d.revision, d.source.rawValue, d.remoteStatus.rawValue)))"
            + "\(d.remotePaid ? ", " + e(w(.describePaid)) : "")</span></p>"
        body +=
            "<h2>\(e(w(.pageTimeline)))</h2><div class=\"wrap\"><table id=\"timeline\"><tr><th>\(e(w(.pageWhen)))</th>"
            + "<th>\(e(w(.pageWhat)))</th><th>\(e(w(.pageDetail)))</th></tr>"
        for event in timeline.events {
            body +=
                "<tr><td>\(e(w.stamp(event.at)))</td><td class=\"kind\">\(e(w(event.kind.phrase)))</td><td>\(e(event.detail ?? ""))</td></tr>"
        }
        body += "</table></div><h2>\(e(w(.pageFiles)))</h2><ul>"
        for file in timeline.files {
            body +=
                "<li>\(e(w(.logFile, file.revision, file.format, file.path, file.state.rawValue)))\(file.archive.map { " (\(e($0)))" } ?? "")</li>"
        }
        body += "</ul>"
        if !timeline.payments.isEmpty {
            body +=
                "<h2>\(e(w(.payments)))</h2><ul>"
                + timeline.payments.map {
                    let amount = $0.amount.map { money($0, d.currency) } ?? w(.openAmount)
                    return "<li>\(e(w(.logPayment, amount, w.date($0.paidAt), $0.state.rawValue)))</li>"
                }.joined() + "</ul>"
        }
        return HTML.page(title: "tldrop — \(d.number)", body: body, language: w.language)
    }

    /// A number several companies use: each document it names, with its company, one link each.
    static func matches(_ documents: [DocumentRecord], number: String, wording w: Wording) -> String {
        let e = HTML.escape
        var body = "<p><a href=\"/\">\(e(w(.backToStatus)))</a></p><h1>\(e(number))</h1><p>\(e(w(.pageSeveral, number, documents.count)))</p>"
        body += "<ul id=\"matches\">"
        for document in documents {
            let link = "/document?number=\(query(document.number))&amp;company=\(query(document.company))"
            body +=
                "<li><a href=\"\(link)\">\(e(document.company)) \(e(document.number))</a> — \(e(document.customer)), "
                + "\(e(w.date(document.documentDate))), \(e(w.money(document.total, document.currency)))</li>"
        }
        return HTML.page(title: "tldrop — \(number)", body: body + "</ul>", language: w.language)
    }

    private static func query(_ text: String) -> String {
        HTML.escape(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}
