import DropValues
import Foundation
import Logging
import TeamleaderSandbox
import Testing

@testable import TeamleaderAPI

@Suite struct ListingTests {
    /// Paging itself, over a listing whose order is stable: ties broken by id (`SandboxBehaviour.kind`),
    /// as Teamleader does not promise (see `tiedRowsInAFreshOrderSkipAndRepeatButAUniqueKeyDoesNot`).
    @Test func pagingOver250InvoicesReturnsEachExactlyOnce() async throws {
        try await withHarness(.test(invoices: 280, behaviour: .kind)) { harness in
            let expected = Set(harness.sandbox.invoices.map(\.id))
            #expect(expected.count >= 250)
            var seen: [String] = []
            var pages = 0
            for try await page in harness.client.invoicePages() {
                pages += 1
                #expect(page.count <= 100)
                seen += page.items.map(\.id)
            }
            #expect(seen.count == expected.count)
            #expect(Set(seen) == expected)
            // 280 items at 100 a page: three pages, the last one short, and no extra call.
            #expect(pages == 3)
            #expect(harness.sandbox.requestCounts["invoices.list"] == 3)
        }
    }

    @Test func aFullLastPageCostsOneMoreEmptyCall() async throws {
        try await withHarness(.test(invoices: 200, behaviour: .kind)) { harness in
            let all = try await harness.client.invoicePages().all()
            #expect(all.count == 200)
            #expect(harness.sandbox.requestCounts["invoices.list"] == 3)
        }
    }

    @Test func explicitSortOrdersTheListing() async throws {
        try await withHarness(.test(invoices: 120)) { harness in
            let byDate = try await harness.client.invoicePages(filter: InvoiceFilter(status: [.outstanding, .matched]), sort: .invoiceDateAscending)
                .all()
            let dates = byDate.compactMap(\.invoiceDate)
            #expect(dates.count == byDate.count)
            #expect(dates == dates.sorted())
            let byNumber = try await harness.client.invoices(
                filter: InvoiceFilter(departmentId: harness.sandbox.departments[0].id, status: [.outstanding, .matched]),
                sort: SortOrder(field: "invoice_number", order: "desc"))
            let numbers = byNumber.items.compactMap {
                $0.invoiceNumber.flatMap { Int($0.split(separator: "/").last!.trimmingCharacters(in: .whitespaces)) }
            }
            #expect(numbers == numbers.sorted(by: >))
        }
    }

    /// Every documented filter, checked against the same predicate applied to the full listing.
    @Test func everyInvoiceFilterSelectsWhatItSays() async throws {
        try await withHarness(.test(invoices: 150, behaviour: .kind)) { harness in
            let client = harness.client
            let all = try await client.invoicePages().all()
            let booked = all.filter { $0.status.isBooked }
            let sample = try #require(booked.first { $0.paymentReference != nil })
            let department = harness.sandbox.departments[1].id
            let midpoint = try #require(booked[booked.count / 2].invoiceDate)
            let updatedCut = try #require(booked[booked.count / 2].updatedAt)

            func check(_ filter: InvoiceFilter, _ predicate: (Invoice) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let got = Set(try await client.invoicePages(filter: filter).all().map(\.id))
                let want = Set(all.filter(predicate).map(\.id))
                #expect(!want.isEmpty, "a filter test needs matches", sourceLocation: sourceLocation)
                #expect(got == want, sourceLocation: sourceLocation)
            }
            try await check(InvoiceFilter(ids: [sample.id, booked[0].id])) { $0.id == sample.id || $0.id == booked[0].id }
            try await check(InvoiceFilter(status: [.draft])) { $0.status == .draft }
            try await check(InvoiceFilter(status: [.outstanding, .matched])) { $0.status.isBooked }
            try await check(InvoiceFilter(departmentId: department)) { $0.department.id == department }
            try await check(InvoiceFilter(invoiceNumber: sample.invoiceNumber)) { $0.invoiceNumber == sample.invoiceNumber }
            try await check(InvoiceFilter(paymentReference: sample.paymentReference)) { $0.paymentReference == sample.paymentReference }
            try await check(InvoiceFilter(invoiceDateAfter: midpoint)) { ($0.invoiceDate.map { $0 >= midpoint }) ?? false }
            try await check(InvoiceFilter(invoiceDateBefore: midpoint)) { ($0.invoiceDate.map { $0 <= midpoint }) ?? false }
            try await check(InvoiceFilter(updatedSince: updatedCut)) { ($0.updatedAt.map { $0 >= updatedCut }) ?? false }
            let customer = try #require(sample.invoicee.customer)
            try await check(InvoiceFilter(customer: customer)) { $0.invoicee.customer == customer }
            try await check(InvoiceFilter(term: "kroon")) {
                $0.invoicee.name.lowercased().contains("kroon")
            }
            let none = try await client.invoices(filter: InvoiceFilter(dealId: "00000000-0000-4000-8000-000000000000"))
            #expect(none.items.isEmpty)
        }
    }

    @Test func numbersRepeatAcrossDepartmentsButIdsDoNot() async throws {
        try await withHarness(.test(invoices: 60)) { harness in
            let booked = try await harness.client.invoicePages(filter: InvoiceFilter(status: [.outstanding, .matched])).all()
            let byNumber = Dictionary(grouping: booked, by: { $0.invoiceNumber ?? "" })
            let shared = byNumber.values.filter { Set($0.map(\.department.id)).count > 1 }
            #expect(!shared.isEmpty)
            #expect(Set(booked.map(\.id)).count == booked.count)
        }
    }

    @Test func creditNotesListWithTheirExclusiveDateFilter() async throws {
        try await withHarness(.test(invoices: 120, behaviour: .kind)) { harness in
            let notes = try await harness.client.creditNotePages().all()
            #expect(notes.count == harness.sandbox.creditNotes.count)
            #expect(!notes.isEmpty)
            let day = try #require(notes.last?.creditNoteDate)
            let before = try await harness.client.creditNotePages(filter: CreditNoteFilter(creditNoteDateBefore: day)).all()
            #expect(before.allSatisfy { $0.creditNoteDate! < day })
            #expect(before.count == notes.filter { $0.creditNoteDate! < day }.count)
            let first = try #require(notes.first)
            let info = try await harness.client.creditNote(id: first.id)
            #expect(info.creditNoteNumber == first.creditNoteNumber)
            #expect(info.invoice?.type == "invoice")
        }
    }

    @Test func directoryEndpointsDecode() async throws {
        try await withHarness { harness in
            let client = harness.client
            let me = try await client.me()
            #expect(me.account.type == "account")
            let departments = try await client.departments()
            #expect(departments.map(\.name) == harness.sandbox.departments.map(\.name).sorted() || departments.count == 2)
            #expect(harness.sandbox.requestCounts["departments.list"] == 1)
            let invoice = try #require(try await client.invoices(filter: InvoiceFilter(status: [.outstanding])).items.first)
            let customer = try #require(invoice.invoicee.customer)
            switch customer.type {
            case "company": #expect(try await client.company(id: customer.id).name == invoice.invoicee.name)
            default: #expect(try await client.contact(id: customer.id).lastName.isEmpty == false)
            }
            let products = try await client.products()
            #expect(products.count == 5)
            #expect(products.allSatisfy { $0.sellingPrice != nil })
        }
    }

    @Test func aServerThatIgnoresPagingDoesNotLoopForever() async throws {
        struct Item: Identifiable, Sendable { var id: String }
        let full = (0..<100).map { Item(id: "\($0)") }
        let pages = Pages<Item> { _ in ListPage(items: full) }
        await #expect(throws: TeamleaderError.self) { _ = try await pages.all() }
    }

    /// What Teamleader allows and the sandbox now does: rows that tie on `invoice_date` come in a fresh
    /// order on every request, so offset paging on the date skips and repeats rows; on
    /// `invoice_number` within a department (unique there) it cannot.
    @Test func tiedRowsInAFreshOrderSkipAndRepeatButAUniqueKeyDoesNot() async throws {
        var configuration = SandboxConfiguration.test(invoices: 0)
        configuration.seed = 7
        try await withHarness(configuration) { harness in
            let department = harness.sandbox.departments[0].id
            for _ in 0..<350 { try harness.sandbox.bookInvoice(departmentID: department, date: CalendarDate("2026-11-02")) }
            let filter = InvoiceFilter(departmentId: department, status: [.outstanding, .matched])
            var skippedOrRepeated = false
            for _ in 0..<5 {
                let byDate = try await harness.client.invoicePages(filter: filter, sort: .invoiceDateAscending).all().map(\.id)
                if Set(byDate).count != 350 || byDate.count != 350 { skippedOrRepeated = true }
            }
            #expect(skippedOrRepeated, "paging on a shared key in a fresh order loses or repeats rows")
            for _ in 0..<5 {
                let byNumber = try await harness.client.invoicePages(filter: filter).all().map(\.id)
                #expect(byNumber.count == 350 && Set(byNumber).count == 350)
            }
        }
    }

    /// Each record is read on its own: one that cannot be is named among `unreadable`, the page goes on.
    @Test func anUnreadableRecordIsNamedAndTheOthersRead() async throws {
        try await withHarness(.test(invoices: 30)) { harness in
            let broken = try #require(harness.sandbox.invoices.first { $0.status == "outstanding" })
            var faults = harness.sandbox.faults
            faults.unreadableRecords = [broken.id]
            harness.sandbox.faults = faults
            let page = try await harness.client.invoices(filter: InvoiceFilter(status: [.outstanding, .matched]))
            #expect(page.unreadable.map(\.id) == [broken.id])
            #expect(page.unreadable.first?.reason.contains("total") == true)
            #expect(page.items.count == harness.sandbox.invoices.filter { $0.status != "draft" }.count - 1)
        }
    }
}

/// Timeouts are settings: one too large for nanoseconds (a "no timeout" of `Int64.max` seconds) is
/// clamped, never an arithmetic overflow that stops the process.
@Suite struct TimeoutTests {
    @Test func aTimeoutTooLargeForNanosecondsStillCallsTeamleader() async throws {
        try await withHarness { harness in
            var configuration = harness.configuration()
            configuration.requestTimeout = .seconds(Int64.max)
            let client = TeamleaderClient(
                configuration: configuration, tokens: InMemoryTokenStore(Harness.connectedTokens(harness.sandbox)), httpClient: harness.http,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            let departments = try await client.departments()
            #expect(departments.count == harness.sandbox.departments.count)
        }
    }
}
