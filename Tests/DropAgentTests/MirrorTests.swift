import DropAgent
import DropFiles
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

@Suite struct MirrorTests {
    @Test func twoDepartmentsLandInTwoCompaniesOnceInEveryFormatWithoutDrafts() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            try await harness.expectConverged()
            let drafts = harness.sandbox.invoices.filter { $0.status == "draft" }
            #expect(!drafts.isEmpty)
            let index = try harness.openIndex()
            #expect(try await index.documents(ids: drafts.map(\.id)).isEmpty)
            #expect(outcome.mirror?.mirrored == harness.sandbox.invoices.count - drafts.count + harness.sandbox.creditNotes.count)
            // Files carry the bytes Teamleader served.
            let invoice = try #require(harness.sandbox.invoices.first { $0.status == "outstanding" })
            let file = try #require(try await index.files(documentId: invoice.id).first { $0.format == .pdf })
            #expect(try Data(contentsOf: harness.layout.absolute(file.path)) == harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
            #expect(FileManager.default.fileExists(atPath: harness.layout.statusFile.path))
        }
    }

    @Test func aSecondRunWritesNothing() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let company = "Company 1"
            let before = try harness.files(in: company).map { name -> (String, UInt64, Int) in
                let attributes = try FileManager.default.attributesOfItem(
                    atPath: harness.layout.companyFolder(company).appendingPathComponent(name).path)
                return (name, attributes[.systemFileNumber] as! UInt64, Int((attributes[.modificationDate] as! Date).timeIntervalSince1970 * 1000))
            }
            let downloadsBefore = harness.sandbox.requestCounts["invoices.download"] ?? 0
            let second = await harness.run()
            #expect(second.exitStatus == .success)
            #expect(second.mirror?.mirrored == 0)
            let after = try harness.files(in: company).map { name -> (String, UInt64, Int) in
                let attributes = try FileManager.default.attributesOfItem(
                    atPath: harness.layout.companyFolder(company).appendingPathComponent(name).path)
                return (name, attributes[.systemFileNumber] as! UInt64, Int((attributes[.modificationDate] as! Date).timeIntervalSince1970 * 1000))
            }
            #expect(before.map(\.0) == after.map(\.0))
            #expect(before.map(\.1) == after.map(\.1), "same inodes")
            #expect(before.map(\.2) == after.map(\.2), "same modification times")
            #expect(harness.sandbox.requestCounts["invoices.download"] == downloadsBefore, "no download on a run with nothing new")
        }
    }

    @Test func aNewlyBookedInvoiceIsAddedAndAnEditIsReportedNotRewritten() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let department = harness.sandbox.departments[1]
            let booked = try harness.sandbox.bookInvoice(departmentID: department.id, amount: 250, customerName: "Nieuwe Klant BV")
            let edited = try #require(harness.sandbox.invoices.first { $0.departmentID == department.id && $0.status == "outstanding" })
            let index = try harness.openIndex()
            let editedFile = try #require(try await index.files(documentId: edited.id).first)
            let editedBytes = try Data(contentsOf: harness.layout.absolute(editedFile.path))
            try harness.sandbox.editInvoice(id: edited.id, amount: 999)
            let before = Set(harness.files(in: "Company 2"))

            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success)
            let added = Set(harness.files(in: "Company 2")).subtracting(before)
            #expect(added.count == 2)
            #expect(added.allSatisfy { $0.contains(booked.number!.replacingOccurrences(of: " / ", with: "-")) && $0.contains("Nieuwe Klant BV") })
            #expect(outcome.mirror?.mirrored == 1)
            // The edit is reported, and the file keeps the bytes that were sent.
            #expect(outcome.mirror?.companies[1].changed == [edited.number!])
            #expect(try Data(contentsOf: harness.layout.absolute(editedFile.path)) == editedBytes)
            let record = try #require(try await index.document(id: edited.id))
            #expect(record.changedAfterSending)
            #expect(try await index.events(documentId: edited.id).map(\.kind).contains(.changedInTeamleader))
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(status.contains("changed in Teamleader after it was sent"))
            // Reported once, not on every run.
            let third = await harness.run()
            #expect(third.mirror?.changed == 0)
        }
    }

    @Test func anEditOnlyVisibleInTheDocumentIsStillNoticed() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let invoice = try #require(harness.sandbox.invoices.first { $0.status == "outstanding" })
            try harness.sandbox.editInvoice(id: invoice.id)
            let outcome = await harness.run()
            #expect(outcome.mirror?.changed == 1)
        }
    }

    @Test func theSameNumberInTwoDepartmentsIsTwoDocuments() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let departments = harness.sandbox.departments
            let number = try #require(harness.sandbox.invoices.first { $0.departmentID == departments[0].id && $0.number != nil }?.number)
            let pair = harness.sandbox.invoices.filter { $0.number == number }
            #expect(pair.count == 2)
            let index = try harness.openIndex()
            let records = try await index.documents(ids: pair.map(\.id))
            #expect(Set(records.values.map(\.company)) == ["Company 1", "Company 2"])
            let component = number.replacingOccurrences(of: " / ", with: "-")
            #expect(harness.files(in: "Company 1").contains { $0.contains("_\(component)_") })
            #expect(harness.files(in: "Company 2").contains { $0.contains("_\(component)_") })
        }
    }

    @Test func startDateIsRespectedAndSinceBackfills() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            let start = harness.sandbox.today.adding(days: -40)
            try harness.writeConfiguration(startDate: start)
            try await harness.connect()
            _ = await harness.run()
            let index = try harness.openIndex()
            let booked = harness.sandbox.invoices.filter { $0.status != "draft" }
            let early = booked.filter { $0.date! < start }
            let late = booked.filter { $0.date! >= start }
            #expect(!early.isEmpty && !late.isEmpty)
            #expect(try await index.documents(ids: early.map(\.id)).isEmpty)
            #expect(try await index.documents(ids: late.map(\.id)).count == late.count)

            let backfill = await harness.run(
                AgentRun.Options(command: "sync", mirror: MirrorOptions(since: harness.sandbox.today.adding(days: -400))))
            #expect(backfill.exitStatus == .success)
            #expect(try await index.documents(ids: early.map(\.id)).count == early.count)
        }
    }

    @Test func dryRunShowsWhatWouldBeWrittenAndWritesNothing() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let outcome = await harness.run(AgentRun.Options(command: "sync", mirror: MirrorOptions(dryRun: true)))
            #expect(outcome.exitStatus == .success)
            let wouldWrite = outcome.mirror?.companies.flatMap(\.wouldWrite) ?? []
            #expect(!wouldWrite.isEmpty)
            #expect(wouldWrite.allSatisfy { $0.hasPrefix("Outbox/Company ") })
            #expect(harness.files(in: "Company 1").isEmpty)
            #expect(harness.sandbox.requestCounts["invoices.download"] == nil)
        }
    }

    @Test func awkwardCustomerNamesAreSanitised() async throws {
        try await AgentHarness.with(.agentTest(invoices: 120)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let names = harness.files(in: "Company 1") + harness.files(in: "Company 2")
            #expect(!names.isEmpty)
            for name in names {
                #expect(name.utf8.count <= 150, "\(name)")
                #expect(!name.contains(where: { "/\\:*?\"<>|".contains($0) }), "\(name)")
                #expect(!name.hasPrefix(".") && !name.hasPrefix("-"))
                #expect(name == name.precomposedStringWithCanonicalMapping)
                #expect(!name.unicodeScalars.contains { $0.properties.generalCategory == .control })
            }
            #expect(names.contains { $0.contains("AC-DC Tribute vzw") })
            #expect(names.contains { $0.contains("_etc-passwd.") })
            #expect(names.contains { $0.contains("Zoë Café (NFD)") })
            #expect(names.contains { $0.contains("_2026-") })
        }
    }

    @Test func anUnknownDepartmentIsAConfigurationErrorNamingTheRealOnes() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(companies: [CompanyMapping(name: "Ghost", department: "Nope BV")])
            try await harness.connect()
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .configuration)
            let message = outcome.errors.map(\.message).joined()
            #expect(message.contains("Nope BV") && message.contains("De Kroon BV") && message.contains("Lumière SRL"))
        }
    }

    @Test func aFileAlreadyThereWithOtherBytesIsAConflictNeverOverwritten() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run(AgentRun.Options(command: "sync", mirror: MirrorOptions(dryRun: true)))
            let dry = await harness.run(AgentRun.Options(command: "sync", mirror: MirrorOptions(dryRun: true)))
            let target = try #require(dry.mirror?.companies[0].wouldWrite.first)
            let url = harness.layout.absolute(target)
            try DurableFile.makeDirectory(url.deletingLastPathComponent())
            try Data("the admin's own file".utf8).write(to: url)
            let outcome = await harness.run()
            #expect(outcome.mirror?.conflicts == 1)
            #expect(try String(contentsOf: url, encoding: .utf8) == "the admin's own file")
            // It stays reported, costs no download, and the next run does not rewrite it either.
            let downloads = harness.sandbox.requestCounts["invoices.download"] ?? 0
            _ = await harness.run()
            #expect(harness.sandbox.requestCounts["invoices.download"] == downloads)
            #expect(try String(contentsOf: url, encoding: .utf8) == "the admin's own file")
            // Moving the other file away lets the next run write the document.
            try FileManager.default.removeItem(at: url)
            let resolved = await harness.run()
            #expect(resolved.mirror?.mirrored == 1)
            #expect(FileManager.default.fileExists(atPath: url.path))
        }
    }

    @Test func aFileAlreadyThereWithTheSameBytesIsAdopted() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(formats: ["pdf"])
            try await harness.connect()
            let dry = await harness.run(AgentRun.Options(command: "sync", mirror: MirrorOptions(dryRun: true)))
            let target = try #require(dry.mirror?.companies[0].wouldWrite.first)
            let index = try harness.openIndex()
            _ = index
            let invoice = try #require(
                harness.sandbox.invoices.filter { $0.status != "draft" && $0.departmentID == harness.sandbox.departments[0].id }
                    .sorted { $0.date! < $1.date! }.first)
            let url = harness.layout.absolute(target)
            try DurableFile.makeDirectory(url.deletingLastPathComponent())
            try harness.sandbox.documentBytes(id: invoice.id, format: "pdf")!.write(to: url)
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success)
            #expect(outcome.mirror?.adopted == 1)
            #expect(try await harness.openIndex().events(documentId: invoice.id).map(\.kind) == [.adopted])
        }
    }

    @Test func deletionsInTeamleaderAreNoticedByAFullSweep() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let removed = try harness.sandbox.deleteLastInvoice(departmentID: harness.sandbox.departments[0].id)
            let incremental = await harness.run()
            #expect(incremental.mirror?.companies[0].deletedInTeamleader == [])
            let full = await harness.run(AgentRun.Options(command: "sync", mirror: MirrorOptions(full: true)))
            #expect(full.mirror?.companies[0].deletedInTeamleader == [removed.number!])
            let record = try #require(try await harness.openIndex().document(id: removed.id))
            #expect(record.deletedInTeamleader)
            // The file stays: tldrop never deletes what it sent.
            #expect(
                try await harness.openIndex().files(documentId: removed.id).allSatisfy {
                    FileManager.default.fileExists(atPath: harness.layout.absolute($0.path).path)
                })
        }
    }

    @Test func aTokenExpiringMidRunIsRefreshedOnceAndTheRunGoesOn() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let before = harness.sandbox.requestCounts["oauth2/access_token"] ?? 0
            var faults = harness.sandbox.faults
            faults.expireAccessTokensAfter = 10
            harness.sandbox.faults = faults
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            #expect(harness.sandbox.requestCounts["oauth2/access_token"] == before + 1)
            try await harness.expectConverged()
        }
    }

    @Test func theCursorMakesTheNextRunCheap() async throws {
        try await AgentHarness.with(.agentTest(invoices: 250)) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            _ = await harness.run()
            let lists = harness.sandbox.requestCounts["invoices.list"] ?? 0
            _ = await harness.run()
            // Per department, one short page of what changed since the cursor, and one of the recent weeks.
            #expect((harness.sandbox.requestCounts["invoices.list"] ?? 0) - lists == 4)
        }
    }
}
