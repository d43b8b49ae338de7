import DropIndex
import DropTestSupport
import DropValues
import Foundation
import Testing

/// Days, months, amounts and states are types at the index's boundary, stored as the same text earlier
/// versions wrote: what another program sees in the file, and what an older row reads back as.
@Suite struct StoredValuesTests {
    static func document(_ id: String, date: String, total: String, due: String?, status: RemoteStatus) -> DocumentRecord {
        DocumentRecord(
            id: id, kind: .invoice, departmentId: "D1", company: "Kroon", number: "2026 / \(id)", numberKey: "2026/\(id)",
            documentDate: day(date), customer: "Klant", paymentReference: nil, currency: "EUR", total: amount(total),
            remoteStatus: status, remoteUpdatedAt: nil, remoteDue: due.map(amount), remotePaid: false, remoteSent: true, fingerprint: "f",
            state: .mirrored)
    }

    @Test func typedValuesAreStoredAsPlainTextAndReadBackEqual() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path
        let index = try DropIndex(path: path)
        let stored = Self.document("a", date: "2026-02-28", total: "1234.50", due: "0.05", status: RemoteStatus(rawValue: "someday-new"))
        try await index.importMirrored([stored])
        let read = try #require(try await index.document(id: "a"))
        #expect(read.documentDate == day("2026-02-28") && read.total == amount("1234.5") && read.remoteDue == amount("0.05"))
        #expect(read.remoteStatus.rawValue == "someday-new", "a status Teamleader adds is kept as it came")
        let file = InboxFileRecord(sha256: "s", name: "b.csv", company: "Kroon", size: 1, format: nil, state: .applied)
        _ = try await index.applyInboxFile(file) { application in
            try application.queue(
                QueuedPayment(documentId: "a", line: 2, amount: amount("100.10"), currency: "EUR", paidAt: day("2026-03-01"), basis: .number))
            return ((), report: "", format: nil)
        }
        let payment = try #require(try await index.payments(documentId: "a").first)
        #expect(payment.amount == amount("100.1") && payment.paidAt == day("2026-03-01"))

        let rows = try sqliteOnItsOwnConnection(
            ["SELECT document_date, total, remote_due, remote_status FROM document", "SELECT amount, paid_at FROM payment"], path)
        #expect(rows == "('2026-02-28', '1234.5', '0.05', 'someday-new')\n('100.1', '2026-03-01')\n")
    }

    /// Rows as earlier versions wrote them (amounts with their cents, as Teamleader printed them) read as
    /// the same values; a day edited by hand into something else is named where a record is read whole, and
    /// does not stop the matching of payment lines.
    @Test func rowsWrittenByEarlierVersionsReadAsTheirValues() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path
        let index = try DropIndex(path: path)
        try await index.importMirrored([Self.document("b", date: "2026-11-30", total: "121", due: "121", status: .outstanding)])
        _ = try sqliteOnItsOwnConnection(
            [
                "UPDATE document SET total = '121.00', remote_due = '60.50'",
                """
                INSERT INTO payment (document_id, line, amount, currency, paid_at, state, created_at, basis)
                VALUES ('b', 3, '60.50', 'EUR', '2026-12-01', 'registered', '2026-12-01 10:00:00.000', 'number'),
                       ('b', 4, '1.00', 'EUR', 'yesterday', 'registered', '2026-12-01 10:00:00.000', 'number')
                """,
            ], path)
        let read = try #require(try await index.document(id: "b"))
        #expect(read.total == 121 && read.remoteDue == amount("60.5") && read.remoteStatus == .outstanding)
        // A day edited by hand into something else is named, not guessed at, where the whole record is read.
        await #expect {
            _ = try await index.monthLedger(company: "Kroon", month: Month(year: 2026, month: 11)!)
        } throws: { error in
            "\(error)".contains("cannot read") && "\(error)".contains("yesterday") && "\(error)".contains("paid_at")
        }
        let payments = try await index.readingDocuments { documents in
            try documents.find(paymentReferences: [], numberKeys: [], ids: ["b"]).map { ($0.total, $0.remoteDue) }
        }
        #expect(payments.count == 1 && payments[0].0 == 121 && payments[0].1 == amount("60.5"), "the matching path reads the same values")
        let file = InboxFileRecord(sha256: "t", name: "c.csv", company: "Kroon", size: 1, format: nil, state: .applied)
        let (_, days) = try await index.applyInboxFile(file) { application in
            (try application.payments(documentIds: ["b"])["b"]?.map(\.paidAt) ?? [], report: "", format: nil)
        }
        #expect(days == [day("2026-12-01"), .unreadable], "a day that no longer reads is taken as far in the past")
    }

    /// Months bound the ledger and the archive by their days, across a year's end.
    @Test func monthsBoundByTheirDays() async throws {
        let index = try DropIndex(path: FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path)
        let dates = ["2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01"]
        try await index.importMirrored(
            dates.enumerated().map { Self.document("d\($0.offset)", date: $0.element, total: "1", due: nil, status: .matched) },
            files: dates.indices.map {
                DocumentFileRecord(
                    documentId: "d\($0)", revision: 1, format: .pdf, path: "Outbox/Kroon/d\($0).pdf", sha256: "s", size: 1, state: .published)
            })
        let january = try await index.monthLedger(company: "Kroon", month: Month(year: 2026, month: 1)!)
        #expect(january.documents.map(\.documentDate) == [day("2026-01-01"), day("2026-01-31")])
        let loose = try await index.looseFiles(company: "Kroon", before: Month(year: 2026, month: 1)!.next)
        #expect(loose.map(\.document.id) == ["d0", "d1", "d2"])
        let first = Month(year: 2026, month: 1)!
        #expect(first.adding(months: -1) == Month(year: 2025, month: 12) && first.adding(months: -13) == Month(year: 2024, month: 12))
        #expect(Month(year: 2025, month: 12)!.next == first && first.adding(months: 23) == Month(year: 2027, month: 12))
    }
}
