import DropValues
import Foundation
import Testing

@testable import TeamleaderAPI

/// The documented example responses (teamleader-api.md and Teamleader's API Blueprint) decode.
@Suite struct FixtureTests {
    func decode<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try TeamleaderJSON.decoder.decode(DataEnvelope<T>.self, from: try fixture(name)).data
    }

    @Test func invoicesList() throws {
        let invoices = try decode("invoices.list", as: [Invoice].self)
        #expect(invoices.count == 2)
        let booked = invoices[0]
        #expect(booked.invoiceNumber == "2017 / 5")
        #expect(booked.invoiceDate == CalendarDate("2016-02-04"))
        #expect(booked.status == .matched && booked.status.isBooked)
        #expect(booked.paymentReference == "+++084/2613/66074+++")
        #expect(booked.total.taxExclusive == Money(amount: Decimal(string: "123.30")!, currency: "EUR"))
        #expect(booked.invoicee.name == "De Rode Duivels")
        let draft = invoices[1]
        #expect(draft.status == .draft && !draft.status.isBooked)
        #expect(draft.invoiceNumber == nil && draft.invoiceDate == nil)
    }

    @Test func invoicesInfo() throws {
        let invoice = try decode("invoices.info", as: Invoice.self)
        #expect(
            invoice.payments == [
                InvoicePayment(
                    paidAt: PaidAt("2016-03-03T16:44:33+00:00"), payment: Money(amount: Decimal(string: "123.30")!, currency: "EUR"))
            ])
        #expect(invoice.currency == "USD")
        #expect(invoice.groupedLines?.first?.lineItems.first?.taxExclusive == Decimal(string: "314.42"))
        #expect(invoice.total.due?.amount == Decimal(string: "257.15"))
    }

    /// Fields tldrop does not use may be missing, null, or of another shape; unknown ones may appear.
    /// Only what tldrop cannot do without makes a record unreadable.
    @Test func onlyWhatTldropUsesIsRequired() throws {
        let lean = """
            {"data": {"id": "x", "department": {"type": "department", "id": "d"}, "status": "outstanding", "paid": false,
             "invoicee": {"name": "Klant"}, "total": {"payable": {"amount": 121, "currency": "EUR"}, "taxes": "n/a"},
             "currency_exchange_rate": "n/a", "sent": "yes", "invoice_date": "04/02/2016", "peppol_status": {"x": 1}}}
            """
        let invoice = try TeamleaderJSON.decoder.decode(DataEnvelope<Invoice>.self, from: Data(lean.utf8)).data
        #expect(invoice.total.payable.amount == 121 && invoice.total.due == nil && invoice.sent == nil && invoice.invoiceDate == nil)
        let missing =
            #"{"data": {"id": "x", "department": {"type": "department", "id": "d"}, "status": "outstanding", "paid": false, "invoicee": {"name": "K"}}}"#
        #expect(throws: DecodingError.self) { try TeamleaderJSON.decoder.decode(DataEnvelope<Invoice>.self, from: Data(missing.utf8)) }
    }

    /// How Teamleader stores `paid_at` is undocumented: each spelling gives the day written.
    @Test(arguments: [
        ("2026-11-20T00:00:00+01:00", "2026-11-20"), ("2026-11-20", "2026-11-20"), ("2026-11-20T12:00:00+00:00", "2026-11-20"),
        ("2026-11-20T23:30:00-05:00", "2026-11-20"), ("2026-11-20 00:00:00", "2026-11-20"),
    ])
    func paidAtIsTheDayWritten(_ text: String, _ day: String) throws {
        #expect(PaidAt(text)?.day == CalendarDate(day))
    }

    @Test func invoicesDownload() throws {
        let link = try decode("invoices.download", as: DownloadLink.self)
        #expect(link.location == "https://cdn.teamleader.eu/file")
        #expect(link.expires == Timestamp.parse("2018-02-05T16:44:33+00:00"))
    }

    @Test func creditNotesList() throws {
        let notes = try decode("creditNotes.list", as: [CreditNote].self)
        #expect(notes.first?.creditNoteNumber == "2017 / 2")
        #expect(notes.first?.invoice?.id == "2aa4a6a9-9ce8-4851-a9b3-26aea2ea14c4")
        #expect(notes.first?.total.due == nil)
    }

    @Test func directory() throws {
        #expect(try decode("departments.list", as: [Department].self).first?.name == "Human Resources")
        #expect(try decode("users.me", as: User.self).account.id == "1df5e5a5-2ee9-4bf4-bf4e-96e0d4d2d9a8")
        #expect(try decode("companies.info", as: Company.self).vatNumber == "BE0899623035")
        #expect(try decode("contacts.info", as: Contact.self).lastName == "Bachman")
        #expect(try decode("products.list", as: [Product].self).first?.sellingPrice?.amount == Decimal(string: "123.30"))
    }

    @Test func errorBodies() throws {
        #expect(ErrorBody.messages(in: try fixture("errors")) == ["Company name must not be empty"])
        let oauth = try #require(ErrorBody.oauth(in: try fixture("oauth.error")))
        #expect(oauth.error == "invalid_grant" && oauth.description == "The refresh token is invalid.")
        #expect(ErrorBody.messages(in: Data("<html>busy</html>".utf8)).isEmpty)
    }

    @Test func tokenResponseShape() throws {
        struct Token: Decodable {
            var token_type: String
            var expires_in: Int
            var access_token: String
            var refresh_token: String
        }
        let token = try JSONDecoder().decode(Token.self, from: try fixture("oauth.access_token"))
        #expect(token.token_type == "Bearer" && token.expires_in == 3600)
    }

    @Test func requestsAreEncodedAsDocumented() throws {
        let filter = InvoiceFilter(
            departmentId: "d", status: [.outstanding, .matched], updatedSince: Timestamp.parse("2016-02-04T16:44:33+00:00"),
            invoiceDateAfter: CalendarDate("2020-01-01"))
        let json = String(decoding: try TeamleaderJSON.encoder.encode(filter), as: UTF8.self)
        #expect(
            json
                == #"{"department_id":"d","invoice_date_after":"2020-01-01","status":["outstanding","matched"],"updated_since":"2016-02-04T16:44:33+00:00"}"#
        )
        let money = String(decoding: try TeamleaderJSON.encoder.encode(Money(amount: Decimal(string: "123.30")!, currency: "EUR")), as: UTF8.self)
        #expect(money == #"{"amount":123.3,"currency":"EUR"}"#)
    }

    @Test func timestampsRoundTrip() {
        let date = Timestamp.parse("2026-02-28T23:59:59+01:00")!
        #expect(Timestamp.format(date) == "2026-02-28T22:59:59+00:00")
        #expect(Timestamp.parse("2026-13-01T00:00:00Z") == nil)
        #expect(Timestamp.parse("2026-02-30T00:00:00Z") == nil)
        #expect(CalendarDate("2024-02-29") != nil && CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("2026-01-31")!.adding(days: 1) == CalendarDate("2026-02-01"))
    }
}
