import DropIndex
import DropValues
import Foundation
import Testing

@Suite struct IndexTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path
    }

    @Test func theIndexRunsInWALWithFullSync() throws {
        let path = temporaryPath()
        let index = try DropIndex(path: path)
        #expect(try index.synchronousLevel() == 2)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func reopeningMigratesNothingTwiceAndKeepsData() async throws {
        let path = temporaryPath()
        let index = try DropIndex(path: path)
        try await index.setState(["k": "v"])
        let again = try DropIndex(path: path)
        #expect(try await again.state("k") == "v")
    }

    @Test func aDatabaseFromANewerTldropIsRefusedUntouched() async throws {
        let path = temporaryPath()
        _ = try DropIndex(path: path)
        // What a newer tldrop would leave: a migration this one does not know.
        #expect(try sqliteOnItsOwnConnection(["INSERT INTO grdb_migrations VALUES ('v99-future')"], path) == "")
        let schema = try sqliteOnItsOwnConnection(
            ["SELECT identifier FROM grdb_migrations ORDER BY 1", "SELECT name FROM sqlite_master ORDER BY 1"], path)
        do {
            _ = try DropIndex(path: path)
            Issue.record("a newer schema was accepted")
        } catch let error as IndexError {
            guard case .newerSchema = error else { throw error }
            #expect("\(error)".contains("newer tldrop"))
        }
        #expect(
            try sqliteOnItsOwnConnection(["SELECT identifier FROM grdb_migrations ORDER BY 1", "SELECT name FROM sqlite_master ORDER BY 1"], path)
                == schema)
    }

    @Test func publishingIsRecordedInTwoSteps() async throws {
        let index = try DropIndex(path: temporaryPath())
        let document = DocumentRecord(
            id: "d1", kind: .invoice, departmentId: "dep", company: "C", number: "2026 / 1", numberKey: "2026/1",
            documentDate: day("2026-11-01"), customer: "X", paymentReference: "123456789002", currency: "EUR", total: amount("12.10"),
            remoteStatus: .outstanding, remoteUpdatedAt: Date(), remoteDue: amount("12.10"), remotePaid: false, remoteSent: false,
            fingerprint: "f")
        let files = [DocumentFileRecord(documentId: "d1", revision: 1, format: .pdf, path: "Outbox/C/a.pdf", sha256: "aa", size: 3)]
        try await index.beginPublishing(document, files: files)
        #expect(try await index.document(id: "d1")?.state == .pending)
        #expect(try await index.pendingFiles().count == 1)
        #expect(try await index.unfinishedDocumentIds(departmentId: "dep", kind: .invoice) == ["d1"])
        try await index.finishPublishing(documentId: "d1", event: .mirrored, detail: "a.pdf")
        #expect(try await index.document(id: "d1")?.state == .mirrored)
        #expect(try await index.pendingFiles().isEmpty)
        #expect(try await index.files(documentId: "d1").map(\.path) == ["Outbox/C/a.pdf"])
        #expect(try await index.events(documentId: "d1").map(\.kind) == [.mirrored])
        #expect(try await index.documents(numberKey: "2026/1").map(\.id) == ["d1"])
        let counts = try await index.companyCounts()
        #expect(counts.first?.mirrored == 1)
    }
}
