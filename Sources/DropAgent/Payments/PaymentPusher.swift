import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import ServiceLifecycle
import TeamleaderAPI
import Wording

/// What pushing the queue did.
package struct PushReport: Codable, Sendable, Equatable {
    package var registered: [String] = []
    package var alreadyPaid: [String] = []
    package var failed: [String] = []
    /// Payments set aside for the accountant: they no longer fit the invoice.
    package var held: [String] = []
    /// Invoices whose Teamleader record could not be read; their payments wait.
    package var unreadable: [String] = []
    /// Payments still waiting (Teamleader could not be reached, or an outcome is still unclear).
    package var waiting = 0

    package init() {}
}

/// Registers queued payments in Teamleader exactly once.
///
/// The state of every invoice with a payment waiting is read with one `invoices.list` per hundred
/// (`filter.ids`): an invoice already paid is reported without a call, a payment that no longer fits
/// is held for review, and after each 204 the open amount is carried forward locally. A payment is
/// marked "sending" (with the open amount just before) ahead of its call; only for one whose answer
/// was lost is `invoices.info` read, and its `payments[]` (by the day written and the amount) and the
/// open amount decide whether it went through. Whatever crashes or times out, nothing is sent twice.
struct PaymentPusher {
    let context: AgentContext
    let logger: Logger

    var client: TeamleaderClient { context.client }
    var index: DropIndex { context.index }

    func push() async throws -> PushReport {
        var report = PushReport()
        let pending = try await index.pendingPayments()
        let byDocument = Dictionary(grouping: pending, by: \.documentId)
        guard !byDocument.isEmpty else { return report }
        let documents = try await index.documents(ids: Array(byDocument.keys))
        let states: ListPage<Invoice>
        do {
            states = try await client.invoices(ids: byDocument.keys.sorted())
        } catch let error as TeamleaderError where error.isTransient || error.isLinkBroken {
            report.waiting = pending.count
            throw StageInterrupted(report: report, cause: error)
        }
        let listed = Dictionary(states.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let unreadable = Dictionary(
            states.unreadable.compactMap { record in record.id.map { ($0, record.reason) } }, uniquingKeysWith: { first, _ in first })
        for documentId in byDocument.keys.sorted() where !Task.isShuttingDownGracefully {
            guard let payments = byDocument[documentId], let document = documents[documentId] else { continue }
            do {
                if let reason = unreadable[documentId] {
                    // One odd record never stops the queue: its payments wait, the others go on.
                    report.unreadable.append("\(document.number): \(reason)")
                    report.waiting += payments.count
                } else if let invoice = listed[documentId] {
                    try await push(payments, for: document, listed: invoice, report: &report)
                } else {
                    for payment in payments {
                        let reason = Words(.pushNotListed, document.number)
                        try await settle(payment, .failed, document: document, error: reason, kind: .paymentFailed)
                        report.failed.append("\(document.number): \(reason)")
                    }
                }
            } catch let error as TeamleaderError where error.isTransient || error.isLinkBroken {
                report.waiting = try await index.pendingPayments().count
                throw StageInterrupted(report: report, cause: error)
            } catch TeamleaderError.malformedResponse(_, let detail) {
                report.unreadable.append("\(document.number): \(detail)")
                report.waiting += payments.count
            }
        }
        return report
    }

    private func push(_ payments: [PaymentRecord], for document: DocumentRecord, listed: Invoice, report: inout PushReport) async throws {
        var state = InvoiceState(listed)
        if state.due == nil { state = InvoiceState(try await client.invoice(id: document.id)) }
        let history = try await index.payments(documentId: document.id)
        let label = "\(document.number) (\(document.company))"
        for payment in payments {
            if payment.state == .sending {
                // Its answer was lost: only Teamleader's own record tells whether it went through.
                let info = try await client.invoice(id: document.id)
                state = InvoiceState(info)
                if Self.registeredInTeamleader(payment, payments: info.payments ?? [], dueNow: info.total.due?.amount, history: history) {
                    try await settle(payment, .registered, document: document, detail: "confirmed after a lost answer", kind: .paymentRegistered)
                    report.registered.append(label)
                    continue
                }
            }
            let due = state.due ?? 0
            if state.paid || due <= 0 {
                try await settle(
                    payment, .alreadyPaid, document: document, detail: "Teamleader already shows it paid; nothing sent",
                    kind: .paymentAlreadyRegistered)
                report.alreadyPaid.append(label)
                continue
            }
            let amount = payment.amount ?? due
            // Never capped, never guessed: what no longer fits the invoice goes to the accountant.
            if let reason = Self.holdReason(amount: amount, due: due, basis: payment.basis, currency: document.currency) {
                try await hold(payment, document: document, reason: reason)
                report.held.append("\(label): \(reason)")
                continue
            }
            try await index.markSending(paymentId: try payment.persistedID, dueBefore: due)
            CrashPoint.hit("before-register")
            let money = Money(amount: amount, currency: payment.currency ?? state.currency ?? document.currency)
            do {
                defer { CrashPoint.hit("after-register-call") }
                try await client.registerPayment(invoiceID: document.id, payment: money, paidAt: Self.moment(payment.paidAt))
            } catch TeamleaderError.outcomeUnknown(_, let reason) {
                // Look once: the call may have gone through before its answer was lost.
                let info = try await client.invoice(id: document.id)
                state = InvoiceState(info)
                var sending = payment
                sending.state = .sending
                sending.dueBefore = due
                if Self.registeredInTeamleader(
                    sending, payments: info.payments ?? [], dueNow: info.total.due?.amount, history: history, amount: amount)
                {
                    try await settle(payment, .registered, document: document, detail: "confirmed after a lost answer", kind: .paymentRegistered)
                    report.registered.append(label)
                } else {
                    try await index.noteAttempt(paymentId: try payment.persistedID, error: reason)
                    report.waiting += 1
                }
                continue
            } catch TeamleaderError.rejected(_, _, let messages) {
                // Teamleader's own words, as it said them.
                let reason = Words(.pushRefused, messages.joined(separator: "; "))
                try await settle(payment, .failed, document: document, error: reason, kind: .paymentFailed)
                report.failed.append("\(label): \(reason)")
                continue
            }
            // The next payment of the same invoice needs the new open amount: carried forward, not asked
            // for; the index takes it too, so review files show what is open now.
            state.due = due - amount
            state.paid = due - amount <= 0
            try await settle(
                payment, .registered, document: document, detail: "\(money) paid \(payment.paidAt)", kind: .paymentRegistered,
                openNow: (state.due ?? 0, state.paid))
            report.registered.append(label)
        }
    }

    /// What tldrop needs of an invoice to push a payment: paid or not, the open amount, the currency.
    struct InvoiceState {
        var paid: Bool
        var due: Decimal?
        var currency: String?

        init(_ invoice: Invoice) {
            paid = invoice.paid
            due = invoice.total.due?.amount ?? (invoice.paid ? 0 : nil)
            currency = invoice.currency ?? invoice.total.payable.currency
        }
    }

    /// - Parameter openNow: what Teamleader shows open after a registration (carried forward, not read).
    func settle(
        _ payment: PaymentRecord, _ state: PaymentState, document: DocumentRecord, detail: String? = nil, error: Words? = nil,
        kind: EventKind, openNow: (due: Decimal, paid: Bool)? = nil
    ) async throws {
        try await index.settle(
            paymentId: try payment.persistedID, state: state, error: error?.stored,
            event: EventRecord(documentId: document.id, kind: kind, detail: detail ?? error?.description), remoteDue: openNow)
    }

    /// A paid day sent as noon UTC, so that no time zone moves it to another day.
    static func moment(_ day: CalendarDate) -> Date {
        day.startOfDayUTC.addingTimeInterval(12 * 3600)
    }
}
