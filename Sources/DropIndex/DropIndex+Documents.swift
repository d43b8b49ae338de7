package import DropValues
import Foundation
import GRDB

extension DropIndex {
    /// The documents among `ids` the index knows, by id.
    package func documents(ids: [String]) async throws -> [String: DocumentRecord] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            let rows = try DocumentRecord.filter(keys: ids).fetchAll(db)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        }
    }

    package func document(id: String) async throws -> DocumentRecord? {
        try await read { db in try DocumentRecord.fetchOne(db, key: id) }
    }

    /// Documents whose number matches (normalised), optionally in one company.
    package func documents(numberKey: String, company: String? = nil) async throws -> [DocumentRecord] {
        try await read { db in
            var request = DocumentRecord.filter { $0.numberKey == numberKey }
            if let company { request = request.filter { $0.company == company } }
            return try request.order { $0.documentDate }.fetchAll(db)
        }
    }

    /// Records the intent to publish before any file is written: the document (pending) and its
    /// files (pending, with the hashes they must have). A crash after this leaves rows the next run
    /// can match against the disk.
    @discardableResult
    package func beginPublishing(_ document: DocumentRecord, files: [DocumentFileRecord]) async throws -> [DocumentFileRecord] {
        try await write { db in
            // A pending row from an interrupted run is replaced by this attempt's.
            try Self.save(document, as: .pending, in: db)
            return try files.map { file in
                var file = file
                file.state = .pending
                try file.insert(db)
                return file
            }
        }
    }

    /// The files are in place: the document is mirrored.
    /// - Parameter event: `mirrored` for files written now, `adopted` for identical files found in place.
    package func finishPublishing(documentId: String, event: EventKind, detail: String) async throws {
        try await write { db in
            let now = try db.transactionDate
            try db.execute(
                literal: """
                    UPDATE document_file SET state = \(FileState.published), published_at = \(now)
                    WHERE document_id = \(documentId) AND state = \(FileState.pending)
                    """)
            try db.execute(
                literal: "UPDATE document SET state = \(DocumentState.mirrored), mirrored_at = COALESCE(mirrored_at, \(now)) WHERE id = \(documentId)"
            )
            var record = EventRecord(documentId: documentId, kind: event, detail: detail, at: now)
            try record.insert(db)
        }
    }

    /// Another file holds the name: the document is recorded as a conflict and nothing is written.
    package func recordConflict(_ document: DocumentRecord, detail: String) async throws {
        try await write { db in
            try Self.save(document, as: .conflict, in: db)
            let last = try EventRecord.filter { $0.documentId == document.id }.order { $0.id.desc }.fetchOne(db)
            if last?.kind != .conflict || last?.detail != detail {
                var event = EventRecord(documentId: document.id, kind: .conflict, detail: detail)
                try event.insert(db)
            }
        }
    }

    /// What Teamleader now says about a known document. A content change is recorded once as
    /// "changed in Teamleader" and flags the document; nothing is rewritten.
    package func recordRemoteState(
        of document: DocumentRecord, contentChanged: Bool, detail: String? = nil
    ) async throws {
        try await write { db in
            guard var stored = try DocumentRecord.fetchOne(db, key: document.id) else { return }
            stored.takeRemoteState(of: document)
            if contentChanged {
                stored.fingerprint = document.fingerprint
                stored.changedAfterSending = true
                var event = EventRecord(documentId: document.id, kind: .changedInTeamleader, detail: detail)
                try event.insert(db)
            }
            try stored.update(db)
        }
    }

    /// The admin re-imported the document: the index takes Teamleader's version as the one sent (its
    /// revision, numbers and totals), the "changed after sending" flag is cleared, and the content checks
    /// compare with the files of this revision from now on.
    package func acknowledgeRemoteVersion(_ record: DocumentRecord, event: EventRecord?) async throws {
        try await write { db in
            guard var stored = try DocumentRecord.fetchOne(db, key: record.id) else { return }
            stored.number = record.number
            stored.numberKey = record.numberKey
            stored.documentDate = record.documentDate
            stored.customer = record.customer
            stored.paymentReference = record.paymentReference
            stored.currency = record.currency
            stored.total = record.total
            stored.takeRemoteState(of: record)
            stored.fingerprint = record.fingerprint
            stored.revision = record.revision
            stored.source = .link
            stored.changedAfterSending = false
            stored.contentFingerprint = nil
            try stored.update(db)
            if var event { try event.insert(db) }
        }
    }

    /// Files recorded as pending: written (or not) by an interrupted run.
    package func pendingFiles() async throws -> [DocumentFileRecord] {
        try await read { db in try DocumentFileRecord.filter { $0.state == FileState.pending }.fetchAll(db) }
    }

    /// The live (published) files of a document's current revision.
    package func files(documentId: String, states: [FileState] = [.published]) async throws -> [DocumentFileRecord] {
        try await read { db in
            try DocumentFileRecord
                .filter { $0.documentId == documentId && states.contains($0.state) }
                .order { $0.id }
                .fetchAll(db)
        }
    }

    /// Ids of the documents of a department the link mirrored, whatever their date and however they came
    /// (a run, `sync --since`, a re-import): the link's documents, which a full sweep must find again.
    package func mirroredDocumentIds(departmentId: String, kind: DocumentKind) async throws -> [String] {
        try await documentIds(departmentId: departmentId, kind: kind, where: "state = \(DocumentState.mirrored) AND deleted_in_teamleader = 0")
    }

    /// Ids of a department's documents of one kind that meet `condition`.
    private func documentIds(departmentId: String, kind: DocumentKind, where condition: SQL) async throws -> [String] {
        try await read { db in
            try String.fetchAll(
                db, SQLRequest(literal: "SELECT id FROM document WHERE department_id = \(departmentId) AND kind = \(kind) AND \(condition)"))
        }
    }

    /// The date of the earliest document of a department the index holds: listings reach back to it, so
    /// that a backfilled document is watched like any other.
    package func earliestDocumentDate(departmentId: String, kind: DocumentKind) async throws -> CalendarDate? {
        try await read { db in
            try CalendarDate.fetchOne(
                db, sql: "SELECT MIN(document_date) FROM document WHERE department_id = ? AND kind = ?", arguments: [departmentId, kind])
        }
    }

    /// Documents a full sweep no longer found in Teamleader.
    package func markDeletedInTeamleader(ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await write { db in
            for id in ids {
                try db.execute(sql: "UPDATE document SET deleted_in_teamleader = 1 WHERE id = ?", arguments: [id])
                var event = EventRecord(documentId: id, kind: .deletedInTeamleader, detail: "no longer listed by Teamleader")
                try event.insert(db)
            }
        }
    }

    /// Adds an event to a document's timeline (or to the link's, with no document).
    package func record(_ event: EventRecord) async throws {
        try await write { db in
            var event = event
            try event.insert(db)
        }
    }

    /// A document's timeline, oldest first.
    package func events(documentId: String) async throws -> [EventRecord] {
        try await read { db in
            try EventRecord.filter { $0.documentId == documentId }.order { $0.id }.fetchAll(db)
        }
    }

    package func cursor(departmentId: String, kind: DocumentKind) async throws -> SyncCursor? {
        try await read { db in try SyncCursor.fetchOne(db, key: ["department_id": departmentId, "kind": kind.rawValue]) }
    }

    package func save(_ cursor: SyncCursor) async throws {
        try await write { db in try cursor.save(db) }
    }
}

extension DropIndex {
    /// Documents of a department an interrupted run left pending, or waiting on a conflict.
    package func unfinishedDocumentIds(departmentId: String, kind: DocumentKind) async throws -> [String] {
        try await documentIds(departmentId: departmentId, kind: kind, where: "state IN \([DocumentState.pending, .conflict])")
    }
}

extension DropIndex {
    /// Records many mirrored documents in one transaction: for benchmarks and fixtures that need a large
    /// index without mirroring it first.
    package func importMirrored(_ documents: [DocumentRecord], files: [DocumentFileRecord] = []) async throws {
        try await write { db in
            for document in documents {
                var mirrored = document
                mirrored.state = .mirrored
                try mirrored.insert(db)
            }
            for file in files {
                var published = file
                published.state = .published
                try published.insert(db)
            }
        }
    }

    /// Saves `document` in `state`, without the pending file rows an earlier attempt left.
    private static func save(_ document: DocumentRecord, as state: DocumentState, in db: Database) throws {
        var saved = document
        saved.state = state
        try saved.save(db)
        try DocumentFileRecord.filter { $0.documentId == document.id && $0.state == FileState.pending }.deleteAll(db)
    }
}

extension DocumentRecord {
    /// What Teamleader says of the document now (status, open amount, paid, sent): it is still there.
    mutating func takeRemoteState(of remote: DocumentRecord) {
        remoteStatus = remote.remoteStatus
        remoteUpdatedAt = remote.remoteUpdatedAt
        remoteDue = remote.remoteDue
        remotePaid = remote.remotePaid
        remoteSent = remote.remoteSent
        deletedInTeamleader = false
    }
}
