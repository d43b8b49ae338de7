import Archives
import DropAgent
import DropFiles
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// An admin's first week, as a person walks it: one root, several steps and runs, the index and the
/// folders kept from one to the next.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct AdminWeekTests {
    /// A document's number as file names and markers write it: `2026 / 15` → `2026-15`.
    static func marker(_ number: String) -> String { number.replacingOccurrences(of: " / ", with: "-") }

    /// Each file of the document's current revision is where the index says, with the bytes it recorded.
    static func currentFilesInPlace(_ harness: AgentHarness, id: String) async throws -> [String] {
        let index = try harness.openIndex()
        let document = try #require(try await index.document(id: id))
        var problems: [String] = []
        let files = try await index.allFiles(documentId: id).filter { $0.revision == document.revision }
        if files.isEmpty { problems.append("revision \(document.revision) has no file") }
        for file in files {
            switch file.state {
            case .published:
                if (try? DurableFile.sha256(of: harness.layout.absolute(file.path))) != file.sha256 {
                    problems.append("\(file.path) [published] is missing or has other bytes")
                }
            case .archived where file.archive != nil: continue
            default: problems.append("\(file.path) is \(file.state)")
            }
        }
        return problems
    }

    /// Finding 1: a marker and the command on an unchanged document, then two more runs: the files stay,
    /// nothing is "deleted by hand", the timeline says nothing moved. An edit in Teamleader then makes a
    /// new revision that stays in place run after run.
    @Test func reimportingAnUnchangedDocumentMovesNothingAndAnEditedOneStaysInPlace() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await CorrectionsTests.mirrored(harness)
            let (invoice, files) = try await CorrectionsTests.recentInvoice(harness)
            let number = try #require(invoice.number)
            let names = files.map { ($0.path as NSString).lastPathComponent }.sorted()
            let folder = harness.layout.companyFolder("Company 1")

            try Data().write(to: folder.appendingPathComponent(Self.marker(number) + ".reimport"))
            let byMarker = await harness.run()
            #expect(byMarker.corrections?.unchanged == [number] && byMarker.corrections?.reimported == [])
            #expect(byMarker.exitStatus == .success, "\(byMarker.errors.map(\.message))")
            for _ in 0..<2 {
                let later = await harness.run()
                #expect(later.corrections?.deleted == [], "nothing was deleted by hand")
                #expect(try await Self.currentFilesInPlace(harness, id: invoice.id) == [])
            }
            #expect(Set(harness.files(in: "Company 1")).isSuperset(of: names))

            let command = try await harness.spawn(["reimport", number, "--company", "Company 1"])
            #expect(command.status == 0, "\(command.errorOutput)")
            #expect(command.output.contains("unchanged in Teamleader") && command.output.contains("nothing moved"))
            for _ in 0..<2 {
                #expect(await harness.run().corrections?.deleted == [])
                #expect(try await Self.currentFilesInPlace(harness, id: invoice.id) == [])
            }
            let index = try harness.openIndex()
            let kinds = try await index.events(documentId: invoice.id).map(\.kind)
            #expect(kinds.filter { $0 == .reimportUnchanged }.count == 2)
            #expect(!kinds.contains(.deletedInOutbox))
            #expect(try await index.document(id: invoice.id)?.revision == 1)
            #expect(try await index.companyCounts().first { $0.company == "Company 1" }?.deletedInOutbox == 0)

            // Teamleader changes it; the admin re-imports: revision 2, in place, run after run.
            try harness.sandbox.editInvoice(id: invoice.id, amount: 321)
            #expect(await harness.run().mirror?.changed == 1)
            try Data().write(to: folder.appendingPathComponent(Self.marker(number) + ".reimport"))
            let edited = await harness.run()
            #expect(edited.corrections?.reimported == [number])
            for _ in 0..<2 {
                #expect(await harness.run().corrections?.deleted == [])
                #expect(try await Self.currentFilesInPlace(harness, id: invoice.id) == [])
            }
            #expect(try await index.document(id: invoice.id)?.revision == 2)
            let pdf = try #require(try await index.files(documentId: invoice.id).first { $0.format == .pdf })
            #expect(try Data(contentsOf: harness.layout.absolute(pdf.path)) == harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
            #expect(
                try await AgentContext.with(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger) {
                    try await DocumentActions(context: $0).verify()
                }.allSatisfy(\.isClean))
        }
    }

    /// Finding 2: documents backfilled with `sync --since` are the link's documents: an edit in
    /// Teamleader is reported, a deletion found by the full sweep, though they are dated before `start_date`.
    @Test func backfilledDocumentsAreWatchedLikeAnyOther() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(startDate: harness.sandbox.today)
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let department = harness.sandbox.departments[0].id
            let september = harness.sandbox.invoices.filter {
                $0.departmentID == department && $0.status != "draft" && ($0.date.map { Month($0) } == Month("2026-09"))
            }
            let edited = try #require(september.first)
            let index = try harness.openIndex()
            #expect(try await index.document(id: edited.id) == nil, "dated before start_date: not sent by a run")

            let backfill = await harness.run(
                AgentRun.Options(command: "sync", mirror: MirrorOptions(since: CalendarDate("2026-09-01")), stages: [.corrections, .mirror]))
            #expect(backfill.exitStatus == .success)
            #expect(try await index.document(id: edited.id)?.state == .mirrored)

            // Edited in Teamleader: the next run reports it (sent once: the index keeps the total that was
            // sent, and Teamleader's open amount beside it).
            let sent = try #require(try await index.document(id: edited.id)?.total)
            try harness.sandbox.editInvoice(id: edited.id, amount: 999)
            let run = await harness.run()
            #expect(run.mirror?.companies.first { $0.company == "Company 1" }?.changed == [edited.number!])
            let record = try #require(try await index.document(id: edited.id))
            #expect(record.changedAfterSending && record.total == sent && record.remoteDue != sent)
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains(edited.number!))
            // A run dated before start_date that the link never delivered still does not travel.
            let late = try harness.sandbox.bookInvoice(departmentID: department, date: CalendarDate("2026-09-25"))
            _ = await harness.run()
            #expect(try await index.document(id: late.id) == nil)

            // Backfilled too, then deleted in Teamleader (the last booked invoice may be): the sweep finds it.
            _ = await harness.run(
                AgentRun.Options(command: "sync", mirror: MirrorOptions(since: CalendarDate("2026-09-01")), stages: [.corrections, .mirror]))
            #expect(try await index.document(id: late.id)?.state == .mirrored)
            let deleted = try harness.sandbox.deleteLastInvoice(departmentID: department)
            #expect(deleted.id == late.id)
            let sweep = await harness.run(AgentRun.Options(command: "sync", mirror: MirrorOptions(full: true), stages: [.corrections, .mirror]))
            #expect(sweep.mirror?.companies.first { $0.company == "Company 1" }?.deletedInTeamleader == [late.number!])
            #expect(try await index.document(id: late.id)?.deletedInTeamleader == true)
        }
    }

    /// Finding 3: a late document of a closed month stays loose for `min_loose_days` (the portal takes
    /// loose files), run after run, and is packed once that has passed on the clock; `tldrop archive`
    /// by hand packs at once.
    @Test func aLateDocumentStaysLooseUntilThePortalCouldTakeIt() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            let time = ManualClock()
            try harness.writeConfiguration(keepMonths: 2, minLooseDays: 7)
            try await harness.connect()
            let first = await harness.run(now: time.wallClock)
            #expect(first.exitStatus == .success, "\(first.errors.map(\.message))")
            #expect(first.archive?.documentsArchived == 0, "nothing is packed the day it was written")
            #expect(first.archive?.keptLoose ?? 0 > 0)
            time.advance(days: 8)
            let week = await harness.run(now: time.wallClock)
            #expect(week.archive?.documentsArchived ?? 0 > 0)
            let archive = harness.layout.companyFolder("Company 1").appendingPathComponent("Archive/2026-09.zip")
            let before = try ArchiveReader.entries(atPath: archive.path).map(\.path)

            let department = harness.sandbox.departments[0].id
            let late = try harness.sandbox.bookInvoice(departmentID: department, date: CalendarDate("2026-09-24"))
            for hours in [0, 1] {
                time.advance(TimeInterval(hours) * 3_600)
                let run = await harness.run(now: time.wallClock)
                #expect(run.archive?.documentsArchived == 0)
                let files = try await harness.openIndex().files(documentId: late.id)
                #expect(files.count == 2 && files.allSatisfy { FileManager.default.fileExists(atPath: harness.layout.absolute($0.path).path) })
            }
            time.advance(days: 7)
            let packed = await harness.run(now: time.wallClock)
            #expect(packed.archive?.documentsArchived == 1)
            let after = try ArchiveReader.entries(atPath: archive.path).map(\.path)
            #expect(Set(after).isSuperset(of: before) && after.count == before.count + 2)
            #expect(try await harness.openIndex().files(documentId: late.id, states: [.archived]).count == 2)

            // By hand: packed at once, as asked.
            let another = try harness.sandbox.bookInvoice(departmentID: department, date: CalendarDate("2026-09-26"))
            _ = await harness.run(now: time.wallClock)
            var options = AgentRun.Options(command: "archive", stages: [.archive])
            options.archiveAtOnce = true
            #expect(await harness.run(options, now: time.wallClock).archive?.documentsArchived == 1)
            #expect(try await harness.openIndex().files(documentId: another.id, states: [.archived]).count == 2)
            try await harness.expectConverged()
        }
    }

    /// Finding 4: the service runs; the admin reads a report, re-imports, verifies and looks at the status
    /// beside it, and each takes its turn.
    @Test func commandsRunBesideARunningWatch() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            let watch = try harness.start(["watch", "--interval", "0.2"])
            #expect(await AgentHarness.eventually { FileManager.default.fileExists(atPath: harness.layout.statusFile.path) })
            let (invoice, _) = try await CorrectionsTests.recentInvoice(harness)

            let report = try await harness.spawn(["report", "--month", "2026-11"])
            #expect(report.status == 0, "\(report.errorOutput)")
            #expect(report.output.contains(invoice.number!))
            let reimport = try await harness.spawn(["reimport", invoice.number!, "--company", "Company 1"])
            #expect(reimport.status == 0, "\(reimport.errorOutput)")
            #expect(reimport.output.contains("nothing moved"))
            let verify = try await harness.spawn(["verify"])
            #expect(verify.status == 0, "\(verify.errorOutput)")
            let status = try await harness.spawn(["status"])
            #expect(status.status == 0 && status.output.contains("Up & Running"), "\(status.errorOutput)")

            watch.signal(SIGTERM)
            let ended = await watch.wait(timeout: .seconds(30))
            #expect(ended.status == 0, "\(ended.errorOutput)")
            #expect(try await Self.currentFilesInPlace(harness, id: invoice.id) == [])
        }
    }
}
