import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Month close: a report per company and archived month, written once, with a new revision when a late
/// document rebuilds the month.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct MonthCloseTests {
    static func reports(_ harness: AgentHarness, _ company: String) -> [String] {
        let folder = harness.layout.companyFolder(company).appendingPathComponent("Reports")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    static func archivedMonths(_ harness: AgentHarness, _ company: String) -> [String] {
        let folder = harness.layout.companyFolder(company).appendingPathComponent("Archive")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).map { String($0.prefix(7)) }.sorted()
    }

    @Test func eachArchivedMonthGetsOneReportAndALateDocumentARevision() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            let first = await harness.run()
            #expect(first.exitStatus == .success, "\(first.errors.map(\.message))")
            for company in ["Company 1", "Company 2"] {
                let months = Self.archivedMonths(harness, company)
                #expect(!months.isEmpty)
                #expect(Self.reports(harness, company) == months.flatMap { [$0 + ".csv", $0 + ".md"] })
            }
            #expect(first.monthReports.count == ["Company 1", "Company 2"].map { Self.archivedMonths(harness, $0).count * 2 }.reduce(0, +))
            let folder = harness.layout.companyFolder("Company 1").appendingPathComponent("Reports")
            let month = try #require(Self.archivedMonths(harness, "Company 1").first)
            let original = try Data(contentsOf: folder.appendingPathComponent(month + ".md"))
            // The report is the month as Teamleader has it: every booked document of the month is in it.
            let text = String(decoding: original, as: UTF8.self)
            let department = harness.sandbox.departments[0].id
            for invoice in harness.sandbox.invoices
            where invoice.departmentID == department && invoice.status != "draft" && invoice.date?.monthKey == month {
                #expect(text.contains("| \(invoice.number!) |"), "\(invoice.number!) in \(month).md")
            }

            // Once: a second run writes nothing.
            let second = await harness.run()
            #expect(second.monthReports == [] && Self.reports(harness, "Company 1").count == Self.archivedMonths(harness, "Company 1").count * 2)

            // A late document rebuilds the month's archive: a second revision, the first untouched.
            let late = try harness.sandbox.bookInvoice(departmentID: department, date: CalendarDate(month + "-15"), amount: 42)
            let third = await harness.run()
            #expect(third.monthReports.sorted() == ["md", "csv"].map { "Outbox/Company 1/Reports/\(month)-r2.\($0)" }.sorted())
            let revised = try String(contentsOf: folder.appendingPathComponent("\(month)-r2.md"), encoding: .utf8)
            #expect(revised.contains("| \(late.number!) |") && !text.contains("| \(late.number!) |"))
            #expect(try Data(contentsOf: folder.appendingPathComponent(month + ".md")) == original)
            #expect(await harness.run().monthReports == [])
            try await harness.expectConverged()
        }
    }

    @Test func aReportWaitsWhileTeamleaderIsUnreachableAndIsWrittenOnTheNextRun() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 120)
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            // The link breaks; the month is archived by hand meanwhile.
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let month = try #require(harness.files(in: "Company 1").first { $0.first?.isNumber == true }.map { String($0.prefix(7)) })
            let archived = try await harness.spawn(["archive", "--month", month])
            #expect(Self.archivedMonths(harness, "Company 1") == [month], "\(archived.errorOutput)")
            #expect(Self.reports(harness, "Company 1") == [])
            try await harness.connect()
            let repaired = await harness.run()
            #expect(repaired.monthReports.contains("Outbox/Company 1/Reports/\(month).md"), "\(repaired.errors.map(\.message))")
        }
    }
}
