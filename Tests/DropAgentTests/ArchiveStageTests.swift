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

/// Closed months packed into verified archives, end to end.
@Suite struct ArchiveStageTests {
    static var lastMonthKept: String {
        let today = CalendarDate(Date(), timeZone: .current)
        return today.month == 1 ? String(format: "%04d-12", today.year - 1) : String(format: "%04d-%02d", today.year, today.month - 1)
    }

    static func verify(_ harness: AgentHarness) async throws -> [ArchiveCheck] {
        try await AgentContext.with(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger) { context in
            try await DocumentActions(context: context).verify()
        }
    }

    @Test(arguments: ArchiveFormat.allCases)
    func closedMonthsArePackedVerifiedAndLooseFilesRemoved(format: ArchiveFormat) async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2, archiveFormat: format.rawValue)
            try await harness.connect()
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            let archived = outcome.archive?.archives ?? []
            #expect(!archived.isEmpty)
            #expect(archived.allSatisfy { $0.hasSuffix(".\(format.fileExtension)") && $0.contains("/Archive/") })
            let index = try harness.openIndex()
            for company in ["Company 1", "Company 2"] {
                // Loose files left are all of kept months; nothing of a closed month stays loose.
                for name in harness.files(in: company) where name.first?.isNumber == true {
                    #expect(String(name.prefix(7)) >= Self.lastMonthKept, "\(name) should be archived")
                }
            }
            let checks = try await Self.verify(harness)
            #expect(!checks.isEmpty && checks.allSatisfy(\.isClean), "\(checks)")
            let counts = try await index.companyCounts()
            #expect(counts.reduce(0) { $0 + $1.archived } == outcome.archive?.documentsArchived)
            // A second run packs nothing again.
            #expect(await harness.run().archive?.archives == [])
        }
    }

    @Test func aLateDocumentRebuildsItsMonthKeepingEveryMember() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            let first = await harness.run()
            let archive = try #require(first.archive?.archives.first { $0.contains("Company 1") })
            let before = try ArchiveReader.entries(atPath: harness.layout.absolute(archive).path)
            let month = String((archive as NSString).lastPathComponent.prefix(7))
            try harness.sandbox.bookInvoice(departmentID: harness.sandbox.departments[0].id, date: CalendarDate(month + "-15"), amount: 42)
            let second = await harness.run()
            #expect(second.archive?.archives == [archive])
            let after = try ArchiveReader.entries(atPath: harness.layout.absolute(archive).path)
            #expect(after.count == before.count + 2)
            for entry in before { #expect(after.contains(entry)) }
            #expect(try await Self.verify(harness).allSatisfy(\.isClean))
        }
    }

    @Test func aLooseFileChangedByHandIsLeftLooseNotArchived() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            // An old month's file, edited by hand before the month is archived.
            let old = try #require(harness.files(in: "Company 1").first { $0.first?.isNumber == true && String($0.prefix(7)) < Self.lastMonthKept })
            let url = harness.layout.companyFolder("Company 1").appendingPathComponent(old)
            try Data("edited by hand".utf8).write(to: url)
            try harness.writeConfiguration(keepMonths: 2)
            let outcome = await harness.run()
            #expect(outcome.archive?.leftLoose == ["Outbox/Company 1/\(old)"])
            #expect(try String(contentsOf: url, encoding: .utf8) == "edited by hand")
            #expect(outcome.archive?.documentsArchived ?? 0 > 0)
            #expect(try await Self.verify(harness).allSatisfy(\.isClean))
        }
    }

    /// The read-back hashes every other member on a helper thread: files changed by hand at every
    /// third place of the month are all found, whichever side hashed them.
    @Test func everyChangedLooseFileIsFoundWhicheverThreadHashedIt() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let old = harness.files(in: "Company 1").filter { $0.first?.isNumber == true && String($0.prefix(7)) < Self.lastMonthKept }.sorted()
            let edited = stride(from: 0, to: old.count, by: 3).map { old[$0] }
            #expect(edited.count >= 4)
            for name in edited {
                try Data("edited \(name) by hand".utf8).write(to: harness.layout.companyFolder("Company 1").appendingPathComponent(name))
            }
            try harness.writeConfiguration(keepMonths: 2)
            let outcome = await harness.run()
            #expect(Set(outcome.archive?.leftLoose ?? []) == Set(edited.map { "Outbox/Company 1/\($0)" }))
            #expect(outcome.archive?.documentsArchived ?? 0 > 0)
            #expect(try await Self.verify(harness).allSatisfy(\.isClean))
        }
    }

    @Test func verifyCatchesChangedMissingAndExtraMembers() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            let outcome = await harness.run()
            let archive = try #require(outcome.archive?.archives.first)
            let url = harness.layout.absolute(archive)
            let entries = try ArchiveReader.entries(atPath: url.path)
            #expect(entries.count >= 3)
            // A tampered copy: the first member changed, the second gone, a stranger added.
            try FileManager.default.removeItem(at: url)
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            let writer = try ArchiveWriter(format: .zip, fileDescriptor: fd)
            try writer.add(path: entries[0].path, data: Data("changed".utf8), modified: Date())
            for entry in entries.dropFirst(2) { try writer.add(path: entry.path, data: entry.data, modified: Date()) }
            try writer.add(path: "stranger.pdf", data: Data("who am I".utf8), modified: Date())
            try writer.finish()
            close(fd)
            let check = try #require(try await Self.verify(harness).first { $0.archive == archive })
            #expect(check.changed == [entries[0].path])
            #expect(check.missing == [entries[1].path])
            #expect(check.extra == ["stranger.pdf"])
            // Truncated: unreadable, said plainly.
            let bytes = try Data(contentsOf: url)
            try bytes.prefix(bytes.count / 3).write(to: url)
            let truncated = try #require(try await Self.verify(harness).first { $0.archive == archive })
            #expect(truncated.unreadable != nil)
        }
    }

    @Test func restoreFromTheArchiveToAnotherFolder() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            _ = await harness.run()
            let index = try harness.openIndex()
            let invoice = try #require(
                try await {
                    for invoice in harness.sandbox.invoices where invoice.departmentID == harness.sandbox.departments[0].id {
                        if try await index.files(documentId: invoice.id, states: [.archived]).count == 2 { return invoice }
                    }
                    return nil
                }())
            let destination = harness.root.appendingPathComponent("restored")
            let context = try AgentContext.open(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
            let written = try await DocumentActions(context: context).restore(number: invoice.number!, company: "Company 1", to: destination)
            await context.close()
            #expect(written.count == 2)
            let pdf = try #require(written.first { $0.hasSuffix(".pdf") })
            #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)) == harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
        }
    }

    @Test func processedInboxMonthsArePackedToo() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(keepMonths: 2)
            try await harness.connect()
            let old = harness.layout.inbox.appendingPathComponent("Processed/2025-01")
            try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
            try Data("Factuurnummer;Betaald\n2025/1;ja\n".utf8).write(to: old.appendingPathComponent("januari.csv"))
            try Data("report".utf8).write(to: old.appendingPathComponent("januari.csv.report.txt"))
            let outcome = await harness.run()
            #expect(outcome.archive?.inboxFilesArchived == 2)
            #expect(!FileManager.default.fileExists(atPath: old.path))
            let archive = harness.layout.inbox.appendingPathComponent("Processed/2025-01.zip")
            #expect(try ArchiveReader.entries(atPath: archive.path).map(\.path).sorted() == ["januari.csv", "januari.csv.report.txt"])
            #expect(try await Self.verify(harness).allSatisfy(\.isClean))
        }
    }

    /// A processed payment file whose name holds a control character or bytes that are not UTF-8 is
    /// archived with its month like any other: the run ends 0 and the archive verifies.
    @Test func hostileNamedPaymentFilesAreArchivedWithTheirMonth() async throws {
        try await AgentHarness.with(.agentTest(invoices: 10)) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let csv = Array(AgentHarness.paymentCSV([("2026 / 999", "")]))
            // "bel\u{07}ling.csv" and "b\xE9taling.csv" (Latin-1, not UTF-8), written byte for byte.
            try FileManager.default.createDirectory(at: harness.layout.inbox, withIntermediateDirectories: true)
            for name in [Array("bel\u{07}ling.csv".utf8), Array("b".utf8) + [0xE9] + Array("taling.csv".utf8)] {
                let folder = try RawDirectory(harness.layout.inbox)
                _ = try folder.create(RawName(bytes: name), contents: Data(csv + Array("\n".utf8) + Array(name.prefix(1))))
            }
            let read = await harness.run()
            #expect(read.inbox?.files.count == 2, "\(read.errors.map(\.message))")
            let month = try #require(harness.inbox("Processed").first { $0.count == 7 })
            let closed = await harness.run(AgentRun.Options(command: "archive", stages: [.archive], archiveMonth: Month(month)))
            #expect(closed.exitStatus == .success, "\(closed.errors.map(\.message))")
            #expect(closed.archive?.inboxFilesArchived == 4, "two files and their two reports")
            #expect(!harness.inbox("Processed").contains(month), "the month's folder is gone once archived")
            let checks = try await Self.verify(harness)
            #expect(checks.contains { $0.archive.hasSuffix("Processed/\(month).zip") } && checks.allSatisfy(\.isClean), "\(checks)")
            #expect(await harness.run().exitStatus == .success)
        }
    }
}
