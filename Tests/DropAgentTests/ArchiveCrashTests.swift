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

/// SIGKILL while archiving or re-importing: the next run converges, nothing lost or duplicated, no
/// truncated archive under its final name.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct ArchiveCrashTests {
    @Test(arguments: [("mid-archive-write", 3), ("after-archive-rename", 0), ("before-loose-removal", 1), ("between-linked-pair", 0)])
    func aKillWhileArchivingConverges(point: String, after: Int) async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            let crashed = try await harness.spawn(
                ["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": point, "TLDROP_CRASH_AFTER": "\(after)"])
            #expect(crashed.signalled, "\(crashed.errorOutput)")
            // Whatever archive exists under a final name reads in full.
            for company in ["Company 1", "Company 2"] {
                let folder = harness.layout.companyFolder(company).appendingPathComponent("Archive")
                for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !name.hasPrefix(".") {
                    #expect(throws: Never.self) { try ArchiveReader.entries(atPath: folder.appendingPathComponent(name).path) }
                }
            }
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            let verify = try await harness.spawn(["verify", "--quiet"])
            #expect(verify.status == 0, "\(verify.output) \(verify.errorOutput)")
            try await Self.expectEveryDocumentOnce(harness)
            // Month reports come in whole pairs (a kill between the Markdown's name and the CSV's included).
            #expect(try await harness.convergenceProblems().filter { $0.contains("report") }.isEmpty)
        }
    }

    /// Killed between an archive's rename and its record (a power cut there does the same): the archive
    /// holds members the index does not list yet, each still loose with the same bytes. `verify` says so
    /// and exits 0; a member that is not a loose file's copy stays a problem.
    @Test func verifyBetweenAnArchivesRenameAndItsRecordSaysTheNextRunRecordsIt() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            let crashed = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": "after-archive-rename"])
            #expect(crashed.signalled, "\(crashed.errorOutput)")
            let verify = try await harness.spawn(["verify"])
            #expect(verify.status == 0, "\(verify.output) \(verify.errorOutput)")
            #expect(verify.output.contains("packed by a run that stopped before recording them"), "\(verify.output)")
            let json = try await harness.spawn(["verify", "--json"])
            let checks = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
            let unrecorded = checks.flatMap { ($0["unrecorded"] as? [String]) ?? [] }
            #expect(!unrecorded.isEmpty && checks.allSatisfy { ($0["extra"] as? [String])?.isEmpty ?? true })

            // A loose copy that no longer matches: the member is extra, a problem to look at.
            let archive = try #require(checks.first { !(($0["unrecorded"] as? [String]) ?? []).isEmpty }?["archive"] as? String)
            let company = try #require(archive.split(separator: "/").dropFirst().first.map(String.init))
            let member = try #require((checks.first { $0["archive"] as? String == archive }?["unrecorded"] as? [String])?.first)
            try Data("changed by hand".utf8).write(to: harness.layout.companyFolder(company).appendingPathComponent(member))
            let changed = try await harness.spawn(["verify"])
            #expect(changed.status == 65 && changed.output.contains("extra:   \(member)"), "\(changed.output)")
        }
    }

    @Test func aKillMidReimportConverges() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(
                harness.sandbox.invoices.last { $0.status == "outstanding" && $0.departmentID == harness.sandbox.departments[0].id })
            try harness.sandbox.editInvoice(id: invoice.id, amount: 5)
            try Data().write(
                to: harness.layout.companyFolder("Company 1").appendingPathComponent(
                    invoice.number!.replacingOccurrences(of: " / ", with: "-") + ".reimport"))
            let crashed = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": "mid-reimport"])
            #expect(crashed.signalled)
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            let index = try harness.openIndex()
            let record = try #require(try await index.document(id: invoice.id))
            #expect(record.revision == 2)
            let current = try await index.files(documentId: invoice.id)
            #expect(current.count == 2)
            #expect(
                try Data(contentsOf: harness.layout.absolute(current.first { $0.format == .pdf }!.path))
                    == harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
            #expect(try await harness.spawn(["verify", "--quiet"]).status == 0)
            try await Self.expectEveryDocumentOnce(harness)
        }
    }

    /// Found by the failing-disk suite (seed 4769679304503803352, an index write refused right after an
    /// archive was renamed into place): a re-imported document of an archived month goes into the
    /// archive under its name while the old revision moves to `superseded/`; when the run stopped
    /// before the index recorded that, the next run found the new bytes under the old member's name and
    /// stopped for good ("no longer has its recorded bytes"). It now finishes what was started.
    @Test func aStopAfterARevisionReplacedItsArchivedPredecessorConverges() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let index = try harness.openIndex()
            let found = try await harness.document(withPDF: .archived, company: "Company 1")
            let document = try #require(found)
            try harness.sandbox.editInvoice(id: document.id, amount: 7)
            try harness.placeReimportMarker(number: document.number)
            let stopped = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": "after-archive-rename"])
            #expect(stopped.signalled, "\(stopped.errorOutput)")
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            let verify = try await harness.spawn(["verify", "--quiet"])
            #expect(verify.status == 0, "\(verify.output) \(verify.errorOutput)")
            let files = try await index.allFiles(documentId: document.id)
            #expect(
                files.contains { $0.state == .superseded && $0.member?.hasPrefix("superseded/r1/") == true },
                "\(files.map { "\($0.path) \($0.state) \($0.member ?? "")" })")
            #expect(files.contains { $0.state == .archived && $0.revision == 2 && $0.format == .pdf })
            try await Self.expectEveryDocumentOnce(harness)
        }
    }

    /// Every booked document: in the index once, each current file either loose with its bytes or a
    /// member of an archive; no temporary file anywhere.
    static func expectEveryDocumentOnce(_ harness: AgentHarness, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let index = try harness.openIndex()
        let booked = harness.sandbox.invoices.filter { $0.status != "draft" }.map(\.id) + harness.sandbox.creditNotes.map(\.id)
        let records = try await index.documents(ids: booked)
        #expect(records.count == booked.count, sourceLocation: sourceLocation)
        for id in booked {
            let files = try await index.files(documentId: id, states: [.published, .archived])
            let every = try await index.allFiles(documentId: id).map { "\($0.path) \($0.state)" }
            #expect(files.count >= 1, "\(every)", sourceLocation: sourceLocation)
            for file in files {
                if file.state == .published {
                    #expect(try DurableFile.sha256(of: harness.layout.absolute(file.path)) == file.sha256, sourceLocation: sourceLocation)
                } else {
                    #expect(file.archive != nil && file.member != nil, sourceLocation: sourceLocation)
                    #expect(
                        !FileManager.default.fileExists(atPath: harness.layout.absolute(file.path).path), "archived and still loose",
                        sourceLocation: sourceLocation)
                }
            }
        }
        for company in ["Company 1", "Company 2"] {
            let names =
                harness.files(in: company)
                + ((try? FileManager.default.contentsOfDirectory(atPath: harness.layout.companyFolder(company).appendingPathComponent("Archive").path))
                    ?? [])
            #expect(names.filter { $0.hasPrefix(".") }.isEmpty, "\(names)", sourceLocation: sourceLocation)
        }
    }
}
