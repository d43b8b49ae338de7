import DropIndex
package import DropValues
package import Foundation
import PaymentFiles
import TeamleaderAPI
package import Wording

/// A month report as people read it: Markdown for the folder and the terminal, CSV for a spreadsheet
/// (`;` and decimal commas in Dutch and French, so Excel opens it as Belgian users expect).
package enum MonthReportText {
    package static func markdown(_ company: MonthReport.Company, month: Month, generatedAt: Date, wording w: Wording) -> String {
        var lines = ["# " + w(.reportTitle, month, company.name), ""]
        lines.append(w(.reportSubtitle, company.department, w.stamp(generatedAt), w.date(company.startDate)))
        for totals in company.totals {
            lines += ["", "## " + w(.reportTotals, totals.currency), "", "| | \(w(.colDocuments)) | \(w(.colAmount)) |", "|---|---:|---:|"]
            let rows: [(Phrase, MonthReport.Tally)] = [
                (.totalBooked, totals.booked), (.totalSent, totals.sent), (.totalNotSent, totals.notSent),
                (.totalPaid, totals.paid), (.totalOpen, totals.open),
            ]
            for (label, tally) in rows { lines.append("| \(w(label)) | \(tally.count) | \(w.money(tally.amount, totals.currency)) |") }
        }
        lines += ["", w(.reportDrafts, company.drafts), "", "## " + w(.reportAttention), ""]
        if company.attention.isEmpty, company.unreadable.isEmpty { lines.append(w(.nothing)) }
        for id in company.unreadable { lines.append("- `\(cell(id))`: " + w(.reportUnreadable)) }
        for item in company.attention { lines.append("- **\(cell(item.number))**: " + cell(attention(item, company: company.name, w))) }
        lines += [
            "", "## " + w(.reportDocuments), "",
            "| \(w(.colDate)) | \(w(.colNumber)) | \(w(.colCustomer)) | \(w(.colTotal)) | \(w(.colPaid)) | \(w(.colOpen)) | \(w(.colTeamleader)) | \(w(.colOutbox)) | \(w(.colPayment)) |",
            "|---|---|---|---:|---:|---:|---|---|---|",
        ]
        for line in company.lines {
            let number = line.number + (line.credits.map { " (\(w(.credits, $0)))" } ?? "")
            lines.append(
                "| \(w.date(line.date)) | \(cell(number)) | \(cell(line.customer)) | \(w.money(line.total, line.currency)) | "
                    + "\(w.money(line.paid, line.currency)) | \(w.money(line.open, line.currency)) | \(teamleader(line.teamleader, w)) | "
                    + "\(cell(outbox(line, w))) | \(cell(payment(line, w))) |")
        }
        lines += ["", "_" + w(.writtenBy, w.stamp(generatedAt)) + "_", ""]
        return lines.joined(separator: "\n")
    }

    /// One row per document; `company` adds its column (for a report of several companies).
    package static func csv(_ companies: [MonthReport.Company], wording w: Wording) -> String {
        let separator = w.language.csvSeparator
        let header: [Phrase] = [
            .colCompany, .colDate, .colNumber, .colKind, .colCustomer, .colCurrency, .colTotal, .colPaid,
            .colOpen, .colTeamleader, .colOutbox, .colArchive, .colRevision, .colChangedAfterSending,
            .colPayment, .colCredits, .colPaymentFiles,
        ]
        var text = "\u{FEFF}" + row(header.map { w($0) }, separator)
        for company in companies {
            for line in company.lines {
                text += row(
                    [
                        company.name, w.date(line.date), line.number, w(line.kind == .invoice ? .kindInvoice : .kindCreditNote), line.customer,
                        line.currency, w.language.csvNumber(line.total), w.language.csvNumber(line.paid), w.language.csvNumber(line.open),
                        teamleader(line.teamleader, w), outbox(line, w), line.archive ?? "", line.revision.map(String.init) ?? "",
                        w(line.changedAfterSending ? .yes : .no), standing(line.payment, w), line.credits ?? "",
                        line.payments.map { paymentText($0, currency: line.currency, w) }.joined(separator: " | "),
                    ], separator)
            }
        }
        return text
    }

    package static func teamleader(_ state: MonthReport.TeamleaderState, _ w: Wording) -> String {
        switch state {
        case .outstanding: return w(.teamleaderOutstanding)
        case .matched: return w(.teamleaderMatched)
        case .booked: return w(.teamleaderBooked)
        case .deleted: return w(.teamleaderDeleted)
        }
    }

    package static func outbox(_ line: MonthReport.Line, _ w: Wording) -> String {
        var text: String
        switch line.outbox {
        case .loose: text = w(.outboxLoose)
        case .archived: text = w(.outboxArchived, line.archive.map { ($0 as NSString).lastPathComponent } ?? "")
        case .beforeStart: text = w(.outboxBeforeStart)
        case .notYetSent: text = w(.outboxNotYetSent)
        case .failed: text = w(.outboxFailed)
        case .deletedHere: text = w(.outboxDeletedHere)
        }
        if let revision = line.revision, revision > 1 { text += ", " + w(.revision, revision) }
        if line.changedAfterSending { text += "; " + w(.changedAfterSending) }
        return text
    }

    static func standing(_ standing: MonthReport.PaymentStanding, _ w: Wording) -> String {
        switch standing {
        case .paidByTldrop: return w(.standingPaidByTldrop)
        case .paidInTeamleader: return w(.standingPaidInTeamleader)
        case .partlyPaid: return w(.standingPartlyPaid)
        case .open: return w(.standingOpen)
        }
    }

    package static func payment(_ line: MonthReport.Line, _ w: Wording) -> String {
        ([standing(line.payment, w)] + line.payments.map { paymentText($0, currency: line.currency, w) }).joined(separator: "; ")
    }

    static func paymentText(_ payment: MonthReport.Payment, currency: String, _ w: Wording) -> String {
        let amount = payment.amount.map { w.money($0, currency) } ?? w(.openAmount)
        let state: String =
            switch payment.state {
            case .queued: w(.paymentQueued)
            case .sending: w(.paymentSending)
            case .registered: w(.paymentRegistered)
            case .alreadyPaid: w(.paymentAlreadyPaid)
            case .failed: w(.paymentFailed)
            case .held: w(.paymentHeld)
            }
        return w(
            .paymentLine, amount, payment.paidOn.map(w.date) ?? "?", payment.file ?? "?", payment.line.map(String.init) ?? "?",
            w.stamp(payment.readAt), state)
    }

    package static func attention(_ item: MonthReport.Attention, company: String, _ w: Wording) -> String {
        switch item.kind {
        case .changedAfterSending: return w(.attentionChanged, company, DocumentNamer.numberComponent(item.number))
        case .deletedInTeamleader: return w(.attentionDeleted)
        case .failed: return w(.attentionFailed)
        case .heldForReview: return w(.attentionHeld)
        case .refused: return w(.attentionRefused, item.detail.map { Words.stored($0).text(w) } ?? "")
        }
    }

    /// Table cells: no pipes or line breaks from Teamleader data.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
    }

    /// A CSV row: quoted when needed, and a cell Excel would take for a formula gets a leading apostrophe.
    static func row(_ cells: [String], _ separator: Character) -> String {
        cells.map { cell in
            var value = cell.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            if let first = value.first,
                "=+@\t".contains(first) || (first == "-" && !value.dropFirst().allSatisfy { $0.isASCIIDigit || $0 == "," || $0 == "." })
            {
                value = "'" + value
            }
            guard value.contains(where: { $0 == separator || $0 == "\"" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: String(separator)) + "\r\n"
    }
}
