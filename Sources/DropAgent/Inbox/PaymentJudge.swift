import DropIndex
import Foundation
import PaymentFiles

/// Decides what becomes of a line whose document is known: queued, already paid, not supported, a
/// duplicate, or held for review. A wrong payment is the worst thing tldrop can do: an amount above
/// the open amount is never capped, and a number found in a payer's free text only counts when the
/// amount is the open amount (or a part of it, paid by the document's own customer).
struct PaymentJudge {
    enum Verdict: Sendable {
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

        init() {}

        /// The payments the index holds for the documents at stake (this file's earlier lines included;
        /// refused and held ones do not count).
        init(_ payments: [String: [LedgerPayment]], fileId: Int64) {
            for (documentId, list) in payments {
                entries[documentId] = list.filter { $0.state != .failed && $0.state != .held }.map {
                    Entry(amount: $0.amount.flatMap(DecimalText.parse), date: $0.paidAt,
                          origin: $0.inboxFileId == fileId ? "line \($0.line ?? 0) of this file" : "an earlier file",
                          pending: $0.state == .queued || $0.state == .sending)
                }
            }
        }

        /// What is still open once the payments not yet sent are counted.
        func open(_ document: PayableDocument, entries known: [Entry]? = nil) -> Decimal {
            let due = document.remoteDue.flatMap(DecimalText.parse) ?? DecimalText.parse(document.total) ?? 0
            guard let list = known ?? entries[document.id], !list.isEmpty else { return due }
            let pending = list.filter(\.pending)
            if pending.contains(where: { $0.amount == nil }) { return 0 }
            return due - pending.reduce(Decimal(0)) { $0 + ($1.amount ?? 0) }
        }

        func same(_ document: PayableDocument, amount: Decimal?, date: String, entries known: [Entry]? = nil) -> Entry? {
            (known ?? entries[document.id] ?? []).first { ($0.amount == amount || ($0.amount == nil && amount == nil)) && ($0.date == date || amount == nil) }
        }
    }

    static func judge(_ fact: PaymentFact, document: PayableDocument, basis: PaymentBasis, date: String, ledger: Ledger) -> Verdict {
        guard document.kind == .invoice else { return .notSupported("is a credit note; Teamleader takes no payment on credit notes") }
        if let currency = fact.currency, currency != document.currency {
            return .notSupported("paid in \(currency), but the invoice is in \(document.currency)")
        }
        if document.remotePaid { return .alreadyPaid }
        let entries = ledger.entries[document.id] ?? []
        if let same = ledger.same(document, amount: fact.amount, date: date, entries: entries) {
            return .duplicate("is already queued or registered (from \(same.origin))")
        }
        let open = ledger.open(document, entries: entries)
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

    static func money(_ value: Decimal, _ document: PayableDocument) -> String {
        "\(InboxIntake.amount(value)) \(document.currency)"
    }

    /// `invoice 2026 / 42 of 'Kroon' (Klant NV, open 121.00 EUR)`.
    static func describe(_ document: PayableDocument, ledger: Ledger) -> String {
        let kind = document.kind == .invoice ? "invoice" : "credit note"
        let state = document.remotePaid ? "paid" : "open \(money(ledger.open(document), document))"
        return "\(kind) \(document.number) of '\(document.company)' (\(document.customer), \(state))"
    }
}
