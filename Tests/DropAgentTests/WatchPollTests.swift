import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// `tldrop watch` keeps the outbox current between its nightly runs: Teamleader's changes every
/// `watch.poll_seconds`, at one call per department and kind when nothing is new.
@Suite struct WatchPollTests {
    /// The calls to the API (the token endpoint is not one).
    static func apiCalls(_ sandbox: TeamleaderSandbox) -> [String: Int] {
        sandbox.requestCounts.filter { $0.key.contains(".") }
    }

    @Test func aBookedInvoiceReachesTheOutboxWithinAPollAndAnEmptyPollCostsACallADepartmentAndKind() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n\n[watch]\npoll_seconds = 30\n")
            try await harness.connect()
            let watch = try harness.start(["watch"])
            defer { watch.signal(SIGKILL) }
            let index = try harness.openIndex()
            let companies = harness.defaultCompanies
            // The first cycle mirrors everything and says when it asked.
            let first = await AgentHarness.eventually(timeout: .seconds(120)) {
                FileManager.default.fileExists(atPath: harness.layout.statusFile.path)
            }
            #expect(first, "\(watch.errorOutput)")
            let firstPoll = try await CompanyFreshness.load("Company 1", from: index).polledAt

            // Nothing new: the next poll asks once per department and kind, and nothing else.
            let before = Self.apiCalls(harness.sandbox)
            let polled = await AgentHarness.eventually(timeout: .seconds(45)) {
                let now = (try? await CompanyFreshness.load("Company 1", from: index).polledAt) ?? nil
                return now != nil && now != firstPoll
            }
            #expect(polled, "a poll within 45 s of the first cycle\n\(watch.errorOutput)")
            // Both companies' passes are recorded together, after the calls.
            let after = Self.apiCalls(harness.sandbox)
            let delta = after.merging(before.mapValues { -$0 }, uniquingKeysWith: +).filter { $0.value != 0 }
            #expect(delta == ["invoices.list": companies.count, "creditNotes.list": companies.count], "\(delta)")

            // A booking appears in the outbox by the next poll.
            let department = harness.sandbox.departments[0].id
            let booked = try harness.sandbox.bookInvoice(departmentID: department, date: harness.sandbox.today)
            let arrived = await AgentHarness.eventually(timeout: .seconds(45)) {
                (try? await index.documents(ids: [booked.id])[booked.id]?.state) == .mirrored
            }
            #expect(arrived, "in the outbox within 45 s of its booking\n\(watch.errorOutput)")
            // Recorded once the poll's whole mirror stage ends, a moment after the document is in.
            let company = try await index.documents(ids: [booked.id])[booked.id]?.company ?? "Company 1"
            let recorded = await AgentHarness.eventually(timeout: .seconds(30)) {
                (try? await CompanyFreshness.load(company, from: index).lastArrival?.number) == booked.number
            }
            #expect(recorded, "the booking is the company's last arrival")
            let freshness = try await CompanyFreshness.load(company, from: index)
            #expect((freshness.lastArrival?.seconds ?? 99) < 45)

            // The status says so too.
            let status = try await harness.spawn(["status", "--json"])
            #expect(status.output.contains("\"lastArrival\""), "\(status.output.prefix(400))")
            #expect(status.output.contains("\"polledAt\""))
            watch.signal(SIGTERM)
            #expect(await watch.wait(timeout: .seconds(30)).status == 0)
        }
    }
}
