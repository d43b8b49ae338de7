import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// `tldrop report --month`: every line and total against the sandbox's own data.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct MonthReportTests {
    static let month = Month("2026-11")!

    static func decode(_ output: String) throws -> MonthReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(MonthReport.self, from: Data(output.utf8))
    }

    @Test func aMonthsReportMatchesTeamleaderLineByLineAndItsTotalsReconcile() async throws {
        try await AgentHarness.with(.agentTest(invoices: 12)) { harness in
            let sandbox = harness.sandbox
            let department = sandbox.departments[0].id
            func day(_ d: Int) -> CalendarDate { CalendarDate(year: 2026, month: 11, day: d)! }
            // Booked before the link's start date: never sent.
            let early = try sandbox.bookInvoice(departmentID: department, date: day(2), amount: 100)
            let paidThere = try sandbox.bookInvoice(departmentID: department, date: day(5), amount: 200)
            let paidHere = try sandbox.bookInvoice(departmentID: department, date: day(6), amount: 300)
            let partly = try sandbox.bookInvoice(departmentID: department, date: day(7), amount: 400)
            let changed = try sandbox.bookInvoice(departmentID: department, date: day(8), amount: 500)
            let removedHere = try sandbox.bookInvoice(departmentID: department, date: day(9), amount: 600)
            let credited = try sandbox.bookInvoice(departmentID: department, date: day(10), amount: 700)
            let deletedThere = try sandbox.bookInvoice(departmentID: department, date: day(12), amount: 800)
            try sandbox.draftInvoice(departmentID: department)
            try harness.writeConfiguration(startDate: day(3))
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)

            // What happens after sending, in Teamleader and in the folders.
            try sandbox.payInvoice(id: paidThere.id)
            let note = try sandbox.creditInvoice(id: credited.id, on: day(14))
            try sandbox.editInvoice(id: changed.id, amount: 550)
            #expect(try sandbox.deleteLastInvoice(departmentID: department).id == deletedThere.id)
            for name in harness.files(in: "Company 1") where name.contains(removedHere.number!.replacingOccurrences(of: " / ", with: "-")) {
                try FileManager.default.removeItem(at: harness.layout.companyFolder("Company 1").appendingPathComponent(name))
            }
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(paidHere.number!, ""), (partly.number!, "121,00")]))
            let second = await harness.run()
            #expect(second.push?.registered.count == 2, "\(second.errors.map(\.message))")

            let result = try await harness.spawn(["report", "--month", "2026-11", "--company", "Company 1", "--json"])
            #expect(result.status == 0, "\(result.errorOutput)")
            let report = try Self.decode(result.output)
            let company = try #require(report.companies.first)
            #expect(report.month == Self.month && report.companies.count == 1 && company.name == "Company 1")

            // Every document of the month, as the sandbox has it now, and the one it no longer has.
            let invoices = sandbox.invoices.filter {
                $0.departmentID == department && $0.status != "draft" && $0.date.map(Self.month.contains) == true
            }
            let notes = sandbox.creditNoteSummaries.filter { $0.departmentID == department && Self.month.contains($0.date) }
            let lines = Dictionary(uniqueKeysWithValues: company.lines.map { ($0.id, $0) })
            #expect(Set(lines.keys) == Set(invoices.map(\.id) + notes.map(\.id) + [deletedThere.id]))
            for invoice in invoices {
                let line = try #require(lines[invoice.id])
                #expect(line.kind == .invoice && line.number == invoice.number && line.date == invoice.date)
                #expect(line.total == invoice.total && line.open == invoice.due && line.paid == invoice.total - invoice.due, "\(invoice.number!)")
                #expect(line.teamleader.rawValue == invoice.status && line.customer == invoice.customerName)
                let standing: MonthReport.PaymentStanding =
                    invoice.due == 0
                    ? (line.payments.contains { $0.state == .registered } ? .paidByTldrop : .paidInTeamleader)
                    : invoice.due < invoice.total ? .partlyPaid : .open
                #expect(line.payment == standing, "\(invoice.number!)")
            }
            for creditNote in notes {
                let line = try #require(lines[creditNote.id])
                #expect(line.kind == .creditNote && line.total == -creditNote.total && line.open == -creditNote.total && line.paid == 0)
                #expect(line.teamleader == .booked && line.number == creditNote.number)
            }
            #expect(lines[note.id]?.credits == credited.number)

            // What tldrop did with each case.
            #expect(lines[early.id]?.outbox == .beforeStart)
            #expect(lines[removedHere.id]?.outbox == .deletedHere)
            #expect(lines[deletedThere.id]?.teamleader == .deleted && lines[deletedThere.id]?.outbox == .loose)
            #expect(lines[changed.id]?.changedAfterSending == true && lines[paidThere.id]?.changedAfterSending == false)
            #expect(lines[paidThere.id]?.payment == .paidInTeamleader && lines[paidThere.id]?.payments.isEmpty == true)
            let registered = try #require(lines[paidHere.id]?.payments.first)
            #expect(lines[paidHere.id]?.payment == .paidByTldrop && registered.state == .registered)
            #expect(registered.file?.hasSuffix("betalingen.csv") == true && registered.line == 2)
            #expect(lines[partly.id]?.payment == .partlyPaid && lines[partly.id]?.paid == 121 && lines[partly.id]?.payments.first?.line == 3)
            for line in company.lines where ![early.id, removedHere.id].contains(line.id) && line.teamleader != .deleted {
                #expect(line.outbox == .loose, "\(line.number) is \(line.outbox)")
            }

            // Totals: from the sandbox's figures, and reconciling with the lines.
            let totals = try #require(company.totals.first)
            #expect(company.totals.count == 1 && totals.currency == "EUR")
            let invoiceSum = invoices.reduce(Decimal(0)) { $0 + $1.total }
            let noteSum = notes.reduce(Decimal(0)) { $0 + $1.total }
            #expect(totals.booked == .init(count: invoices.count + notes.count, amount: invoiceSum - noteSum))
            #expect(totals.open.amount == invoices.reduce(Decimal(0)) { $0 + $1.due } - noteSum)
            #expect(totals.paid.amount == invoices.reduce(Decimal(0)) { $0 + $1.total - $1.due })
            #expect(totals.paid.count == invoices.filter { $0.due == 0 }.count)
            #expect(totals.open.count == invoices.filter { $0.due != 0 }.count + notes.count)
            #expect(totals.booked.amount == totals.paid.amount + totals.open.amount)
            #expect(
                totals.booked.count == totals.sent.count + totals.notSent.count && totals.booked.amount == totals.sent.amount + totals.notSent.amount)
            let unsent = [early, removedHere].map(\.total).reduce(0, +)
            #expect(totals.notSent == .init(count: 2, amount: unsent))
            #expect(
                company.drafts
                    == sandbox.invoices.filter { $0.departmentID == department && $0.status == "draft" && $0.date.map(Self.month.contains) == true }
                    .count)
            let attention = Set(company.attention.map { "\($0.number) \($0.kind)" })
            #expect(attention == ["\(changed.number!) changedAfterSending", "\(deletedThere.number!) deletedInTeamleader"])
        }
    }
}
