import DropIndex
import DropValues
import Foundation
import PaymentFiles
import Wording

/// Decides what becomes of a line whose document is known: queued, already paid, not supported, a
/// duplicate, or held for review. A wrong payment is the worst thing tldrop can do: an amount above
/// the open amount is never capped, and a number found in a payer's free text only counts when the
/// amount is the open amount (or a part of it, paid by the document's own customer).
struct PaymentJudge {
    enum Verdict: Sendable {
        case queue(amount: Decimal?, basis: PaymentBasis)
        case alreadyPaid
        case notSupported(Unsupported)
        /// Already queued or registered, from where.
        case duplicate(Origin)
        case review(Hold)
    }

    /// Why Teamleader cannot take the payment.
    enum Unsupported: Sendable {
        case creditNote
        case currency(paid: String, invoice: String)

        func text(_ w: Wording) -> String { words.text(w) }

        var words: Words {
            switch self {
            case .creditNote: return Words(.judgeCreditNote)
            case .currency(let paid, let invoice): return Words(.judgeCurrency, paid, invoice)
            }
        }
    }

    /// Where an earlier payment of the same amount and day came from.
    enum Origin: Sendable {
        /// A line of the file being read (its location).
        case here(String)
        case lineOfThisFile(Int)
        case earlierFile

        func text(_ w: Wording) -> String {
            switch self {
            case .here(let location): return location
            case .lineOfThisFile(let line): return w(.originThisFile, line)
            case .earlierFile: return w(.originEarlier)
            }
        }
    }

    /// Why a payment is held for the accountant instead of sent.
    enum Hold: Sendable {
        case overpaid(amount: Decimal, open: Decimal, currency: String)
        case partFromText(amount: Decimal, open: Decimal, currency: String, customer: String, payer: String?)

        func text(_ w: Wording) -> String { words.text(w) }

        /// As words, for the index to keep and each reader to put in its language.
        var words: Words {
            switch self {
            case .overpaid(let amount, let open, let currency):
                return Words(.judgeOverpaid, typed: [Words.money(amount, currency), Words.money(open, currency)])
            case .partFromText(let amount, let open, let currency, let customer, let payer):
                return Words(
                    .judgeFreeText,
                    typed: [
                        Words.money(amount, currency), Words.money(open, currency), .text(customer),
                        payer.map { .text("'\($0)'") } ?? .words(Words(.judgeNoPayer)),
                    ])
            }
        }
    }

    /// What the index already holds or this file already queued, per document.
    struct Ledger {
        struct Entry {
            var amount: Decimal?
            var date: CalendarDate
            var origin: Origin
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
                    Entry(
                        amount: $0.amount, date: $0.paidAt,
                        origin: $0.inboxFileId == fileId ? .lineOfThisFile($0.line ?? 0) : .earlierFile,
                        pending: $0.state == .queued || $0.state == .sending)
                }
            }
        }

        /// What is still open once the payments not yet sent are counted.
        func open(_ document: PayableDocument, entries known: [Entry]? = nil) -> Decimal {
            let due = document.remoteDue ?? document.total
            guard let list = known ?? entries[document.id], !list.isEmpty else { return due }
            let pending = list.filter(\.pending)
            if pending.contains(where: { $0.amount == nil }) { return 0 }
            return due - pending.reduce(Decimal(0)) { $0 + ($1.amount ?? 0) }
        }

        func same(_ document: PayableDocument, amount: Decimal?, date: CalendarDate, entries known: [Entry]? = nil) -> Entry? {
            (known ?? entries[document.id] ?? []).first {
                ($0.amount == amount || ($0.amount == nil && amount == nil)) && ($0.date == date || amount == nil)
            }
        }
    }

    static func judge(_ fact: PaymentFact, document: PayableDocument, basis: PaymentBasis, date: CalendarDate, ledger: Ledger) -> Verdict {
        guard document.kind == .invoice else { return .notSupported(.creditNote) }
        if let currency = fact.currency, currency != document.currency {
            return .notSupported(.currency(paid: currency, invoice: document.currency))
        }
        if document.remotePaid { return .alreadyPaid }
        let entries = ledger.entries[document.id] ?? []
        if let same = ledger.same(document, amount: fact.amount, date: date, entries: entries) {
            return .duplicate(same.origin)
        }
        let open = ledger.open(document, entries: entries)
        guard let amount = fact.amount else { return .queue(amount: nil, basis: basis) }
        if amount > open {
            return .review(.overpaid(amount: amount, open: open, currency: document.currency))
        }
        guard basis == .text else { return .queue(amount: amount, basis: basis) }
        if amount == open { return .queue(amount: amount, basis: .text) }
        if CustomerName.matches(fact.counterparty, document.customer) { return .queue(amount: amount, basis: .textAndCustomer) }
        return .review(.partFromText(amount: amount, open: open, currency: document.currency, customer: document.customer, payer: fact.counterparty))
    }

    /// `invoice 2026 / 42 of 'Kroon' (Klant NV, open 121.00 EUR)`.
    static func describe(_ document: PayableDocument, ledger: Ledger, wording w: Wording) -> String {
        describe(
            kind: document.kind, number: document.number, company: document.company, customer: document.customer, paid: document.remotePaid,
            open: ledger.open(document), currency: document.currency
        ).text(w)
    }

    /// `describe` as words.
    static func describeWords(_ document: PayableDocument, ledger: Ledger) -> Words {
        describe(
            kind: document.kind, number: document.number, company: document.company, customer: document.customer, paid: document.remotePaid,
            open: ledger.open(document), currency: document.currency)
    }

    /// A document as a review file's candidates column and a held line name it.
    static func describe(
        kind: DocumentKind, number: String, company: String, customer: String, paid: Bool, open: Decimal, currency: String
    ) -> Words {
        let state = paid ? Words(.describePaid) : Words(.describeOpen, typed: [Words.money(open, currency)])
        return Words(kind == .invoice ? .describeInvoice : .describeCreditNote, number, company, customer, state)
    }
}
