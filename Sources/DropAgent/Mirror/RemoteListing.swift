import DropIndex
import DropValues
import Foundation
import TeamleaderAPI

/// Records a listing returned, in the mirror's one shape: booked documents, and the records that could
/// not be read (named by id). Drafts never come out.
struct RemoteBatch: Sendable {
    var documents: [RemoteDocument] = []
    var unreadable: [UnreadableRecord] = []

    init(invoices page: ListPage<Invoice>) {
        documents = page.items.compactMap(RemoteDocument.init(invoice:))
        unreadable = page.unreadable
    }

    init(creditNotes page: ListPage<CreditNote>) {
        documents = page.items.compactMap(RemoteDocument.init(creditNote:))
        unreadable = page.unreadable
    }
}

/// The booked invoices or credit notes of one department, listed so that none is skipped or repeated
/// by paging: invoices sorted on `invoice_number` (unique in a department; on `invoice_date`, which many
/// share, Teamleader documents no tie-breaker), credit notes (which take no sort at all) in date windows
/// that each fit one page.
struct RemoteListing: Sendable {
    let client: TeamleaderClient
    let kind: DocumentKind
    let departmentId: String
    var now: @Sendable () -> Date = { SystemClock.now() }

    /// Hands each batch to `handle` as it comes; `handle` returns false to stop (a graceful shutdown).
    /// - Returns: false when stopped early.
    @discardableResult
    func list(since: CalendarDate, updatedSince: Date?, handle: (RemoteBatch) async throws -> Bool) async throws -> Bool {
        switch kind {
        case .invoice:
            let filter = InvoiceFilter(
                departmentId: departmentId, status: [.outstanding, .matched], updatedSince: updatedSince, invoiceDateAfter: since)
            for try await page in client.invoicePages(filter: filter, sort: .invoiceNumberAscending) {
                guard try await handle(RemoteBatch(invoices: page)) else { return false }
            }
            return true
        case .creditNote:
            // The window ends after tomorrow (exclusive), whatever the time zones of both clocks.
            let windows = CreditNoteWindows(client: client, departmentId: departmentId, updatedSince: updatedSince)
            return try await windows.list(from: since, before: CalendarDate(now()).adding(days: 2), handle: handle)
        }
    }

    /// Specific documents by id, 100 a call.
    func byIds(_ ids: [String]) async throws -> RemoteBatch {
        var all = RemoteBatch(invoices: ListPage(items: []))
        for start in stride(from: 0, to: ids.count, by: Page.maximumSize) {
            let chunk = Array(ids[start..<min(start + Page.maximumSize, ids.count)])
            let batch =
                switch kind {
                case .invoice: RemoteBatch(invoices: try await client.invoices(filter: InvoiceFilter(ids: chunk)))
                case .creditNote: RemoteBatch(creditNotes: try await client.creditNotes(filter: CreditNoteFilter(ids: chunk)))
                }
            all.documents += batch.documents
            all.unreadable += batch.unreadable
        }
        return all
    }
}

/// `creditNotes.list` in date windows (`credit_note_date_after` inclusive, `credit_note_date_before`
/// exclusive) that each fit one page: a full page means the window may hold more, in an order that
/// can change between calls, so the window shrinks until it fits. A full page's own dates say where
/// the notes are: the window is cut at its first quartile (a quarter of the page when it is in date order,
/// about a quarter of the window's notes when it is a sample). Windows walk forward and size themselves on the
/// density just seen, aiming at three quarters of a page, so a sweep costs little more than one call a
/// page. A single day with a page or more is paged repeatedly until two passes in a row add nothing.
struct CreditNoteWindows: Sendable {
    let client: TeamleaderClient
    let departmentId: String
    let updatedSince: Date?

    func list(from after: CalendarDate, before: CalendarDate, handle: (RemoteBatch) async throws -> Bool) async throws -> Bool {
        let whole = Self.days(from: after, to: before)
        var start = after
        var span = whole
        while start < before {
            let end = min(start.adding(days: max(1, span)), before)
            let days = Self.days(from: start, to: end)
            let first = try await page(start, end, number: 1)
            if first.count >= Page.maximumSize, days > 1 {
                span = Self.cut(first, from: start, days: days)
                continue
            }
            let batch = first.count < Page.maximumSize ? first : try await wholeDay(start, first: first)
            guard try await handle(RemoteBatch(creditNotes: batch)) else { return false }
            // Grow at most fourfold: a sparse stretch says little about the next one.
            let target = Page.maximumSize * 3 / 4
            span = min(whole, days * 4, first.count == 0 ? days * 4 : max(1, days * target / first.count))
            start = end
        }
        return true
    }

    /// The days from `start` to the first-quartile date of a full page: at least one, less than `days`.
    private static func cut(_ page: ListPage<CreditNote>, from start: CalendarDate, days: Int) -> Int {
        let dates = page.items.compactMap(\.creditNoteDate).filter { $0 >= start }.sorted()
        guard !dates.isEmpty else { return days / 2 }
        return min(days - 1, max(1, Self.days(from: start, to: dates[dates.count / 4])))
    }

    private static func days(from start: CalendarDate, to end: CalendarDate) -> Int {
        Int((end.startOfDayUTC.timeIntervalSince(start.startOfDayUTC) / 86_400).rounded())
    }

    private func page(_ after: CalendarDate, _ before: CalendarDate, number: Int) async throws -> ListPage<CreditNote> {
        try await client.creditNotes(
            filter: CreditNoteFilter(
                departmentId: departmentId, updatedSince: updatedSince, creditNoteDateAfter: after, creditNoteDateBefore: before),
            page: Page(number: number))
    }

    /// The union of several full pagings of one day.
    private func wholeDay(_ day: CalendarDate, first: ListPage<CreditNote>) async throws -> ListPage<CreditNote> {
        var found: [String: CreditNote] = [:]
        var unreadable: [String: UnreadableRecord] = [:]
        var quiet = 0
        for pass in 0..<8 where quiet < 2 {
            let before = found.count + unreadable.count
            var number = 1
            while true {
                let page = pass == 0 && number == 1 ? first : try await page(day, day.adding(days: 1), number: number)
                for note in page.items { found[note.id] = note }
                for record in page.unreadable { unreadable[record.id ?? "?\(unreadable.count)"] = record }
                if page.count < Page.maximumSize || number >= 1_000 { break }
                number += 1
            }
            quiet = found.count + unreadable.count == before ? quiet + 1 : 0
        }
        return ListPage(items: found.values.sorted { $0.id < $1.id }, unreadable: Array(unreadable.values))
    }
}
