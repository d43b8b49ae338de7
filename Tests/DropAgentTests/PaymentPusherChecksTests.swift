import DropIndex
import DropValues
import Foundation
import TeamleaderAPI
import Testing
import Wording

@testable import DropAgent

/// The push-time checks, one row per case: whether a payment whose answer was lost is already in
/// Teamleader (so it is never sent twice), and whether a queued payment may still be sent as it is.
@Suite struct PaymentPusherChecksTests {
    static let day = CalendarDate("2026-11-20")!

    struct Lost: Sendable, CustomTestStringConvertible {
        var name: String
        /// `payments[]` as `invoices.info` returns them: `paid_at` as written, and the amount.
        var inTeamleader: [(paidAt: String?, amount: Decimal?)]
        /// Payments of ours already registered: (day, amount).
        var registered: [(CalendarDate, Decimal)] = []
        var amount: Decimal? = 100
        var dueBefore: Decimal? = nil
        var dueNow: Decimal? = nil
        var expected: Bool

        var testDescription: String { name }
    }

    static let lost: [Lost] = [
        Lost(name: "a bare day", inTeamleader: [("2026-11-20", 100)], expected: true),
        Lost(name: "local midnight (the 19th in UTC)", inTeamleader: [("2026-11-20T00:00:00+01:00", 100)], expected: true),
        Lost(name: "noon UTC", inTeamleader: [("2026-11-20T12:00:00+00:00", 100)], expected: true),
        Lost(name: "the day before, in UTC", inTeamleader: [("2026-11-19T23:00:00Z", 100)], expected: true),
        Lost(name: "the day after", inTeamleader: [("2026-11-21", 100)], expected: true),
        Lost(name: "two days off is another payment", inTeamleader: [("2026-11-22", 100)], expected: false),
        Lost(name: "another amount is another payment", inTeamleader: [("2026-11-20", 50)], expected: false),
        Lost(name: "a day that cannot be read counts as possibly ours", inTeamleader: [(nil, 100)], expected: true),
        Lost(name: "an amount that cannot be read counts as possibly ours", inTeamleader: [("2026-11-20", nil)], expected: true),
        Lost(name: "nothing in Teamleader", inTeamleader: [], expected: false),
        Lost(
            name: "the one in Teamleader is ours, registered earlier", inTeamleader: [("2026-11-20", 100)], registered: [(day, 100)],
            expected: false),
        Lost(
            name: "a second one beside ours", inTeamleader: [("2026-11-20", 100), ("2026-11-20T00:00:00+01:00", 100)],
            registered: [(day, 100)], expected: true),
        Lost(name: "the open amount fell by the payment", inTeamleader: [], dueBefore: 121, dueNow: 21, expected: true),
        Lost(name: "the open amount did not move", inTeamleader: [], dueBefore: 121, dueNow: 121, expected: false),
        Lost(
            name: "no amount of its own: the open amount is not enough to tell", inTeamleader: [], amount: nil, dueBefore: 121, dueNow: 0,
            expected: false),
    ]

    @Test(arguments: lost) func aLostAnswerIsRecognisedWhenTeamleaderHoldsThePayment(_ row: Lost) throws {
        var payment = PaymentRecord(documentId: "inv-42", line: 3, amount: row.amount, currency: "EUR", paidAt: Self.day, state: .sending)
        payment.id = 9
        payment.dueBefore = row.dueBefore
        let history = row.registered.enumerated().map { offset, entry in
            var record = PaymentRecord(documentId: "inv-42", line: offset, amount: entry.1, currency: "EUR", paidAt: entry.0, state: .registered)
            record.id = Int64(offset + 1)
            return record
        }
        let payments = try row.inTeamleader.map { entry in
            InvoicePayment(
                paidAt: try entry.paidAt.map { try #require(PaidAt($0)) }, payment: entry.amount.map { Money(amount: $0, currency: "EUR") })
        }
        #expect(
            PaymentPusher.registeredInTeamleader(payment, payments: payments, dueNow: row.dueNow, history: history + [payment]) == row.expected)
    }

    @Test(arguments: [
        (amount: Decimal(121), due: Decimal(121), basis: PaymentBasis.number, expected: Phrase?.none),
        (50, 121, .number, nil),
        (Decimal(string: "121.01")!, 121, .number, .pushOverpaid),
        (Decimal(string: "121.01")!, 121, .text, .pushOverpaid),
        (121, 121, .text, nil),
        (50, 121, .text, .pushNoLongerOpen),
        (50, 121, .textAndCustomer, nil),
        (50, 121, .review, nil),
    ])
    func aQueuedPaymentIsHeldWhenItNoLongerFits(amount: Decimal, due: Decimal, basis: PaymentBasis, expected: Phrase?) {
        let reason = PaymentPusher.holdReason(amount: amount, due: due, basis: basis, currency: "EUR")
        #expect(reason?.phrase == expected)
        if let reason { #expect(reason.arguments == [.money(amount, currency: "EUR"), .money(due, currency: "EUR")]) }
    }
}
