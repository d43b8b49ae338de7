import Archives
import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Corrections an admin makes with a file manager, end to end against the sandbox.
@Suite struct CorrectionsTests {
    static func mirrored(_ harness: AgentHarness, extra: String = "") async throws {
        try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n" + extra)
        try await harness.connect()
        let outcome = await harness.run()
        #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
    }

    /// An outstanding invoice of the first company dated in a month that stays loose (this month or last).
    static func recentInvoice(_ harness: AgentHarness) async throws -> (SandboxInvoiceSummary, [DocumentFileRecord]) {
        let index = try harness.openIndex()
        for invoice in harness.sandbox.invoices.reversed()
        where invoice.status == "outstanding" && invoice.paymentCount == 0 && invoice.departmentID == harness.sandbox.departments[0].id {
            let files = try await index.files(documentId: invoice.id)
            if !files.isEmpty { return (invoice, files) }
        }
        throw CancellationError()
    }

    @Test func aDeletedFileStaysDeleted() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            let (invoice, files) = try await Self.recentInvoice(harness)
            let pdf = try #require(files.first { $0.format == .pdf })
            let bytes = try Data(contentsOf: harness.layout.absolute(pdf.path))
            try FileManager.default.removeItem(at: harness.layout.absolute(pdf.path))
            let first = await harness.run()
            #expect(first.corrections?.deleted == ["Company 1/" + (pdf.path as NSString).lastPathComponent])
            let second = await harness.run()
            #expect(second.corrections?.deleted == [])
            #expect(!FileManager.default.fileExists(atPath: harness.layout.absolute(pdf.path).path))
            let index = try harness.openIndex()
            #expect(try await index.events(documentId: invoice.id).map(\.kind).filter { $0 == .deletedInOutbox }.count == 1)
            #expect(try await index.companyCounts().first { $0.company == "Company 1" }?.deletedInOutbox == 1)
            // tldrop keeps no copy of a file deleted before it was archived, and says how to get it back.
            let context = try AgentContext.open(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
            do {
                _ = try await DocumentActions(context: context).restore(number: invoice.number!, company: "Company 1", to: nil)
                Issue.record("a deleted, never archived file was restored from nowhere")
            } catch {
                #expect("\(error)".contains("tldrop reimport"))
            }
            await context.close()
            // Put back by hand (the same bytes): recorded as restored.
            try bytes.write(to: harness.layout.absolute(pdf.path))
            let back = await harness.run()
            #expect(back.corrections?.restored == ["Company 1/" + (pdf.path as NSString).lastPathComponent])
            #expect(try await index.events(documentId: invoice.id).map(\.kind).contains(.restored))
        }
    }

    @Test func reimportAfterAnEditKeepsTheOldBytesAndThePaymentLink() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            let (invoice, files) = try await Self.recentInvoice(harness)
            let oldBytes = try files.map { try Data(contentsOf: harness.layout.absolute($0.path)) }
            try harness.sandbox.editInvoice(id: invoice.id, amount: 777)
            _ = await harness.run()
            let number = invoice.number!.replacingOccurrences(of: " / ", with: "-")
            let marker = harness.layout.companyFolder("Company 1").appendingPathComponent("\(number).reimport")
            try Data().write(to: marker)
            let outcome = await harness.run()
            #expect(
                outcome.corrections?.reimported == [invoice.number!], "\(String(describing: outcome.corrections)) \(outcome.errors.map(\.message))")
            #expect(!FileManager.default.fileExists(atPath: marker.path))
            let index = try harness.openIndex()
            let record = try #require(try await index.document(id: invoice.id))
            #expect(record.revision == 2 && !record.changedAfterSending)
            let current = try await index.files(documentId: invoice.id)
            #expect(current.count == 2 && current.allSatisfy { $0.revision == 2 })
            let newPDF = try Data(contentsOf: harness.layout.absolute(current.first { $0.format == .pdf }!.path))
            #expect(newPDF == harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
            #expect(!oldBytes.contains(newPDF))
            // The old bytes live on in the month's archive, under superseded/.
            let superseded = try await index.allFiles(documentId: invoice.id).filter { $0.state == .superseded }
            #expect(superseded.count == 2)
            let archive = try #require(superseded.first?.archive)
            let entries = try ArchiveReader.entries(atPath: harness.layout.absolute(archive).path)
            #expect(
                entries.filter { $0.path.hasPrefix("superseded/r1/") }.map(\.data).sorted { $0.count < $1.count }
                    == oldBytes.sorted { $0.count < $1.count })
            #expect(try await index.events(documentId: invoice.id).map(\.kind).contains(.reimported))
            // The payment link is kept: a payment for it is still registered through the inbox.
            try harness.drop("pay.csv", Data("Factuurnummer;Betaald\n\(invoice.number!);ja\n".utf8), company: "Company 1")
            _ = await harness.run()
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [invoice.id])
            #expect(harness.sandbox.receivedPayments.first?.amount == harness.sandbox.invoice(id: invoice.id)?.total)
        }
    }

    @Test func aFilePutThereByHandIsAdoptedNeverOverwritten() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            let (invoice, _) = try await Self.recentInvoice(harness)
            let number = invoice.number!.replacingOccurrences(of: " / ", with: "-")
            let manual = harness.layout.companyFolder("Company 1").appendingPathComponent("gecorrigeerd_\(number)_met handtekening.pdf")
            try Data("%PDF-1.4 signed by hand".utf8).write(to: manual)
            let outcome = await harness.run()
            #expect(outcome.corrections?.adopted == ["Company 1/" + manual.lastPathComponent], "\(String(describing: outcome.corrections))")
            let index = try harness.openIndex()
            let record = try #require(try await index.document(id: invoice.id))
            #expect(record.revision == 2 && record.source == .manual)
            #expect(try await index.events(documentId: invoice.id).map(\.kind).contains(.manualRevision))
            _ = await harness.run()
            #expect(try String(contentsOf: manual, encoding: .utf8) == "%PDF-1.4 signed by hand")
        }
    }

    @Test func aForeignFileIsLeftAloneAndListed() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            let foreign = harness.layout.companyFolder("Company 1").appendingPathComponent("notities van de boekhouder.txt")
            try Data("niet aankomen".utf8).write(to: foreign)
            let outcome = await harness.run()
            #expect(outcome.corrections?.foreign["Company 1"] == ["notities van de boekhouder.txt"])
            #expect(try String(contentsOf: foreign, encoding: .utf8) == "niet aankomen")
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(status.contains("notities van de boekhouder.txt"))
        }
    }

    @Test func anUnknownMarkerBecomesFailedWithTheReason() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            let marker = harness.layout.companyFolder("Company 1").appendingPathComponent("2099-999.reimport")
            try Data().write(to: marker)
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .dataError)
            #expect(!FileManager.default.fileExists(atPath: marker.path))
            let failed = marker.appendingPathExtension("failed")
            let reason = try String(contentsOf: failed, encoding: .utf8)
            #expect(reason.contains("2099-999") && reason.contains("no document"))
            // The .failed file is left alone afterwards.
            #expect(await harness.run().exitStatus == .success)
            #expect(FileManager.default.fileExists(atPath: failed.path))
        }
    }

    @Test func logShowsTheWholeTimeline() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            let (invoice, _) = try await Self.recentInvoice(harness)
            try harness.sandbox.editInvoice(id: invoice.id)
            try harness.drop("pay.csv", Data("Factuurnummer;Betaald\n\(invoice.number!);ja\n".utf8), company: "Company 1")
            _ = await harness.run()
            let context = try AgentContext.open(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
            let timeline = try await DocumentActions(context: context).timeline(number: invoice.number!, company: "Company 1")
            await context.close()
            #expect(timeline.events.map(\.kind) == [.mirrored, .changedInTeamleader, .paymentQueued, .paymentRegistered])
            // Without a company, a number both companies use asks which.
            let context2 = try AgentContext.open(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
            do {
                _ = try await DocumentActions(context: context2).timeline(number: invoice.number!, company: nil)
                if harness.sandbox.invoices.filter({ $0.number == invoice.number }).count > 1 { Issue.record("an ambiguous number was accepted") }
            } catch {
                #expect("\(error)".contains("--company"))
            }
            await context2.close()
        }
    }
}
