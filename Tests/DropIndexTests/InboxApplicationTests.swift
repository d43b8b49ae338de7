import DropIndex
import Foundation
import Testing

/// The intake's path through the index: narrow lookups by key in padded IN lists, payments queued in
/// multi-row inserts inside the file's one transaction.
@Suite struct InboxApplicationTests {
    static let count = 1_100

    static func document(_ n: Int) -> DocumentRecord {
        DocumentRecord(
            id: "doc-\(n)", kind: n % 10 == 0 ? .creditNote : .invoice, departmentId: "D1", company: "Company \(n % 2 + 1)",
            number: "2026 / \(n)", numberKey: "2026/\(n)", documentDate: day("2026-11-01"), customer: "Klant \(n)",
            paymentReference: "ref-\(n)", currency: "EUR", total: amount("\(n).50"), remoteStatus: .outstanding,
            remoteUpdatedAt: Date(), remoteDue: amount("\(n).50"), remotePaid: n % 7 == 0, remoteSent: true, fingerprint: "f")
    }

    static func index() async throws -> DropIndex {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path
        let index = try DropIndex(path: path)
        try await index.importMirrored((1...count).map(document))
        return index
    }

    /// Lists of every length (one key, a few, more than one query holds) find exactly the documents
    /// named: the NULLs that pad a list to its statement's size match nothing.
    @Test(arguments: [1, 7, 9, 512, 513, 1_100])
    func lookupsFindExactlyTheDocumentsNamed(keys: Int) async throws {
        let index = try await Self.index()
        let wanted = Array(stride(from: 1, through: Self.count, by: max(1, Self.count / keys)).prefix(keys))
        let found = try await index.readingDocuments { documents in
            try documents.find(paymentReferences: wanted.map { "ref-\($0)" } + ["ref-unknown"], numberKeys: [], ids: [])
        }
        #expect(Set(found.map(\.id)) == Set(wanted.map { "doc-\($0)" }))
        #expect(found.count == wanted.count, "each document once")
        let sample = try #require(found.first { $0.id == "doc-\(wanted[0])" })
        let record = Self.document(wanted[0])
        #expect(sample.number == record.number && sample.total == record.total && sample.remotePaid == record.remotePaid)
        #expect(sample.company == record.company && sample.kind == record.kind && !sample.hadPayments)
    }

    @Test func aDocumentFoundByTwoKindsOfKeyComesOnce() async throws {
        let index = try await Self.index()
        let found = try await index.readingDocuments { documents in
            try documents.find(paymentReferences: ["ref-5"], numberKeys: ["2026/5", "2026/6"], ids: ["doc-5", "doc-7"])
        }
        #expect(found.map(\.id).sorted() == ["doc-5", "doc-6", "doc-7"])
    }

    /// Payments queued in one file are all there after it commits, the file's own earlier lines are
    /// seen by its later ones, and a throw leaves nothing behind.
    @Test func aFileQueuesAllOrNothing() async throws {
        let index = try await Self.index()
        let file = InboxFileRecord(sha256: "s", name: "export.csv", company: nil, size: 1, format: nil, state: .applied)
        let (_, seen) = try await index.applyInboxFile(file) { application in
            let documents = try application.documents.find(paymentReferences: (1...Self.count).map { "ref-\($0)" }, numberKeys: [], ids: [])
            for (line, document) in documents.enumerated() {
                #expect(!application.mayHaveQueued(document) || line > 0)
                try application.queue(
                    QueuedPayment(
                        documentId: document.id, line: line + 2, amount: document.total, currency: "EUR", paidAt: day("2026-11-28"),
                        basis: .structuredCommunication),
                    for: document)
                #expect(application.mayHaveQueued(document), "a queued document is never reported as certainly not queued")
            }
            let ledger = try application.payments(documentIds: ["doc-1", "doc-1100"])
            return (ledger.values.map(\.count).reduce(0, +), report: "r", format: nil)
        }
        #expect(seen == 2, "payments still waiting to be written are flushed before they are read")
        #expect(try await index.pendingPayments().count == Self.count)

        let second = InboxFileRecord(sha256: "t", name: "other.csv", company: nil, size: 1, format: nil, state: .applied)
        await #expect(throws: CancellationError.self) {
            _ = try await index.applyInboxFile(second) { application throws -> (Int, report: String, format: String?) in
                try application.queue(
                    QueuedPayment(documentId: "doc-1", line: 2, amount: nil, currency: nil, paidAt: day("2026-11-28"), basis: .number))
                try application.flush()
                throw CancellationError()
            }
        }
        #expect(try await index.pendingPayments().count == Self.count, "the failed file queued nothing")
    }
}
