package import DropValues
package import Foundation

extension TeamleaderClient {
    // MARK: Account

    /// `users.me`: the connected user and account.
    package func me() async throws -> User {
        try await call("users.me", body: EmptyBody())
    }

    /// `departments.list`. Teamleader ignores paging here, so this is one call, never a loop.
    package func departments(filter: DepartmentFilter? = nil) async throws -> [Department] {
        struct Body: Encodable {
            var filter: DepartmentFilter?
            var sort: [SortOrder]
        }
        return try await call("departments.list", body: Body(filter: filter, sort: [SortOrder(field: "name")]))
    }

    /// `companies.info`.
    package func company(id: String) async throws -> Company {
        try await call("companies.info", body: IdentifierBody(id: id))
    }

    /// `contacts.info`.
    package func contact(id: String) async throws -> Contact {
        try await call("contacts.info", body: IdentifierBody(id: id))
    }

    /// One page of `products.list`.
    package func products(filter: ProductFilter? = nil, page: Page = Page()) async throws -> [Product] {
        struct Body: Encodable {
            var filter: ProductFilter?
            var page: Page
        }
        return try await call("products.list", body: Body(filter: filter, page: page))
    }

    // MARK: Invoices

    /// One page of `invoices.list`, always with an explicit sort. Each record is read on its own: one
    /// that cannot be is returned among `unreadable`, never failing the page.
    package func invoices(
        filter: InvoiceFilter? = nil, sort: SortOrder = .invoiceNumberAscending, page: Page = Page()
    ) async throws -> ListPage<Invoice> {
        struct Body: Encodable {
            var filter: InvoiceFilter?
            var page: Page
            var sort: [SortOrder]
        }
        return try await list("invoices.list", body: Body(filter: filter, page: page, sort: [sort]))
    }

    /// Every page of `invoices.list`, 100 at a time, until a short page. Sorted on `invoice_number`,
    /// unique within a department: on a key many rows share (`invoice_date`), Teamleader documents no
    /// tie-breaker, and offset paging could skip or repeat rows.
    package func invoicePages(
        filter: InvoiceFilter? = nil, sort: SortOrder = .invoiceNumberAscending
    ) -> Pages<Invoice> {
        Pages { number in
            try await invoices(filter: filter, sort: sort, page: Page(number: number))
        }
    }

    /// `invoices.info`: the invoice with its `payments[]`, `currency` and lines.
    package func invoice(id: String) async throws -> Invoice {
        try await call("invoices.info", body: IdentifierBody(id: id))
    }

    /// Invoices by id, 100 at a time: one call per hundred instead of an `info` call each.
    package func invoices(ids: [String]) async throws -> ListPage<Invoice> {
        var all = ListPage<Invoice>(items: [])
        for start in stride(from: 0, to: ids.count, by: Page.maximumSize) {
            let chunk = Array(ids[start..<min(start + Page.maximumSize, ids.count)])
            let page = try await invoices(filter: InvoiceFilter(ids: chunk))
            all.items += page.items
            all.unreadable += page.unreadable
        }
        return all
    }

    /// `invoices.download`: a temporary link to the invoice in `format`.
    package func invoiceDownloadLink(id: String, format: DocumentFormat) async throws -> DownloadLink {
        try await call("invoices.download", body: DownloadBody(id: id, format: format))
    }

    /// Downloads an invoice: asks for the link, then fetches it at once (links expire).
    package func downloadInvoice(id: String, format: DocumentFormat) async throws -> Data {
        let link = try await invoiceDownloadLink(id: id, format: format)
        return try await fetch(location: link.location, label: "invoices.download \(format)")
    }

    /// `invoices.registerPayment`. Never retried after an unclear failure: on
    /// `TeamleaderError.outcomeUnknown` read `invoices.info` to learn whether it went through.
    package func registerPayment(
        invoiceID: String, payment: Money, paidAt: Date, paymentMethodID: String? = nil
    ) async throws {
        struct Body: Encodable {
            var id: String
            var payment: Money
            var paidAt: Date
            var paymentMethodId: String?
        }
        let body = Body(id: invoiceID, payment: payment, paidAt: paidAt, paymentMethodId: paymentMethodID)
        _ = try await post("invoices.registerPayment", body: body, idempotent: false)
    }

    // MARK: Credit notes

    /// One page of `creditNotes.list`. It takes no `sort`: its rows come in no documented order, so
    /// paging through more than one page may skip or repeat rows (see `CreditNoteWindows`).
    package func creditNotes(filter: CreditNoteFilter? = nil, page: Page = Page()) async throws -> ListPage<CreditNote> {
        struct Body: Encodable {
            var filter: CreditNoteFilter?
            var page: Page
        }
        return try await list("creditNotes.list", body: Body(filter: filter, page: page))
    }

    /// Every page of `creditNotes.list`, until a short page.
    package func creditNotePages(filter: CreditNoteFilter? = nil) -> Pages<CreditNote> {
        Pages { number in try await creditNotes(filter: filter, page: Page(number: number)) }
    }

    /// `creditNotes.info`.
    package func creditNote(id: String) async throws -> CreditNote {
        try await call("creditNotes.info", body: IdentifierBody(id: id))
    }

    /// `creditNotes.download`: a temporary link to the credit note in `format`.
    package func creditNoteDownloadLink(id: String, format: DocumentFormat) async throws -> DownloadLink {
        try await call("creditNotes.download", body: DownloadBody(id: id, format: format))
    }

    /// Downloads a credit note in `format`.
    package func downloadCreditNote(id: String, format: DocumentFormat) async throws -> Data {
        let link = try await creditNoteDownloadLink(id: id, format: format)
        return try await fetch(location: link.location, label: "creditNotes.download \(format)")
    }
}

private struct EmptyBody: Encodable {}

private struct DownloadBody: Encodable {
    var id: String
    var format: DocumentFormat
}
