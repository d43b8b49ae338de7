import DropIndex
import DropValues
import Foundation
import TeamleaderAPI
import Wording

extension PaymentPusher {
    /// Whether Teamleader holds this payment beyond the ones already recorded as registered.
    ///
    /// How Teamleader stores `paid_at` is undocumented: a payment sent for the 20th may come back as
    /// `2026-11-20`, as local midnight `2026-11-20T00:00:00+01:00` (the 19th in UTC), or at noon UTC.
    /// So an entry counts by the calendar day written (its own offset) and the amount, allowing the day
    /// either side; an entry whose day or amount cannot be read counts as possibly ours. Independently,
    /// an open amount that fell by the payment since just before the call says it went through. When in
    /// doubt it is recognised, never sent again: a lost payment is reported, a double one is not undone.
    /// - Parameters:
    ///   - payments: the invoice's `payments[]` as `invoices.info` returns them.
    ///   - dueNow: the open amount `invoices.info` shows now.
    ///   - history: the document's payments in the index (the registered ones are already in Teamleader).
    ///   - amount: the amount sent, when the record holds none (the open amount at push time).
    static func registeredInTeamleader(
        _ payment: PaymentRecord, payments: [InvoicePayment], dueNow: Decimal?, history: [PaymentRecord], amount: Decimal? = nil
    ) -> Bool {
        let amount = amount ?? payment.amount
        let day = payment.paidAt
        func near(_ other: CalendarDate?) -> Bool {
            guard let other else { return true }
            return abs(other.startOfDayUTC.timeIntervalSince(day.startOfDayUTC)) <= 86_400
        }
        func same(_ value: Decimal?) -> Bool { amount == nil || value == nil || value == amount }
        let inTeamleader = payments.filter { near($0.paidAt?.day) && same($0.payment?.amount) }.count
        let ours = history.filter {
            $0.state == .registered && $0.id != payment.id && near($0.paidAt) && same($0.amount)
        }.count
        if inTeamleader > ours { return true }
        if let before = payment.dueBefore, let amount, let now = dueNow {
            return now <= before - amount + Decimal(string: "0.005")!
        }
        return false
    }

    /// Why a payment must not be sent as it is, or nil: more than the invoice's open amount (never
    /// capped), or a number from a payer's free text whose amount is no longer the open amount.
    static func holdReason(amount: Decimal, due: Decimal, basis: PaymentBasis, currency: String) -> Words? {
        if amount > due { return Words(.pushOverpaid, typed: [Words.money(amount, currency), Words.money(due, currency)]) }
        if basis == .text, amount != due { return Words(.pushNoLongerOpen, typed: [Words.money(amount, currency), Words.money(due, currency)]) }
        return nil
    }

    /// Sets a payment aside for the accountant: held, with a review item, in one transaction. The item is
    /// kept as words and the document's id, so its review file speaks the configured language.
    func hold(_ payment: PaymentRecord, document: DocumentRecord, reason: Words) async throws {
        var source: InboxFileRecord?
        if let id = payment.inboxFileId { source = try await index.inboxFile(id: id) }
        var item = ReviewItemRecord(
            token: ReviewItems.token(), inboxFileId: payment.inboxFileId, source: source?.name ?? "payments",
            location: payment.line.map { Words.location(nil, $0).stored } ?? "-", company: document.company, paidOn: payment.paidAt,
            amount: payment.amount, currency: payment.currency, counterparty: nil, said: Words(.pushSaid, document.number).stored,
            candidates: Words.verbatim(document.number).stored, reason: reason.stored)
        item.candidateIds = document.id
        try await index.hold(
            paymentId: try payment.persistedID, item: item,
            event: EventRecord(documentId: document.id, kind: .paymentHeld, detail: reason.description))
    }
}
