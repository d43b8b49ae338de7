import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// What Teamleader may do that a kind sandbox never did: refuse one format for one document, send a
/// record tldrop cannot read, move `updated_at` without changing anything, refuse the client itself.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct FreedomTests {
    static func mirrored(_ harness: AgentHarness, formats: [String] = ["pdf", "ubl/peppol_bis_3"]) async throws {
        try harness.writeConfiguration(formats: formats, extra: "[inbox]\nsettle_seconds = 0\n")
        try await harness.connect()
    }

    @Test func aRefusedFormatLeavesThePDFAndTheOthersPublishedAndTheCursorMoving() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            let refused = try #require(harness.openInvoices().first)
            harness.sandbox.faults.refusedFormats = [refused.id: ["ubl/peppol_bis_3"]]
            try await Self.mirrored(harness)
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            #expect(outcome.mirror?.refused == 1)
            let index = try harness.openIndex()
            let files = try await index.files(documentId: refused.id)
            #expect(files.map(\.format) == [.pdf])
            let booked = harness.sandbox.invoices.filter { $0.status != "draft" }.count + harness.sandbox.creditNotes.count
            let all = try await index.documents(ids: harness.sandbox.invoices.map(\.id) + harness.sandbox.creditNotes.map(\.id))
            #expect(all.count == booked)
            #expect(try await index.cursor(departmentId: refused.departmentID, kind: .invoice)?.updatedSince != nil)
            // Visible: status, STATUS.md, the document's log.
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(status.contains("Formats Teamleader refused") && status.contains(refused.number!) && status.contains("does not validate"))
            let log = try await harness.spawn(["log", refused.number!, "--company", "Company 1"])
            #expect(
                log.output.contains("format refused") && log.output.contains("format ubl/peppol_bis_3 refused 1×"), "\(log.output) \(log.errorOutput)"
            )

            // The next run downloads nothing: the refusal waits for its back-off, the rest is there.
            let downloads = harness.sandbox.requestCounts["invoices.download"] ?? 0
            #expect(await harness.run().exitStatus == .success)
            #expect(harness.sandbox.requestCounts["invoices.download"] ?? 0 == downloads)

            // Once the back-off is over (a refusal dated back two days) and Teamleader makes it, it comes.
            harness.sandbox.faults.refusedFormats = [:]
            try await index.recordRefusal(
                documentId: refused.id, format: .ublPeppolBis3, reason: "test", now: Date().addingTimeInterval(-2 * 86_400))
            let late = await harness.run()
            #expect(late.mirror?.companies.flatMap(\.formatsReceived).count == 1)
            #expect(try await index.files(documentId: refused.id).map(\.format.rawValue).sorted() == ["pdf", "ubl/peppol_bis_3"])
            #expect(try await index.refusals(documentId: refused.id).isEmpty)
            #expect(harness.files(in: "Company 1").contains { $0.hasSuffix(".xml") && $0.contains(DocumentNamer.numberComponent(refused.number!)) })
        }
    }

    /// e-fff always embeds the PDF: one download call per document.
    @Test func thePDFComesFromTheUBLThatEmbedsIt() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness, formats: ["pdf", "ubl/e-fff"])
            #expect(await harness.run().exitStatus == .success)
            let documents = harness.sandbox.invoices.filter { $0.status != "draft" }.count
            #expect(harness.sandbox.requestCounts["invoices.download"] == documents)
            let index = try harness.openIndex()
            let invoice = try #require(harness.sandbox.invoices.first { $0.status != "draft" })
            let pdf = try #require(try await index.files(documentId: invoice.id).first { $0.format == .pdf })
            let bytes = try Data(contentsOf: harness.layout.absolute(pdf.path))
            #expect(bytes == harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
        }
    }

    @Test func anUnreadableRecordIsNamedSkippedAndReadNextRun() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            let broken = try #require(harness.sandbox.invoices.first { $0.status == "outstanding" })
            harness.sandbox.faults.unreadableRecords = [broken.id]
            try await Self.mirrored(harness)
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            #expect(outcome.mirror?.unreadable == 1)
            let index = try harness.openIndex()
            #expect(try await index.document(id: broken.id) == nil)
            #expect(
                try await index.documents(ids: harness.sandbox.invoices.map(\.id)).count == harness.sandbox.invoices.filter { $0.status != "draft" }
                    .count - 1)
            let status = try await harness.spawn(["status"])
            #expect(status.output.contains(broken.id), "\(status.output)")
            // Readable again: the next run reads it by id, though the cursor went past it.
            harness.sandbox.faults.unreadableRecords = []
            #expect(await harness.run().exitStatus == .success)
            #expect(try await index.document(id: broken.id)?.state == .mirrored)
            #expect(try await index.unreadableRecords().isEmpty)
        }
    }

    @Test func anUnreadableInvoiceNeverStopsThePaymentQueue() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            #expect(await harness.run().exitStatus == .success)
            let open = harness.openInvoices()
            let (broken, fine) = (open[0], open[1])
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(broken.number!, ""), (fine.number!, "")]), company: "Company 1")
            harness.sandbox.faults.unreadableRecords = [broken.id]
            let outcome = await harness.run(AgentRun.Options(command: "run", stages: [.inbox, .push]))
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [fine.id])
            #expect(outcome.push?.unreadable.count == 1 && outcome.push?.waiting == 1)
            harness.sandbox.faults.unreadableRecords = []
            _ = await harness.run(AgentRun.Options(command: "push", stages: [.push]))
            #expect(Set(harness.sandbox.receivedPayments.map(\.invoiceID)) == [fine.id, broken.id])
        }
    }

    /// A Peppol status, a reminder: `updated_at` moves and nothing else. Checked once with
    /// `invoices.info` against what was sent: not a change. An edit of the lines (totals unchanged) is.
    @Test func anUpdatedAtOnlyChangeIsCheckedAgainstTheContent() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            #expect(await harness.run().exitStatus == .success)
            let (touched, edited) = (harness.openInvoices()[0], harness.openInvoices()[1])
            try harness.sandbox.touchInvoice(id: touched.id)
            try harness.sandbox.editInvoice(id: edited.id)
            let infos = harness.sandbox.requestCounts["invoices.info"] ?? 0
            let outcome = await harness.run()
            #expect(outcome.mirror?.companies.flatMap(\.changed) == [edited.number!])
            #expect((harness.sandbox.requestCounts["invoices.info"] ?? 0) - infos == 2)
            // Checked once per updated_at: the next run asks nothing.
            _ = await harness.run()
            #expect((harness.sandbox.requestCounts["invoices.info"] ?? 0) - infos == 2)
            let index = try harness.openIndex()
            #expect(try await index.document(id: touched.id)?.changedAfterSending == false)
            #expect(try await index.document(id: edited.id)?.changedAfterSending == true)
        }
    }

    @Test func aWrongClientSecretIsAConfigurationErrorWithWhatToFix() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            var environment = harness.environment
            environment["TLDROP_CLIENT_SECRET"] = "wrong"
            harness.sandbox.expireAccessTokens()
            let result = try await ProcessRunner.run(ProcessRunner.tldropBinary, ["run", "--root", harness.root.path], environment: environment)
            #expect(result.status == 78, "\(result.errorOutput)")
            #expect(result.errorOutput.contains("client id") && result.errorOutput.contains("TLDROP_CLIENT_SECRET"))
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(status.contains("Client id or secret refused") && !status.contains("tldrop connect"))
        }
    }

    @Test func everyRequestSaysWhoCallsAndTheBinaryItsVersion() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.mirrored(harness)
            #expect(await harness.run().exitStatus == .success)
            for kind in ["api", "oauth", "files"] {
                #expect(harness.sandbox.userAgent(of: kind) == "tldrop/\(TldropVersion.current)", "\(kind)")
            }
            let version = try await ProcessRunner.run(ProcessRunner.tldropBinary, ["--version"], environment: [:])
            #expect(version.status == 0 && version.output.trimmingCharacters(in: .whitespacesAndNewlines) == TldropVersion.current)
        }
    }
}
