import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Listing against a Teamleader as free as its documentation: several pages of invoices sharing one
/// date (ties in a fresh order on every request) and credit notes in no order at all, over 20 seeds.
@Suite struct ListingFreedomTests {
    @Test(arguments: 0..<20)
    func everyBookedDocumentOnceAndNoFalseDeletion(seed: UInt64) async throws {
        var configuration = SandboxConfiguration.agentTest(invoices: 6)
        configuration.seed = seed &+ 100
        try await AgentHarness.with(configuration) { harness in
            let sandbox = harness.sandbox
            let (first, second) = (sandbox.departments[0].id, sandbox.departments[1].id)
            let day = CalendarDate("2026-11-02")!
            for _ in 0..<230 { try sandbox.bookInvoice(departmentID: first, date: day, amount: 10) }
            for _ in 0..<40 { try sandbox.bookInvoice(departmentID: second, date: day, amount: 10) }
            // 104 credit notes on one day (more than a page), and some on other days.
            let creditable = sandbox.invoices.filter { $0.departmentID == first && $0.status != "draft" }
            for (offset, invoice) in creditable.prefix(130).enumerated() {
                _ = try sandbox.creditInvoice(id: invoice.id, on: offset < 104 ? day : day.adding(days: offset % 9))
            }
            try harness.writeConfiguration(startDate: CalendarDate("2026-01-01"), formats: ["pdf"])
            try await harness.connect()
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "seed \(seed): \(outcome.errors.map(\.message))")
            let booked = Set(sandbox.invoices.filter { $0.status != "draft" && $0.date! >= CalendarDate("2026-01-01")! }.map(\.id))
                .union(sandbox.creditNotes.map(\.id))
            try await Self.expectMirroredOnce(harness, booked, seed: seed)

            let sweep = await harness.run(AgentRun.Options(command: "sync", mirror: MirrorOptions(full: true)))
            #expect(sweep.exitStatus == .success, "seed \(seed)")
            #expect(sweep.mirror?.companies.allSatisfy { $0.deletedInTeamleader.isEmpty } == true, "seed \(seed): false deletions")
            try await Self.expectMirroredOnce(harness, booked, seed: seed)
        }
    }

    /// Each booked document is in the index once, mirrored, with its one file in its company's folder.
    static func expectMirroredOnce(_ harness: AgentHarness, _ booked: Set<String>, seed: UInt64) async throws {
        let index = try harness.openIndex()
        let known = try await index.documents(ids: Array(booked))
        #expect(known.count == booked.count, "seed \(seed): \(booked.count - known.count) documents missing")
        #expect(known.values.allSatisfy { $0.state == .mirrored && !$0.deletedInTeamleader }, "seed \(seed)")
        // Numbers (and so names) repeat across departments: counted per folder.
        let files = ["Company 1", "Company 2"].flatMap { harness.files(in: $0) }.filter { $0.hasSuffix(".pdf") }
        #expect(files.count == booked.count, "seed \(seed): \(files.count) files for \(booked.count) documents")
    }
}
