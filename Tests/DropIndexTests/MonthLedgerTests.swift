import DropIndex
import DropValues
import Foundation
import Testing

/// The month report's queries, straight on the index: a company's days and nothing else, payments with
/// the inbox file they came from, archives per folder, agent state by prefix; a folder or key holding
/// SQL's LIKE wildcards matches only itself.
@Suite struct MonthLedgerTests {
    static func index() throws -> DropIndex {
        try DropIndex(path: FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path)
    }

    static func document(_ id: String, company: String, date: String) -> DocumentRecord {
        DocumentRecord(
            id: id, kind: .invoice, departmentId: "D1", company: company, number: "2026 / \(id)", numberKey: "2026/\(id)",
            documentDate: day(date), customer: "Klant", paymentReference: nil, currency: "EUR", total: amount("121.00"), remoteStatus: .outstanding,
            remoteUpdatedAt: nil, remoteDue: amount("121.00"), remotePaid: false, remoteSent: true, fingerprint: "f", state: .mirrored)
    }

    @Test func aMonthsLedgerHoldsItsCompanysDaysWithTheirFilesAndPayments() async throws {
        let index = try Self.index()
        try await index.importMirrored(
            [
                Self.document("a", company: "Kroon", date: "2026-10-31"), Self.document("b", company: "Kroon", date: "2026-11-01"),
                Self.document("c", company: "Kroon", date: "2026-11-30"), Self.document("d", company: "Kroon", date: "2026-12-01"),
                Self.document("e", company: "Zon", date: "2026-11-15"),
            ],
            files: [
                DocumentFileRecord(documentId: "b", revision: 1, format: .pdf, path: "Outbox/Kroon/b.pdf", sha256: "s", size: 1, state: .published)
            ])
        let file = InboxFileRecord(sha256: "x", name: "betalingen.csv", company: "Kroon", size: 10, format: nil, state: .applied)
        let applied = try await index.applyInboxFile(file) { application in
            try application.queue(
                QueuedPayment(documentId: "c", line: 3, amount: amount("21.00"), currency: "EUR", paidAt: day("2026-11-28"), basis: .number))
            return ((), report: "", format: "delimited text")
        }
        try await index.finishInboxFile(id: try applied.0.persistedID, finalPath: "Inbox/Processed/2026-11/betalingen.csv")

        let ledger = try await index.monthLedger(company: "Kroon", month: Month(year: 2026, month: 11)!)
        #expect(ledger.documents.map(\.id) == ["b", "c"])
        #expect(ledger.files["b"]?.map(\.path) == ["Outbox/Kroon/b.pdf"] && ledger.files["c"] == nil)
        let payment = try #require(ledger.payments["c"]?.first)
        #expect(payment.record.amount == amount("21.00") && payment.record.line == 3 && payment.record.state == .queued)
        #expect(payment.fileName == "betalingen.csv" && payment.filePath == "Inbox/Processed/2026-11/betalingen.csv")
    }

    @Test func archivesAndStatesMatchTheirPrefixOnly() async throws {
        let index = try Self.index()
        let early = Date(timeIntervalSince1970: 1_700_000_000)
        let late = early.addingTimeInterval(3_600)
        func member(_ archive: String, _ name: String, _ at: Date) -> ArchiveMemberRecord {
            ArchiveMemberRecord(archive: archive, member: name, sha256: "s", size: 1, kind: .document, documentFileId: nil, archivedAt: at)
        }
        try await index.recordArchive(
            "Outbox/A_B/Archive/2026-09.zip", members: [member("Outbox/A_B/Archive/2026-09.zip", "1.pdf", early)], files: [], events: [])
        try await index.recordArchive(
            "Outbox/A_B/Archive/2026-09.zip", members: [member("Outbox/A_B/Archive/2026-09.zip", "2.pdf", late)], files: [], events: [])
        // "_" is a wildcard to LIKE: AxB must not count as A_B.
        try await index.recordArchive(
            "Outbox/AxB/Archive/2026-09.zip", members: [member("Outbox/AxB/Archive/2026-09.zip", "1.pdf", late)], files: [], events: [])
        let archives = try await index.archives(under: "Outbox/A_B/Archive/")
        #expect(archives.map(\.archive) == ["Outbox/A_B/Archive/2026-09.zip"])
        #expect(archives.first.map { abs($0.archivedAt.timeIntervalSince(late)) < 1 } == true, "the latest time a member was archived")

        try await index.setState(["month_report.2026-11.A%B": "1", "month_report.2026-11.AxB": "2", "other": "3"])
        #expect(try await index.states(prefix: "month_report.2026-11.A%").map(\.key) == ["month_report.2026-11.A%B"])
        #expect(try await index.states(prefix: "month_report.").count == 2)
    }
}
