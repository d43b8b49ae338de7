import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// `tldrop watch` keeps the outbox current between its nightly runs: Teamleader's changes every
/// `watch.poll_seconds`, at one call per department and kind when nothing is new.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct WatchPollTests {
    /// The calls to the API (the token endpoint is not one).
    static func apiCalls(_ sandbox: TeamleaderSandbox) -> [String: Int] {
        sandbox.requestCounts.filter { $0.key.contains(".") }
    }

    @Test func aBookedInvoiceReachesTheOutboxWithinAPollAndAnEmptyPollCostsACallADepartmentAndKind() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n\n[watch]\npoll_seconds = 30\n")
            try await harness.connect()
            // As under systemd: its journal stamps the lines, so watch writes them bare.
            let watch = try harness.start(["watch"], extraEnvironment: ["JOURNAL_STREAM": "8:4242"])
            defer { watch.signal(SIGKILL) }
            let index = try harness.openIndex()
            let companies = harness.defaultCompanies
            // The first cycle mirrors everything and says when it asked.
            let first = await AgentHarness.eventually(timeout: .seconds(120)) {
                FileManager.default.fileExists(atPath: harness.layout.statusFile.path)
            }
            #expect(first, "\(watch.errorOutput)")
            // The first cycle mirrored: it said so, one line a company.
            #expect(await AgentHarness.eventually { watch.errorOutput.contains("Company 1: mirrored") }, "\(watch.errorOutput)")
            let spoken = watch.errorOutput

            // Nothing new: the next poll asks once per department and kind, and nothing else. Counted
            // inside the poll's own recorded span, so that a poll already under way when the test looks
            // (a loaded machine) is counted whole.
            let before = Self.apiCalls(harness.sandbox)
            let emptyPoll = { @Sendable () async -> RunRecord? in
                try? await index.recentRuns(limit: 20).first { $0.command == "poll" && $0.finishedAt != nil && !$0.eventful }
            }
            let polled = await AgentHarness.eventually(timeout: .seconds(45)) { await emptyPoll() != nil }
            #expect(polled, "a poll within 45 s of the first cycle\n\(watch.errorOutput)")
            let poll = try #require(await emptyPoll())
            let span = poll.startedAt.addingTimeInterval(-0.001)...(poll.finishedAt ?? .distantFuture).addingTimeInterval(0.001)
            #expect(harness.sandbox.apiArrivals.filter { span.contains($0) }.count == 2 * companies.count)
            let after = Self.apiCalls(harness.sandbox)
            let delta = after.merging(before.mapValues { -$0 }, uniquingKeysWith: +).filter { $0.value != 0 }
            #expect(Set(delta.keys).isSubset(of: ["invoices.list", "creditNotes.list"]), "\(delta)")
            // ...and says nothing at all.
            #expect(watch.errorOutput == spoken, "an empty poll is silent: \(watch.errorOutput.dropFirst(spoken.count))")

            // A booking appears in the outbox by the next poll.
            let department = harness.sandbox.departments[0].id
            let booked = try harness.sandbox.bookInvoice(departmentID: department, date: harness.sandbox.today)
            let arrived = await AgentHarness.eventually(timeout: .seconds(45)) {
                (try? await index.documents(ids: [booked.id])[booked.id]?.state) == .mirrored
            }
            #expect(arrived, "in the outbox within 45 s of its booking\n\(watch.errorOutput)")
            // The poll that mirrored it says so in exactly one line, naming the number, without a time stamp.
            #expect(await AgentHarness.eventually { watch.errorOutput.dropFirst(spoken.count).contains(booked.number!) })
            let said = watch.errorOutput.dropFirst(spoken.count).split(separator: "\n").filter { !$0.isEmpty }
            #expect(said.count == 1 && said[0].hasPrefix("Company ") && said[0].contains("mirrored 1 document: \(booked.number!)"), "\(said)")
            // Recorded once the poll's whole mirror stage ends, a moment after the document is in.
            let company = try await index.documents(ids: [booked.id])[booked.id]?.company ?? "Company 1"
            let recorded = await AgentHarness.eventually(timeout: .seconds(30)) {
                (try? await CompanyFreshness.load(company, from: index).lastArrival?.number) == booked.number
            }
            #expect(recorded, "the booking is the company's last arrival")
            let freshness = try await CompanyFreshness.load(company, from: index)
            #expect((freshness.lastArrival?.seconds ?? 99) < 45)

            // STATUS.md's last run is the poll that mirrored, not an empty one; polls are folded in one line.
            let statusFile = { (try? String(contentsOf: harness.layout.statusFile, encoding: .utf8)) ?? "" }
            #expect(await AgentHarness.eventually { statusFile().contains("`tldrop poll`, exit 0: 1 mirrored") }, "\(statusFile())")
            #expect(statusFile().contains("Polls of watch today:") && !statusFile().contains("| poll |"), "\(statusFile())")

            // The status says so too.
            let status = try await harness.spawn(["status", "--json"])
            #expect(status.output.contains("\"lastArrival\""), "\(status.output.prefix(400))")
            #expect(status.output.contains("\"polledAt\""))
            watch.signal(SIGTERM)
            #expect(await watch.wait(timeout: .seconds(30)).status == 0)
        }
    }
}
