import DropIndex
import Foundation
import PaymentFiles

/// Decides what becomes of a line whose document is known: queued, already paid, not supported, a
/// duplicate, or held for review. A wrong payment is the worst thing tldrop can do: an amount above
/// the open amount is never capped, and a number found in a payer's free text only counts when the
/// amount is the open amount (or a part of it, paid by the document's own customer).
struct PaymentJudge {
    enum Verdict {
        case queue(amount: Decimal?, basis: PaymentBasis)
        case alreadyPaid
        case notSupported(String)
        case duplicate(String)
        case review(String)
    }

    /// What the index already holds or this file already queued, per document.
    struct Ledger {
        struct Entry {
            var amount: Decimal?
            var date: String
            var origin: String
            /// Queued or being sent: not yet in Teamleader's open amount.
            var pending: Bool
        }

        var entries: [String: [Entry]] = [:]

        /// What is still open once the payments not yet sent are counted.
        func open(_ document: DocumentRecord) -> Decimal {
            let known = document.remoteDue.flatMap { Decimal(string: $0) } ?? Decimal(string: document.total) ?? 0
            let pending = (entries[document.id] ?? []).filter(\.pending)
            if pending.contains(where: { $0.amount == nil }) { return 0 }
            return known - pending.reduce(Decimal(0)) { $0 + ($1.amount ?? 0) }
        }

        func same(_ document: DocumentRecord, amount: Decimal?, date: String) -> Entry? {
            (entries[document.id] ?? []).first { ($0.amount == amount || ($0.amount == nil && amount == nil)) && ($0.date == date || amount == nil) }
        }
    }

    static func judge(_ fact: PaymentFact, document: DocumentRecord, basis: PaymentBasis, date: String, ledger: Ledger) -> Verdict {
        guard document.kind == .invoice else { return .notSupported("is a credit note; Teamleader takes no payment on credit notes") }
        if let currency = fact.currency, currency != document.currency {
            return .notSupported("paid in \(currency), but the invoice is in \(document.currency)")
        }
        if document.remotePaid { return .alreadyPaid }
        if let same = ledger.same(document, amount: fact.amount, date: date) {
            return .duplicate("is already queued or registered (from \(same.origin))")
        }
        let open = ledger.open(document)
        guard let amount = fact.amount else { return .queue(amount: nil, basis: basis) }
        if amount > open {
            return .review("\(money(amount, document)) is more than the open amount \(money(open, document)); an over-payment is never capped")
        }
        guard basis == .text else { return .queue(amount: amount, basis: basis) }
        if amount == open { return .queue(amount: amount, basis: .text) }
        if CustomerName.matches(fact.counterparty, document.customer) { return .queue(amount: amount, basis: .textAndCustomer) }
        let payer = fact.counterparty.map { "'\($0)'" } ?? "no payer named"
        return .review(
            "the number is only in the free text and \(money(amount, document)) is not its open amount \(money(open, document)) "
                + "(a part payment counts only from the invoice's customer '\(document.customer)'; the line says \(payer))")
    }

    static func money(_ value: Decimal, _ document: DocumentRecord) -> String {
        "\(InboxIntake.amount(value)) \(document.currency)"
    }

    /// `invoice 2026 / 42 of 'Kroon' (Klant NV, open 121.00 EUR)`.
    static func describe(_ document: DocumentRecord, ledger: Ledger) -> String {
        let kind = document.kind == .invoice ? "invoice" : "credit note"
        let state = document.remotePaid ? "paid" : "open \(money(ledger.open(document), document))"
        return "\(kind) \(document.number) of '\(document.company)' (\(document.customer), \(state))"
    }
}
