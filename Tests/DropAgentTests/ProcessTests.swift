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

/// The real binary, as cron runs it: exit codes, the lock, and SIGKILL at named points.
@Suite struct ProcessTests {
    @Test func aRunThatFindsTheLockHeldWaitsForItAndPastTheWaitExits75NamingTheHolder() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            var lock: RunLock? = try await RunLock.acquire(at: harness.layout.lockFile, command: "watch")
            let indexBefore = try FileManager.default.attributesOfItem(atPath: harness.layout.indexFile.path)[.modificationDate] as? Date
            let result = try await harness.spawn(["run", "--wait", "0"])
            #expect(result.status == 75 && !result.signalled)
            #expect(result.errorOutput.contains("tldrop watch, process \(getpid()), cycle running since"), "\(result.errorOutput)")
            #expect(harness.files(in: "Company 1").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: harness.layout.statusFile.path))
            #expect(try FileManager.default.attributesOfItem(atPath: harness.layout.indexFile.path)[.modificationDate] as? Date == indexBefore)

            // With a wait, it says whom it waits for, and runs once the holder lets go.
            let waiting = try harness.start(["run", "--wait", "120"])
            #expect(await AgentHarness.eventually { waiting.errorOutput.contains("Waiting for tldrop watch, process \(getpid())") })
            #expect(harness.files(in: "Company 1").isEmpty, "nothing is written while the lock is held")
            withExtendedLifetime(lock) {}
            lock = nil
            let ended = await waiting.wait(timeout: .seconds(120))
            #expect(ended.status == 0, "\(ended.errorOutput)")
            #expect(!harness.files(in: "Company 1").isEmpty)
        }
    }

    /// `-v` adds tldrop's own account of each call to Teamleader; the HTTP library's own lines only at `-vv`.
    @Test func verboseSaysWhatWasAskedOfTeamleaderAndTheHTTPLibraryOnlyAtTwoVs() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let once = try await harness.spawn(["run", "-v"])
            #expect(once.status == 0)
            #expect(
                once.errorOutput.contains("teamleader answered") && once.errorOutput.contains("rate_limit_left"), "\(once.errorOutput.prefix(2000))")
            #expect(!once.errorOutput.contains("tldrop.http") && !once.errorOutput.contains("Request was scheduled"))
            let twice = try await harness.spawn(["run", "-vv"])
            #expect(twice.status == 0 && twice.errorOutput.contains("tldrop.http"), "\(twice.errorOutput.prefix(2000))")
        }
    }

    @Test func twoRunsAtOnceTakeTurns() async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.latency = .milliseconds(60)
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            async let first = harness.spawn(["run", "--quiet"])
            async let second = harness.spawn(["run", "--quiet"])
            let statuses = try await [first.status, second.status]
            #expect(statuses == [0, 0])
            try await harness.expectConverged()
        }
    }

    @Test func exitCodesTellTheSchedulerWhatHappened() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            // No configuration: 78.
            let missing = try await harness.spawn(["run"])
            #expect(missing.status == 78)
            #expect(missing.errorOutput.contains("tldrop init"))
            try harness.writeConfiguration()
            // Not connected: 77, with the repair.
            let notConnected = try await harness.spawn(["run"])
            #expect(notConnected.status == 77)
            #expect(notConnected.errorOutput.contains("tldrop connect"))
            try await harness.connect()
            let ok = try await harness.spawn(["run", "--json"])
            #expect(ok.status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(ok.output.utf8)) as? [String: Any]
            #expect(json?["exitCode"] as? Int == 0)
            let quiet = try await harness.spawn(["run", "--quiet"])
            #expect(quiet.status == 0 && quiet.output.isEmpty)
            // Revoked tokens: the link is broken.
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            let broken = try await harness.spawn(["run"])
            #expect(broken.status == 77)
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains("tldrop connect"))
        }
    }

    /// SIGKILL at each named point, then a clean run: every document present once, nothing partial,
    /// the index matching the disk.
    @Test(arguments: [
        ("after-temp-write", 0), ("after-temp-write", 7), ("after-publish", 0), ("after-publish", 5), ("mid-batch", 3),
        ("mid-batch", 12),
    ])
    func aKillAtANamedPointConverges(point: String, after: Int) async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let crashed = try await harness.spawn(
                ["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": point, "TLDROP_CRASH_AFTER": "\(after)"])
            #expect(crashed.signalled && crashed.status == 9, "killed at \(point): \(crashed.status) \(crashed.errorOutput)")
            let recovered = try await harness.spawn(["run", "--quiet"])
            #expect(recovered.status == 0, "\(recovered.errorOutput)")
            try await harness.expectConverged()
            let again = try await harness.spawn(["run", "--json"])
            let json = try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any]
            let mirror = json?["mirror"] as? [String: Any]
            let companies = mirror?["companies"] as? [[String: Any]] ?? []
            #expect(companies.allSatisfy { ($0["mirrored"] as? Int) == 0 && (($0["conflicts"] as? [Any])?.isEmpty ?? false) })
        }
    }
}

/// Payments across crashes: the sandbox applies a payment, its answer is lost (or never recorded), the
/// process dies; the next run must not register it again.
@Suite struct PaymentCrashTests {
    /// Each way Teamleader may store `paid_at` (undocumented): as sent, local midnight (the day before in
    /// UTC), or a bare date; with the answer lost, or received but never recorded.
    @Test(arguments: [true, false], [SandboxBehaviour.PaidAtStyle.asSent, .localMidnight, .date])
    func aPaymentWhoseAnswerWasLostIsNotRegisteredAgain(loseAnswer: Bool, paidAt: SandboxBehaviour.PaidAtStyle) async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.behaviour.paidAt = paidAt
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.openInvoices().first)
            try harness.drop("pay.csv", Data("Factuurnummer;Betaald\n\(invoice.number!);ja\n".utf8), company: "Company 1")
            var faults = harness.sandbox.faults
            faults.losePaymentAnswers = loseAnswer ? 1 : 0
            harness.sandbox.faults = faults
            let crashed = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": "after-register-call"])
            #expect(crashed.signalled)
            #expect(harness.sandbox.receivedPayments.count == 1)
            #expect(harness.sandbox.receivedPayments.first?.answered == !loseAnswer)
            let next = try await harness.spawn(["run", "--json"])
            #expect(next.status == 0, "\(next.errorOutput)")
            #expect(harness.sandbox.receivedPayments.count == 1)
            let events = try await harness.openIndex().events(documentId: invoice.id).map(\.kind)
            #expect(events.filter { $0 == .paymentRegistered }.count == 1)
        }
    }

    @Test(arguments: ["after-apply", "after-move"])
    func aKillWhileAFileIsBeingAppliedConverges(point: String) async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.openInvoices().first)
            try harness.drop("pay.csv", Data("Factuurnummer;Betaald\n\(invoice.number!);ja\n".utf8), company: "Company 1")
            let first = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": point])
            #expect(first.signalled)
            let second = try await harness.spawn(["run", "--quiet"])
            #expect(second.status == 0, "\(second.errorOutput)")
            #expect(harness.sandbox.receivedPayments.count == 1)
            let month = CalendarDate(Date(), timeZone: .current).monthKey
            #expect(harness.inbox("Processed/\(month)") == ["pay.csv", "pay.csv.report.txt"])
            #expect(harness.inbox("Company 1").isEmpty)
        }
    }
}

/// SIGKILL while archiving or re-importing: the next run converges, nothing lost or duplicated, no
/// truncated archive under its final name.
@Suite struct ArchiveCrashTests {
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
