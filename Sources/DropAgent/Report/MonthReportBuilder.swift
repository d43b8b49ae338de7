import DropIndex
package import DropValues
import Foundation
import TeamleaderAPI

/// Builds a `MonthReport`: one date-window listing per department and kind (all statuses, so drafts
/// are counted and paid invoices shown), beside the index's ledger of the same days.
package struct MonthReportBuilder: Sendable {
    package let context: AgentContext

    package init(context: AgentContext) {
        self.context = context
    }

    /// - Parameter only: one company's name; every mapped company when nil.
    package func build(month: Month, only: String? = nil, companies resolved: [ResolvedCompany]? = nil) async throws -> MonthReport {
        var companies: [ResolvedCompany]
        if let resolved {
            companies = resolved
        } else {
            companies = try await CompanyMapper.resolve(context.configuration, client: context.client)
        }
        if let only {
            companies = companies.filter { $0.name == only }
            guard !companies.isEmpty else { throw AgentError.unknownCompany(only, known: context.configuration.companies.map(\.name)) }
        }
        var report = MonthReport(month: month, generatedAt: context.now(), companies: [])
        for company in companies {
            report.companies.append(try await build(month: month, company: company))
        }
        return report
    }

    func build(month: Month, company: ResolvedCompany) async throws -> MonthReport.Company {
        let client = context.client
        var remote: [RemoteDocument] = []
        var drafts = 0
        var creditedInvoice: [String: String] = [:]
        var unreadable: [String] = []
        for try await page in client.invoicePages(
            filter: InvoiceFilter(departmentId: company.departmentId, invoiceDateAfter: month.first, invoiceDateBefore: month.last))
        {
            unreadable += page.unreadable.map { $0.id ?? "?" }
            for invoice in page.items {
                // Teamleader's window is the filter's promise; the date is checked again, as everything it sends.
                if let document = RemoteDocument(invoice: invoice) {
                    if month.contains(document.date) { remote.append(document) }
                } else if invoice.status == .draft {
                    drafts += 1
                }
            }
        }
        if context.configuration.creditNotes {
            for try await page in client.creditNotePages(
                filter: CreditNoteFilter(departmentId: company.departmentId, creditNoteDateAfter: month.first, creditNoteDateBefore: month.next.first)
            ) {
                unreadable += page.unreadable.map { $0.id ?? "?" }
                for note in page.items {
                    guard let document = RemoteDocument(creditNote: note), month.contains(document.date) else { continue }
                    remote.append(document)
                    if let invoice = note.invoice?.id { creditedInvoice[note.id] = invoice }
                }
            }
        }
        let ledger = try await context.index.monthLedger(company: company.name, month: month)
        // The numbers of credited invoices outside this month come from the index (or stay unnamed).
        let credited = try await context.index.documents(ids: Array(Set(creditedInvoice.values)))
        let lines = MonthLines(
            startDate: context.configuration.startDate, layout: context.layout, ledger: ledger, remote: remote,
            creditedNumbers: creditedInvoice.compactMapValues { id in
                credited[id]?.number ?? remote.first { $0.id == id }?.number
            }
        ).lines()
        return MonthReport.Company(
            name: company.name, department: company.departmentName, lines: lines, totals: MonthTotaller.totals(lines),
            drafts: drafts, startDate: context.configuration.startDate, attention: MonthTotaller.attention(lines), unreadable: unreadable)
    }
}
