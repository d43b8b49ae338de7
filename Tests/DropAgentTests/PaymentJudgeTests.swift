import DropIndex
import DropValues
import Foundation
import PaymentFiles
import Testing
import Wording

@testable import DropAgent

/// The rule that decides whether money is registered, one row per case: what a line becomes once its
/// document is known. A wrong payment is the worst thing tldrop can do, so every way to hold or refuse
/// is here beside the ways to queue.
@Suite struct PaymentJudgeTests {
    static let day = CalendarDate("2026-11-20")!

    /// Invoice 2026 / 42 of Klant NV: 121.00 EUR, open as Teamleader last showed it.
    static func invoice(
        kind: DocumentKind = .invoice, currency: String = "EUR", open: Decimal? = 121, paid: Bool = false
    ) -> PayableDocument {
        PayableDocument(
            id: "inv-42", kind: kind, company: "Kroon", number: "2026 / 42", numberKey: "2026/42", customer: "Klant NV",
            paymentReference: nil, currency: currency, total: 121, remoteDue: open, remotePaid: paid)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var document: PayableDocument
        var amount: Decimal?
        var currency: String? = nil
        var basis: PaymentBasis = .number
        var payer: String? = nil
        /// Payments the index already holds for the document: amount, day, still pending.
        var ledger: [(amount: Decimal?, day: CalendarDate, pending: Bool)] = []
        var expected: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a number, the open amount", document: invoice(), amount: 121, expected: "queue 121 number"),
        Case(name: "a number, a part", document: invoice(), amount: 50, expected: "queue 50 number"),
        Case(name: "no amount: the open amount at push time", document: invoice(), amount: nil, expected: "queue open number"),
        Case(name: "more than open is never capped", document: invoice(), amount: Decimal(string: "121.01"), expected: "hold overpaid 121.01 of 121"),
        Case(
            name: "pending payments lower what is open", document: invoice(), amount: 30,
            ledger: [(100, CalendarDate("2026-11-18")!, true)], expected: "hold overpaid 30 of 21"),
        Case(
            name: "registered payments are already in Teamleader's open amount", document: invoice(open: 21), amount: 21,
            ledger: [(100, CalendarDate("2026-11-18")!, false)], expected: "queue 21 number"),
        Case(name: "free text at the open amount", document: invoice(), amount: 121, basis: .text, expected: "queue 121 text"),
        Case(
            name: "free text, a part, paid by the customer", document: invoice(), amount: 50, basis: .text, payer: "KLANT NV",
            expected: "queue 50 textAndCustomer"),
        Case(
            name: "free text, a part, paid by someone else", document: invoice(), amount: 50, basis: .text, payer: "Iemand Anders BV",
            expected: "hold part 50 of 121"),
        Case(name: "free text, a part, payer unknown", document: invoice(), amount: 50, basis: .text, expected: "hold part 50 of 121"),
        Case(
            name: "the same amount on the same day", document: invoice(), amount: 50, ledger: [(50, day, true)],
            expected: "duplicate earlier file"),
        Case(
            name: "the same amount on another day is a second payment", document: invoice(), amount: 50,
            ledger: [(50, CalendarDate("2026-11-19")!, true)], expected: "queue 50 number"),
        Case(name: "another currency", document: invoice(), amount: 121, currency: "USD", expected: "not supported currency"),
        Case(name: "a credit note", document: invoice(kind: .creditNote), amount: 121, expected: "not supported credit note"),
        Case(name: "already paid", document: invoice(open: 0, paid: true), amount: 121, expected: "already paid"),
    ]

    @Test(arguments: cases) func aLineBecomesWhatTheRuleSays(_ row: Case) {
        var fact = PaymentFact(kind: .bankCredit, line: 7, amount: row.amount, currency: row.currency, counterparty: row.payer)
        fact.date = Self.day
        var ledger = PaymentJudge.Ledger()
        ledger.entries[row.document.id] = row.ledger.map { .init(amount: $0.amount, date: $0.day, origin: .earlierFile, pending: $0.pending) }
        let verdict = PaymentJudge.judge(fact, document: row.document, basis: row.basis, date: Self.day, ledger: ledger)
        #expect(Self.summary(verdict) == row.expected)
    }

    /// Every hold is worded through the phrase tables, never in English outside them.
    @Test func holdsAreWordsInEveryLanguage() {
        let hold = PaymentJudge.Hold.partFromText(amount: 50, open: 121, currency: "EUR", customer: "Klant NV", payer: nil)
        let texts = [Language.en, .nl, .fr].map { hold.text(Wording($0)) }
        #expect(Set(texts).count == 3, "\(texts)")
        for text in texts { #expect(text.contains("Klant NV")) }
    }

    static func summary(_ verdict: PaymentJudge.Verdict) -> String {
        switch verdict {
        case .queue(let amount, let basis): return "queue \(amount.map { "\($0)" } ?? "open") \(basis)"
        case .alreadyPaid: return "already paid"
        case .notSupported(.creditNote): return "not supported credit note"
        case .notSupported(.currency): return "not supported currency"
        case .duplicate(.earlierFile): return "duplicate earlier file"
        case .duplicate(let origin): return "duplicate \(origin)"
        case .review(.overpaid(let amount, let open, _)): return "hold overpaid \(amount) of \(open)"
        case .review(.partFromText(let amount, let open, _, _, _)): return "hold part \(amount) of \(open)"
        }
    }
}
