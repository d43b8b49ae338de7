import DropIndex
import Foundation
import TeamleaderAPI

/// The pages of an invoice or credit-note listing, in the mirror's one shape. Drafts never come out.
struct RemotePages: AsyncSequence {
    typealias Element = [RemoteDocument]

    enum Source {
        case invoices(Pages<Invoice>)
        case creditNotes(Pages<CreditNote>)
    }

    let source: Source

    /// Booked documents of a department dated on or after `since`, updated since `updatedSince` if given.
    init(client: TeamleaderClient, kind: DocumentKind, departmentId: String, since: CalendarDate, updatedSince: Date?) {
        switch kind {
        case .invoice:
            source = .invoices(client.invoicePages(
                filter: InvoiceFilter(
                    departmentId: departmentId, status: [.outstanding, .matched], updatedSince: updatedSince,
                    invoiceDateAfter: since),
                sort: .invoiceDateAscending))
        case .creditNote:
            source = .creditNotes(client.creditNotePages(
                filter: CreditNoteFilter(departmentId: departmentId, updatedSince: updatedSince, creditNoteDateAfter: since)))
        }
    }

    func makeAsyncIterator() -> Iterator {
        switch source {
        case .invoices(let pages): return Iterator(invoices: pages.makeAsyncIterator(), creditNotes: nil)
        case .creditNotes(let pages): return Iterator(invoices: nil, creditNotes: pages.makeAsyncIterator())
        }
    }

    struct Iterator: AsyncIteratorProtocol {
        var invoices: Pages<Invoice>.Iterator?
        var creditNotes: Pages<CreditNote>.Iterator?

        mutating func next() async throws -> [RemoteDocument]? {
            if invoices != nil {
                return try await invoices!.next().map { $0.compactMap(RemoteDocument.init(invoice:)) }
            }
            return try await creditNotes!.next().map { $0.compactMap(RemoteDocument.init(creditNote:)) }
        }
    }

    /// Specific documents by id (at most 100), booked ones only.
    static func byIds(_ ids: [String], kind: DocumentKind, client: TeamleaderClient) async throws -> [RemoteDocument] {
        switch kind {
        case .invoice:
            return try await client.invoices(filter: InvoiceFilter(ids: ids)).compactMap(RemoteDocument.init(invoice:))
        case .creditNote:
            return try await client.creditNotes(filter: CreditNoteFilter(ids: ids)).compactMap(RemoteDocument.init(creditNote:))
        }
    }
}
