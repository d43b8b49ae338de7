import DropIndex
import DropValues
import Foundation
import TeamleaderAPI

/// One line per document of the month: Teamleader's listing joined with the index's ledger. A document
/// the index knows that the listing no longer shows was deleted in Teamleader.
struct MonthLines {
    let startDate: CalendarDate
    let layout: RootLayout
    let ledger: MonthLedger
    let remote: [RemoteDocument]
    /// Credit note id → number of the invoice it credits.
    let creditedNumbers: [String: String]

    func lines() -> [MonthReport.Line] {
        let known = Dictionary(ledger.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let listed = Set(remote.map(\.id))
        var lines = remote.map { line(remote: $0, indexed: known[$0.id]) }
        lines += ledger.documents.filter { !listed.contains($0.id) }.map(deletedLine)
        return lines.sorted { ($0.date, $0.kind == .creditNote ? 1 : 0, $0.number) < ($1.date, $1.kind == .creditNote ? 1 : 0, $1.number) }
    }

    private func line(remote document: RemoteDocument, indexed: DocumentRecord?) -> MonthReport.Line {
        let sign: Decimal = document.kind == .creditNote ? -1 : 1
        let unsignedOpen = document.paid ? 0 : (document.due ?? document.total)
        let teamleader: MonthReport.TeamleaderState =
            document.kind == .creditNote ? .booked : (document.status == .matched ? .matched : .outstanding)
        var line = MonthReport.Line(
            id: document.id, kind: document.kind, number: document.number, date: document.date, customer: document.customer,
            currency: document.currency, total: sign * document.total, paid: sign * (document.total - unsignedOpen),
            open: sign * unsignedOpen, credits: creditedNumbers[document.id], teamleader: teamleader, outbox: .notYetSent,
            files: [], archive: nil, revision: nil, changedAfterSending: false, payment: .open, payments: [])
        if let indexed {
            place(&line, indexed)
            line.changedAfterSending = line.outbox.isSent && (indexed.changedAfterSending || indexed.fingerprint != document.fingerprint)
        } else {
            line.outbox = document.date < startDate ? .beforeStart : .notYetSent
        }
        line.payment = standing(line)
        return line
    }

    /// A document Teamleader no longer lists: shown as the index last saw it, counted in no total.
    private func deletedLine(_ document: DocumentRecord) -> MonthReport.Line {
        let (date, total) = (document.documentDate, document.total)
        let sign: Decimal = document.kind == .creditNote ? -1 : 1
        let unsignedOpen = document.remotePaid ? 0 : (document.remoteDue ?? total)
        var line = MonthReport.Line(
            id: document.id, kind: document.kind, number: document.number, date: date, customer: document.customer,
            currency: document.currency, total: sign * total, paid: sign * (total - unsignedOpen), open: sign * unsignedOpen,
            credits: nil, teamleader: .deleted, outbox: .notYetSent, files: [], archive: nil, revision: nil,
            changedAfterSending: false, payment: .open, payments: [])
        place(&line, document)
        line.payment = standing(line)
        return line
    }

    /// Where the index says its current revision is, and the payments read for it.
    private func place(_ line: inout MonthReport.Line, _ document: DocumentRecord) {
        line.revision = document.revision
        line.payments = (ledger.payments[document.id] ?? []).map { payment in
            let record = payment.record
            return MonthReport.Payment(
                amount: record.amount, paidOn: record.paidAt, state: record.state,
                file: payment.filePath ?? payment.fileName, line: record.line, readAt: record.createdAt, doneAt: record.doneAt,
                error: record.state == .failed ? record.lastError : nil)
        }
        let files = (ledger.files[document.id] ?? []).filter { $0.revision == document.revision }
        let published = files.filter { $0.state == .published }
        let archived = files.filter { $0.state == .archived }
        if document.state == .conflict || document.state == .pending || files.isEmpty || files.contains(where: { $0.state == .pending }) {
            line.outbox = .failed
        } else if !published.isEmpty {
            line.outbox = .loose
            line.files = published.map(\.path)
        } else if let archive = archived.first?.archive {
            line.outbox = .archived
            line.archive = archive
        } else {
            line.outbox = .deletedHere
        }
    }

    private func standing(_ line: MonthReport.Line) -> MonthReport.PaymentStanding {
        if line.open == 0, line.total != 0 {
            let byTldrop = line.payments.contains { $0.state == .registered }
            return byTldrop ? .paidByTldrop : .paidInTeamleader
        }
        return line.paid != 0 ? .partlyPaid : .open
    }
}
