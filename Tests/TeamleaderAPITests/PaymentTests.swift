import AsyncHTTPClient
import DropValues
import Foundation
import Logging
import NIOCore
import TeamleaderSandbox
import Testing

@testable import TeamleaderAPI

@Suite struct PaymentTests {
    static func outstandingInvoice(_ harness: Harness) async throws -> Invoice {
        let list = try await harness.client.invoices(filter: InvoiceFilter(status: [.outstanding]))
        return try #require(list.items.first { $0.total.due == $0.total.payable })
    }

    @Test func aPartialThenFullPaymentShowsInInvoicesInfo() async throws {
        try await withHarness { harness in
            let invoice = try await Self.outstandingInvoice(harness)
            let payable = invoice.total.payable.amount
            let part = Decimal(string: "10.05")!
            let paidAt = try #require(Timestamp.parse("2026-11-20T10:00:00+00:00"))
            try await harness.client.registerPayment(invoiceID: invoice.id, payment: Money(amount: part, currency: "EUR"), paidAt: paidAt)
            var info = try await harness.client.invoice(id: invoice.id)
            // Teamleader keeps the day (as local midnight, or a bare date): the day is what comes back.
            #expect(info.payments?.map(\.paidAt?.day) == [CalendarDate("2026-11-20")])
            #expect(info.payments?.map(\.payment) == [Money(amount: part, currency: "EUR")])
            #expect(info.total.due?.amount == payable - part)
            #expect(info.status == .outstanding && !info.paid)
            try await harness.client.registerPayment(
                invoiceID: invoice.id, payment: Money(amount: payable - part, currency: "EUR"), paidAt: paidAt)
            info = try await harness.client.invoice(id: invoice.id)
            #expect(info.payments?.count == 2)
            #expect(info.total.due?.amount == 0)
            #expect(info.status == .matched && info.paid)
            #expect(info.payments?.compactMap(\.paidAt?.day) == [CalendarDate("2026-11-20")!, CalendarDate("2026-11-20")!])
            #expect(info.currency == "EUR")
        }
    }

    @Test func aLostAnswerIsReportedAndNotRetried() async throws {
        try await withHarness { harness in
            let invoice = try await Self.outstandingInvoice(harness)
            var faults = harness.sandbox.faults
            faults.losePaymentAnswers = 1
            harness.sandbox.faults = faults
            do {
                try await harness.client.registerPayment(
                    invoiceID: invoice.id, payment: Money(amount: 1, currency: "EUR"), paidAt: Date())
                Issue.record("a lost answer was taken for success")
            } catch let error as TeamleaderError {
                guard case .outcomeUnknown = error else { throw error }
                #expect(error.isTransient)
            }
            let received = harness.sandbox.receivedPayments
            #expect(received.count == 1)
            #expect(received.first?.applied == true && received.first?.answered == false)
            // What the caller does next: read the invoice and find the payment already there.
            let info = try await harness.client.invoice(id: invoice.id)
            #expect(info.payments?.count == 1)
        }
    }

    @Test func aServerErrorOnRegisterPaymentIsNotRetriedBlindly() async throws {
        try await withHarness { harness in
            let invoice = try await Self.outstandingInvoice(harness)
            var faults = harness.sandbox.faults
            faults.failNext = 1
            harness.sandbox.faults = faults
            await #expect(throws: TeamleaderError.self) {
                try await harness.client.registerPayment(invoiceID: invoice.id, payment: Money(amount: 1, currency: "EUR"), paidAt: Date())
            }
            #expect(harness.sandbox.requestCounts["invoices.registerPayment"] == 1)
        }
    }

    @Test func serverErrorsOnReadsAreRetriedWithBackoff() async throws {
        try await withHarness { harness in
            _ = try await harness.client.me()
            var faults = harness.sandbox.faults
            faults.failNext = 2
            harness.sandbox.faults = faults
            let departments = try await harness.client.departments()
            #expect(departments.count == 2)
            #expect(harness.sandbox.requestCounts["departments.list"] == 3)
        }
    }

    @Test func persistentServerErrorsEndAsUnreachable() async throws {
        try await withHarness { harness in
            _ = try await harness.client.me()
            var faults = harness.sandbox.faults
            faults.failNext = 100
            harness.sandbox.faults = faults
            do {
                _ = try await harness.client.departments()
                Issue.record("a failing server looked healthy")
            } catch let error as TeamleaderError {
                #expect(error.isTransient)
                #expect("\(error)".contains("503"))
            }
            #expect(harness.sandbox.requestCounts["departments.list"] == RetryPolicy.fast.maximumAttempts)
        }
    }

    @Test func badPaymentsAreRefusedWithTeamleadersMessage() async throws {
        try await withHarness { harness in
            let draft = try #require(try await harness.client.invoices(filter: InvoiceFilter(status: [.draft])).items.first)
            do {
                try await harness.client.registerPayment(invoiceID: draft.id, payment: Money(amount: 5, currency: "EUR"), paidAt: Date())
                Issue.record("a draft took a payment")
            } catch TeamleaderError.rejected(let endpoint, let status, let messages) {
                #expect(endpoint == "invoices.registerPayment" && status == 400)
                #expect(messages == ["Payments can only be registered on booked invoices"])
            }
            #expect(harness.sandbox.receivedPayments.isEmpty)
        }
    }

    @Test func anUnreachableServerIsTransient() async throws {
        // A port nothing listens on: the connection is refused at once and retried, then reported.
        let http = TeamleaderClient.makeHTTPClient()
        defer { _ = http.shutdown() as EventLoopFuture<Void> }
        let client = TeamleaderClient(
            configuration: TeamleaderConfiguration(
                apiURL: URL(string: "http://127.0.0.1:1")!, authURL: URL(string: "http://127.0.0.1:1")!,
                clientID: "sandbox", clientSecret: "sandbox", retry: .fast),
            tokens: InMemoryTokenStore(TokenPair(accessToken: "a", refreshToken: "r", expiresAt: .distantFuture)),
            httpClient: http, logger: .init(label: "test"))
        let started = ContinuousClock.now
        do {
            _ = try await client.me()
            Issue.record("nothing listens there")
        } catch let error as TeamleaderError {
            #expect(error.isTransient)
        }
        #expect(ContinuousClock.now - started < .seconds(60), "a ceiling that only catches a hang")
    }
}
