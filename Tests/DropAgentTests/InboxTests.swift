import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Payment files dropped into the inbox, end to end against the sandbox.
@Suite struct InboxTests {
    /// A mirrored root with `settle_seconds = 0`.
    static func prepared(_ harness: AgentHarness, settle: Int = 0, startDate: CalendarDate? = nil) async throws {
        try harness.writeConfiguration(startDate: startDate, extra: "[inbox]\nsettle_seconds = \(settle)\n")
        try await harness.connect()
        let first = await harness.run()
        #expect(first.exitStatus == .success, "\(first.errors.map(\.message))")
    }

    static var month: String { CalendarDate(Date(), timeZone: .current).monthKey }

    @Test func eachPaymentIsRegisteredExactlyOnceWithPartialPayments() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let open = harness.openInvoices()
            let (a, b) = (open[0], open[1])
            try harness.drop("export.csv", AgentHarness.paymentCSV([(a.number!, ""), (b.number!, "10,05")]), company: "Company 1")
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            let received = harness.sandbox.receivedPayments
            #expect(received.count == 2)
            #expect(received.first { $0.invoiceID == a.id }?.amount == a.total)
            #expect(received.first { $0.invoiceID == b.id }?.amount == Decimal(string: "10.05"))
            #expect(harness.sandbox.invoice(id: a.id)?.status == "matched")
            #expect(harness.sandbox.invoice(id: b.id)?.due == b.total - Decimal(string: "10.05")!)
            #expect(harness.inbox("Company 1").isEmpty)
            #expect(harness.inbox("Processed/\(Self.month)") == ["export.csv", "export.csv.report.txt"])
            let report = try String(
                contentsOf: harness.layout.inbox.appendingPathComponent("Processed/\(Self.month)/export.csv.report.txt"), encoding: .utf8)
            #expect(report.contains("To register in Teamleader: 2"))
            // The rest of b, in a second file: b is then paid in full; nothing is registered twice.
            try harness.drop(
                "rest.csv", AgentHarness.paymentCSV([(b.number!, "\(b.total - Decimal(string: "10.05")!)".replacingOccurrences(of: ".", with: ","))]),
                company: "Company 1")
            _ = await harness.run()
            _ = await harness.run()
            #expect(harness.sandbox.receivedPayments.count == 3)
            #expect(harness.sandbox.invoice(id: b.id)?.status == "matched")
            let events = try await harness.openIndex().events(documentId: b.id).map(\.kind)
            #expect(events.filter { $0 == .paymentRegistered }.count == 2)
        }
    }

    @Test func alreadyPaidNotDeliveredUnknownAmbiguousAndCreditNotes() async throws {
        try await AgentHarness.with(.agentTest(invoices: 60)) { harness in
            let start = harness.sandbox.today.adding(days: -60)
            try await Self.prepared(harness, startDate: start)
            let sandbox = harness.sandbox
            let first = sandbox.departments[0].id
            let paid = try #require(sandbox.invoices.first { $0.status == "matched" && $0.date! >= start && $0.departmentID == first })
            let early = try #require(sandbox.invoices.first { $0.status == "outstanding" && $0.date! < start && $0.departmentID == first })
            let rows = [(paid.number!, ""), (early.number!, ""), ("1999/1", ""), ("ABC-7", "")]
            try harness.drop("mixed.csv", AgentHarness.paymentCSV(rows), company: "Company 1")
            let outcome = await harness.run()
            let file = try #require(outcome.inbox?.files.first)
            #expect(file.count(.alreadyPaid) == 1)
            // Numbers no delivered document has (booked before the link started, another numbering) are not
            // the link's (rule 4): counted, left alone, held for nobody.
            #expect(file.count(.notOurs) == 3 && file.count(.review) == 0, "\(file.lines)")
            #expect(file.count(.queued) == 0)

            // A number both companies use, dropped at the top of the inbox: reported, not guessed.
            let shared = try #require(
                sandbox.invoices.first { invoice in
                    invoice.status == "outstanding" && invoice.date! >= start && invoice.paymentCount == 0
                        && sandbox.invoices.contains { $0.number == invoice.number && $0.departmentID != invoice.departmentID && $0.date! >= start }
                })
            try harness.drop("shared.csv", AgentHarness.paymentCSV([(shared.number!, "")]))
            let ambiguous = await harness.run()
            #expect(ambiguous.inbox?.files.first?.count(.review) == 1)
            #expect(ambiguous.inbox?.files.first?.lines.first?.text.contains("could be invoice") == true)
            // A credit note, named by its Teamleader id: Teamleader takes no payment on it.
            let delivered = try await harness.openIndex().documents(ids: sandbox.creditNotes.map(\.id))
            let note = try #require(delivered.values.first)
            try harness.drop("note.json", Data(#"[{"teamleader_id": "\#(note.id)", "paid": true}]"#.utf8))
            let credit = await harness.run()
            #expect(credit.inbox?.files.first?.count(.notSupported) == 1, "\(String(describing: credit.inbox))")
            #expect(harness.sandbox.receivedPayments.isEmpty)

            // Dropped in the company's own folder (a new export: other bytes), the shared number is no longer ambiguous.
            try harness.drop(
                "scoped.csv", AgentHarness.paymentCSV([(shared.number!, "")], header: "Factuurnummer;Betaald;Betaaldatum;Bedrag "),
                company: shared.departmentID == first ? "Company 1" : "Company 2")
            _ = await harness.run()
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [shared.id])
        }
    }

    @Test func bankStatementsMatchByStructuredCommunication() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let invoice = harness.openInvoices()[0]
            let reference = try #require(invoice.paymentReference)
            let camt = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
                <Ntry><Amt Ccy="EUR">\(invoice.total)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-27</Dt></BookgDt>
                <NtryDtls><TxDtls><RmtInf><Strd><CdtrRefInf><Ref>\(reference.filter(\.isNumber))</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
                <Ntry><Amt Ccy="EUR">12.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-27</Dt></BookgDt>
                <NtryDtls><TxDtls><RmtInf><Ustrd>gift</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                </Stmt></BkToCstmrStmt></Document>
                """
            try harness.drop("statement.xml", Data(camt.utf8))
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success)
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [invoice.id])
            #expect(harness.sandbox.receivedPayments.first?.paidAt == Timestamp.parse("2026-11-27T12:00:00+00:00"))
            #expect(outcome.inbox?.files.first?.count(.notOurs) == 1)
        }
    }

    @Test func theSameFileUnderTwoNamesIsAppliedOnce() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let invoice = harness.openInvoices()[0]
            let bytes = AgentHarness.paymentCSV([(invoice.number!, "")])
            try harness.drop("betalingen.csv", bytes, company: "Company 1")
            _ = await harness.run()
            try harness.drop("betalingen (kopie).csv", bytes, company: "Company 1")
            try harness.drop("betalingen.csv", bytes, company: "Company 1")
            let outcome = await harness.run()
            #expect(outcome.inbox?.files.map(\.result) == [.duplicate, .duplicate])
            #expect(harness.sandbox.receivedPayments.count == 1)
            // Nothing overwritten: three files and their three reports.
            #expect(harness.inbox("Processed/\(Self.month)").count == 6)
            #expect(harness.inbox("Processed/\(Self.month)").contains("betalingen (2).csv"))
        }
    }

    /// Found by the crash-anywhere suite: the same bytes in two companies' folders name two invoices (numbers
    /// repeat across departments), so both are applied.
    @Test func theSameBytesInTwoCompanyFoldersAreTwoInputs() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let first = harness.openInvoices(department: 0)
            let second = harness.openInvoices(department: 1)
            let number = try #require(first.map(\.number).first { number in second.contains { $0.number == number } })
            let bytes = AgentHarness.paymentCSV([(number!, "")])
            try harness.drop("betalingen.csv", bytes, company: "Company 1")
            _ = await harness.run()
            try harness.drop("betalingen.csv", bytes, company: "Company 2")
            let outcome = await harness.run()
            #expect(outcome.inbox?.files.map(\.result) == [.processed])
            #expect(
                Set(harness.sandbox.receivedPayments.map(\.invoiceID))
                    == Set(
                        [first.first { $0.number == number }!.id, second.first { $0.number == number }!.id]))
        }
    }

    @Test func garbageIsRejectedWithAReasonAndExit65() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            var garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255) })
            garbage[0] = 0
            try harness.drop("betalingen.csv", garbage)
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .dataError)
            #expect(harness.inbox("Rejected") == ["betalingen.csv", "betalingen.csv.error.txt"])
            let error = try String(contentsOf: harness.layout.inbox.appendingPathComponent("Rejected/betalingen.csv.error.txt"), encoding: .utf8)
            #expect(error.contains("not a payment file") && error.contains("move it back into Inbox/ to have it read again"))
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(status.contains("Rejected inbox files"))
            // Moved back (fixed), it is read again.
            try FileManager.default.removeItem(at: harness.layout.inbox.appendingPathComponent("Rejected/betalingen.csv"))
            let invoice = harness.openInvoices()[0]
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(invoice.number!, "")]), company: "Company 1")
            #expect(await harness.run().exitStatus == .success)
            #expect(harness.sandbox.receivedPayments.count == 1)
        }
    }

    @Test func badLinesAreReportedAndGoodOnesApplied() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let invoice = harness.openInvoices()[0]
            let text = "Factuurnummer;Betaald;Bedrag\n\(invoice.number!);ja;\n\(invoice.number!);misschien;5\n"
            try harness.drop("half.csv", Data(text.utf8), company: "Company 1")
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .dataError)
            #expect(harness.sandbox.receivedPayments.count == 1)
            let report = try String(
                contentsOf: harness.layout.inbox.appendingPathComponent("Processed/\(Self.month)/half.csv.report.txt"), encoding: .utf8)
            #expect(report.contains("line 3: paid says 'misschien'"))
        }
    }

    @Test func aSymlinkIsNeverFollowedAndOtherOddEntriesAreSkipped() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let invoice = harness.openInvoices()[0]
            let outside = harness.root.appendingPathComponent("outside.csv")
            try AgentHarness.paymentCSV([(invoice.number!, "")]).write(to: outside)
            try FileManager.default.createDirectory(at: harness.layout.inbox, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: harness.layout.inbox.appendingPathComponent("link.csv"), withDestinationURL: outside)
            #expect(mkfifo(harness.layout.inbox.appendingPathComponent("pipe.csv").path, 0o644) == 0)
            try FileManager.default.createDirectory(at: harness.layout.inbox.appendingPathComponent("stray"), withIntermediateDirectories: true)
            let outcome = await harness.run()
            #expect(harness.sandbox.receivedPayments.isEmpty)
            let skipped = outcome.inbox?.skipped ?? []
            #expect(skipped.contains { $0.contains("link.csv") && $0.contains("symbolic link") })
            #expect(skipped.contains { $0.contains("pipe.csv") && $0.contains("not a regular file") })
            #expect(skipped.contains { $0.contains("stray") })
            #expect(FileManager.default.fileExists(atPath: outside.path))
            #expect(harness.inbox().contains("link.csv"))
        }
    }

    /// A slow writer keeps the file open and pauses longer than the settle time: it is not taken until
    /// the writer closes it, and then every line is applied once. No timing decides this: while the file
    /// is open for writing, a read lease is refused.
    @Test func aFileStillBeingWrittenIsLeftForLater() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness, settle: 1)
            let open = Array(harness.openInvoices().prefix(12))
            let url = try harness.drop("slow.csv", Data("Factuurnummer;Betaald\n".utf8), company: "Company 1")
            let handle = try FileHandle(forWritingTo: url)
            handle.seekToEndOfFile()
            for invoice in open.prefix(6) { handle.write(Data("\(invoice.number!);ja\n".utf8)) }
            // The writer pauses (the file open) while a whole run, settle wait included, goes by.
            let during = await harness.run()
            #expect(during.inbox?.waiting == ["Inbox/Company 1/slow.csv"])
            #expect(harness.sandbox.receivedPayments.isEmpty)
            for invoice in open.dropFirst(6) { handle.write(Data("\(invoice.number!);ja\n".utf8)) }
            try handle.close()
            let registered = await AgentHarness.eventually(timeout: .seconds(60)) {
                _ = await harness.run()
                return harness.sandbox.receivedPayments.count >= open.count
            }
            #expect(registered)
            #expect(harness.sandbox.receivedPayments.count == open.count)
            #expect(Set(harness.sandbox.receivedPayments.map(\.invoiceID)) == Set(open.map(\.id)))
        }
    }

    @Test func offlineTheFilesAreQueuedAndALaterRunPushesThem() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let invoice = harness.openInvoices()[0]
            try harness.drop("offline.csv", AgentHarness.paymentCSV([(invoice.number!, "")]), company: "Company 1")
            var offline = harness.environment
            offline["TLDROP_API_URL"] = "http://127.0.0.1:1"
            offline["TLDROP_AUTH_URL"] = "http://127.0.0.1:1"
            let away = await AgentRun(layout: harness.layout, environment: offline, logger: AgentHarness.quietLogger).execute(AgentRun.Options())
            #expect(away.exitStatus == .tryLater)
            #expect(away.inbox?.queued == 1)
            #expect(away.push?.waiting == 1)
            #expect(harness.sandbox.receivedPayments.isEmpty)
            let back = await harness.run()
            #expect(back.exitStatus == .success)
            #expect(harness.sandbox.receivedPayments.map(\.invoiceID) == [invoice.id])
        }
    }

    @Test func aBrokenLinkStillReadsTheInbox() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepared(harness)
            let invoice = harness.openInvoices()[0]
            harness.sandbox.revokeTokens()
            harness.sandbox.expireAccessTokens()
            try harness.drop("broken.csv", AgentHarness.paymentCSV([(invoice.number!, "")]), company: "Company 1")
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .linkBroken)
            #expect(outcome.inbox?.queued == 1)
            #expect(harness.inbox("Processed/\(Self.month)").contains("broken.csv"))
        }
    }
}
