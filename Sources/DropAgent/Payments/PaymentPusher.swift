import DropIndex
import Foundation
import ServiceLifecycle
import Logging
import TeamleaderAPI

/// What pushing the queue did.
public struct PushReport: Codable, Sendable, Equatable {
    public var registered: [String] = []
    public var alreadyPaid: [String] = []
    public var failed: [String] = []
    /// Payments set aside for the accountant: they no longer fit the invoice.
    public var held: [String] = []
    /// Payments still waiting (Teamleader could not be reached, or an outcome is still unclear).
    public var waiting = 0

    public init() {}
}

/// Registers queued payments in Teamleader exactly once.
///
/// Before each call it reads `invoices.info`: an invoice already paid is reported without a call, and a
/// payment already in `payments[]` (an earlier call got through but its answer was lost) is recorded as
/// registered. A payment is marked "sending" before its call, so that whatever crashes or times out,
/// the next attempt checks first and never registers twice.
struct PaymentPusher {
    let client: TeamleaderClient
    let index: DropIndex
    let logger: Logger

    func push() async throws -> PushReport {
        var report = PushReport()
        let pending = try await index.pendingPayments()
        let byDocument = Dictionary(grouping: pending, by: \.documentId)
        let documents = try await index.documents(ids: Array(byDocument.keys))
        for documentId in byDocument.keys.sorted() where !Task.isShuttingDownGracefully {
            guard let payments = byDocument[documentId], let document = documents[documentId] else { continue }
            do {
                try await push(payments, for: document, report: &report)
            } catch let error as TeamleaderError where error.isTransient || error.isLinkBroken {
                report.waiting = try await index.pendingPayments().count
                throw PushInterrupted(report: report, cause: error)
            }
        }
        return report
    }

    private func push(_ payments: [PaymentRecord], for document: DocumentRecord, report: inout PushReport) async throws {
        var invoice: Invoice
        do {
            invoice = try await client.invoice(id: document.id)
        } catch TeamleaderError.rejected(_, let status, let messages) where status == 400 || status == 404 {
            for payment in payments {
                let reason = "Teamleader no longer knows \(document.number): " + messages.joined(separator: "; ")
                try await settle(payment, .failed, document: document, error: reason, kind: .paymentFailed)
                report.failed.append("\(document.number): \(reason)")
            }
            return
        }
        let history = try await index.payments(documentId: document.id)
        for payment in payments {
            let label = "\(document.number) (\(document.company))"
            let due = invoice.total.due?.amount ?? invoice.total.payable.amount
            if invoice.paid || due <= 0 {
                // A payment an earlier, lost answer did register counts as registered, not as "already paid".
                if payment.state == .sending, registeredInTeamleader(payment, invoice: invoice, history: history) {
                    try await settle(payment, .registered, document: document, detail: "confirmed after a lost answer", kind: .paymentRegistered)
                    report.registered.append(label)
                } else {
                    try await settle(payment, .alreadyPaid, document: document, detail: "Teamleader already shows it paid; nothing sent", kind: .paymentAlreadyRegistered)
                    report.alreadyPaid.append(label)
                }
                continue
            }
            let amount = payment.amount.flatMap { Decimal(string: $0) } ?? due
            if payment.state == .sending, registeredInTeamleader(payment, invoice: invoice, history: history, amount: amount) {
                try await settle(payment, .registered, document: document, detail: "confirmed after a lost answer", kind: .paymentRegistered)
                report.registered.append(label)
                continue
            }
            // Never capped, never guessed: what no longer fits the invoice goes to the accountant.
            if let reason = Self.holdReason(amount: amount, due: due, basis: payment.basis, currency: document.currency) {
                try await hold(payment, document: document, reason: reason)
                report.held.append("\(label): \(reason)")
                continue
            }
            try await index.markSending(paymentId: payment.id ?? 0)
            CrashPoint.hit("before-register")
            let money = Money(amount: amount, currency: payment.currency ?? invoice.currency ?? document.currency)
            do {
                defer { CrashPoint.hit("after-register-call") }
                try await client.registerPayment(invoiceID: document.id, payment: money, paidAt: Self.moment(payment.paidAt))
            } catch TeamleaderError.outcomeUnknown(_, let reason) {
                // Look once more: the call may have gone through before its answer was lost.
                invoice = try await client.invoice(id: document.id)
                var sending = payment
                sending.state = .sending
                if registeredInTeamleader(sending, invoice: invoice, history: history, amount: amount) {
                    try await settle(payment, .registered, document: document, detail: "confirmed after a lost answer", kind: .paymentRegistered)
                    report.registered.append(label)
                } else {
                    try await index.noteAttempt(paymentId: payment.id ?? 0, error: reason)
                    report.waiting += 1
                }
                continue
            } catch TeamleaderError.rejected(_, _, let messages) {
                let reason = "Teamleader refused it: " + messages.joined(separator: "; ")
                try await settle(payment, .failed, document: document, error: reason, kind: .paymentFailed)
                report.failed.append("\(label): \(reason)")
                continue
            }
            try await settle(
                payment, .registered, document: document, detail: "\(money) paid \(payment.paidAt)", kind: .paymentRegistered)
            report.registered.append(label)
            // The next payment of the same invoice needs the new open amount.
            if payment.id != payments.last?.id { invoice = try await client.invoice(id: document.id) }
        }
    }

    /// Whether Teamleader holds this payment beyond the ones we already recorded as registered: same day,
    /// same amount.
    private func registeredInTeamleader(
        _ payment: PaymentRecord, invoice: Invoice, history: [PaymentRecord], amount: Decimal? = nil
    ) -> Bool {
        let amount = amount ?? payment.amount.flatMap { Decimal(string: $0) }
        func same(_ day: String, _ value: Decimal?) -> Bool { day == payment.paidAt && (amount == nil || value == amount) }
        let inTeamleader = (invoice.payments ?? []).filter { same(CalendarDate($0.paidAt).description, $0.payment.amount) }.count
        let ours = history.filter { $0.state == .registered && $0.id != payment.id && same($0.paidAt, $0.amount.flatMap { Decimal(string: $0) }) }.count
        return inTeamleader > ours
    }

    private func settle(
        _ payment: PaymentRecord, _ state: PaymentState, document: DocumentRecord, detail: String? = nil, error: String? = nil,
        kind: EventKind
    ) async throws {
        try await index.settle(
            paymentId: payment.id ?? 0, state: state, error: error,
            event: EventRecord(documentId: document.id, kind: kind, detail: detail ?? error))
    }

    /// Why a payment must not be sent as it is, or nil: more than the invoice's open amount (never
    /// capped), or a number from a payer's free text whose amount is no longer the open amount.
    static func holdReason(amount: Decimal, due: Decimal, basis: PaymentBasis, currency: String) -> String? {
        let money = { (value: Decimal) in "\(InboxIntake.amount(value)) \(currency)" }
        if amount > due {
            return "\(money(amount)) is more than what Teamleader shows open, \(money(due)); an over-payment is never capped"
        }
        if basis == .text, amount != due {
            return "the number was only in the payer's free text, and \(money(amount)) is no longer the open amount \(money(due))"
        }
        return nil
    }

    private func hold(_ payment: PaymentRecord, document: DocumentRecord, reason: String) async throws {
        var source: InboxFileRecord?
        if let id = payment.inboxFileId { source = try await index.inboxFile(id: id) }
        let item = ReviewItemRecord(
            token: ReviewItems.token(), inboxFileId: payment.inboxFileId, source: source?.name ?? "the payment queue",
            location: payment.line.map { "line \($0)" } ?? "-", company: document.company, paidOn: payment.paidAt, amount: payment.amount,
            currency: payment.currency, counterparty: nil, said: "a payment queued for \(document.number)",
            candidates: "invoice \(document.number) of '\(document.company)' (\(document.customer))", reason: reason)
        try await index.hold(
            paymentId: payment.id ?? 0, item: item,
            event: EventRecord(documentId: document.id, kind: .paymentHeld, detail: reason))
    }

    /// A paid day sent as noon UTC, so that no time zone moves it to another day.
    static func moment(_ day: String) -> Date {
        (CalendarDate(day) ?? CalendarDate(Date())).startOfDayUTC.addingTimeInterval(12 * 3600)
    }
}

/// Teamleader stopped answering mid-push: what was done, and why it stopped.
struct PushInterrupted: Error, CustomStringConvertible {
    var report: PushReport
    var cause: any Error
    var description: String { "\(cause)" }
}
