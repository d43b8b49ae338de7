import DropIndex
import Foundation

/// The totals of a company's month and what needs a person, both from its lines alone.
enum MonthTotaller {
    /// One `Totals` per currency, over every line Teamleader still has.
    static func totals(_ lines: [MonthReport.Line]) -> [MonthReport.Totals] {
        var byCurrency: [String: MonthReport.Totals] = [:]
        for line in lines where line.teamleader != .deleted {
            var totals = byCurrency[line.currency] ?? MonthReport.Totals(currency: line.currency)
            totals.booked.add(line.total)
            if line.outbox.isSent { totals.sent.add(line.total) } else { totals.notSent.add(line.total) }
            if line.open == 0, line.total != 0 { totals.paid.count += 1 }
            totals.paid.amount += line.paid
            if line.open != 0 { totals.open.add(line.open) }
            byCurrency[line.currency] = totals
        }
        return byCurrency.values.sorted { $0.currency < $1.currency }
    }

    /// Changed or deleted after sending, not written, payments held or refused.
    static func attention(_ lines: [MonthReport.Line]) -> [MonthReport.Attention] {
        var items: [MonthReport.Attention] = []
        for line in lines {
            if line.changedAfterSending { items.append(.init(number: line.number, kind: .changedAfterSending)) }
            if line.teamleader == .deleted, line.outbox.isSent || line.outbox == .deletedHere {
                items.append(.init(number: line.number, kind: .deletedInTeamleader))
            }
            if line.outbox == .failed, line.teamleader != .deleted { items.append(.init(number: line.number, kind: .failed)) }
            for payment in line.payments {
                if payment.state == .held { items.append(.init(number: line.number, kind: .heldForReview)) }
                if payment.state == .failed { items.append(.init(number: line.number, kind: .refused, detail: payment.error)) }
            }
        }
        return items
    }
}
