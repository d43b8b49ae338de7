import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// Inbox files are taken whole: never while their writer has them open, and with done files only once
/// their marker says the transfer is complete.
@Suite struct WatchInboxTests {
    /// A writer that pauses longer than the settle time, the file open, while `watch` runs: the file is
    /// taken only after it is closed, and every line is applied once.
    @Test func aSlowWriterIsWaitedForUntilItClosesTheFile() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await InboxTests.prepared(harness, settle: 1)
            let open = Array(harness.openInvoices().prefix(12))
            let watch = try harness.start(["watch"])
            defer { watch.signal(SIGKILL) }
            let index = try harness.openIndex()
            let url = try harness.drop("slow.csv", Data("Factuurnummer;Betaald\n".utf8), company: "Company 1")
            let handle = try FileHandle(forWritingTo: url)
            handle.seekToEndOfFile()
            for (part, invoices) in [open.prefix(4), open.dropFirst(4).prefix(4), open.dropFirst(8)].enumerated() {
                for invoice in invoices { handle.write(Data("\(invoice.number!);ja\n".utf8)) }
                // The pause the writer takes, open: three settle times. (Only a scenario's pace: nothing
                // waits on it.)
                try await Task.sleep(for: .seconds(3))
                #expect(harness.inbox("Company 1") == ["slow.csv"], "part \(part): still in the inbox while open")
                #expect(try await index.pendingPayments().isEmpty && harness.sandbox.receivedPayments.isEmpty)
            }
            try handle.close()
            let registered = await AgentHarness.eventually(timeout: .seconds(60)) {
                harness.sandbox.receivedPayments.count >= open.count
            }
            #expect(registered, "\(watch.errorOutput)")
            #expect(harness.sandbox.receivedPayments.count == open.count, "every line once")
            #expect(Set(harness.sandbox.receivedPayments.map(\.invoiceID)) == Set(open.map(\.id)))
            #expect(harness.inbox("Company 1").isEmpty)
            watch.signal(SIGTERM)
            #expect(await watch.wait(timeout: .seconds(30)).status == 0)
        }
    }

    @Test func withDoneFilesAFileWaitsForAMarkerWrittenAfterIt() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\ndone_files = true\n")
            try await harness.connect()
            _ = await harness.run()
            let (a, b) = (harness.openInvoices()[0], harness.openInvoices()[1])
            let first = try harness.drop("a.csv", AgentHarness.paymentCSV([(a.number!, "")]), company: "Company 1")
            let waiting = await harness.run()
            #expect(waiting.inbox?.waiting == ["Inbox/Company 1/a.csv"], "no marker yet")
            #expect(harness.sandbox.receivedPayments.isEmpty)

            try Data().write(to: first.appendingPathExtension("done"))
            _ = await harness.run()
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [a.id])
            #expect(harness.inbox("Company 1") == ["a.csv.done"], "the marker is the sender's: left alone")

            // A marker older than its file (left from an earlier transfer) releases nothing.
            let stale = harness.layout.inbox.appendingPathComponent("Company 1/b.csv.done")
            try Data().write(to: stale)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3_600)], ofItemAtPath: stale.path)
            try harness.drop("b.csv", AgentHarness.paymentCSV([(b.number!, "")]), company: "Company 1")
            let stillWaiting = await harness.run()
            #expect(stillWaiting.inbox?.waiting == ["Inbox/Company 1/b.csv"])
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: stale.path)
            _ = await harness.run()
            #expect(Set(harness.sandbox.receivedPayments.map(\.invoiceID)) == [a.id, b.id])
        }
    }
}
