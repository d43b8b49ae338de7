package import DropValues
package import Foundation
import GRDB

/// One member of an archive tldrop wrote, with the hash it must have: what `verify` checks against.
package struct ArchiveMemberRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "archive_member"

    package enum Kind: String, Codable, Sendable, DatabaseValueConvertible {
        /// A document's current file, from a closed month.
        case document
        /// A file replaced by a re-import, kept under `superseded/`.
        case superseded
        /// A processed inbox file or its report.
        case inbox
    }

    enum CodingKeys: String, CodingKey {
        case archive, member, sha256, size, kind
        case documentFileId = "document_file_id"
        case archivedAt = "archived_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let archive = Column(CodingKeys.archive)
        static let member = Column(CodingKeys.member)
        static let sha256 = Column(CodingKeys.sha256)
        static let size = Column(CodingKeys.size)
        static let kind = Column(CodingKeys.kind)
        static let documentFileId = Column(CodingKeys.documentFileId)
        static let archivedAt = Column(CodingKeys.archivedAt)
    }

    /// The archive, relative to the root (`Outbox/C/Archive/2026-09.zip`).
    package var archive: String
    /// The member's path inside it.
    package var member: String
    package var sha256: String
    package var size: Int64
    package var kind: Kind
    package var documentFileId: Int64?
    package var archivedAt: Date

    package init(
        archive: String, member: String, sha256: String, size: Int64, kind: Kind, documentFileId: Int64? = nil, archivedAt: Date = SystemClock.now()
    ) {
        self.archive = archive
        self.member = member
        self.sha256 = sha256
        self.size = size
        self.kind = kind
        self.documentFileId = documentFileId
        self.archivedAt = archivedAt
    }
}

extension DropIndex {
    /// Every member recorded for an archive.
    package func archiveMembers(archive: String) async throws -> [ArchiveMemberRecord] {
        try await read { db in try ArchiveMemberRecord.filter { $0.archive == archive }.order { $0.member }.fetchAll(db) }
    }

    /// Every archive the index knows of.
    package func archives() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT DISTINCT archive FROM archive_member ORDER BY archive") }
    }

    /// Records a rebuilt archive in one transaction: its members, the document files it now holds
    /// (archived, or superseded) with their events, and that it read back whole (an archive is recorded
    /// only once its builder has checked every member).
    /// - Parameter dropping: members that are no longer in it under these names (moved to another).
    package func recordArchive(
        _ archive: String, members: [ArchiveMemberRecord], files: [(id: Int64, state: FileState)], events: [EventRecord],
        dropping: [String] = []
    ) async throws {
        try await write { db in
            for name in dropping {
                try ArchiveMemberRecord.filter { $0.archive == archive && $0.member == name }.deleteAll(db)
            }
            // Prepared once, run for every row: the members of a month are thousands.
            let saveMember = try db.cachedStatement(
                sql: """
                    INSERT INTO archive_member (archive, member, sha256, size, kind, document_file_id, archived_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (archive, member) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
                        kind = excluded.kind, document_file_id = excluded.document_file_id, archived_at = excluded.archived_at
                    """)
            for member in members {
                try saveMember.execute(arguments: [
                    member.archive, member.member, member.sha256, member.size, member.kind, member.documentFileId, member.archivedAt,
                ])
            }
            let memberOfFile = Dictionary(
                members.compactMap { member in member.documentFileId.map { ($0, member.member) } }, uniquingKeysWith: { a, _ in a })
            let updateFile = try db.cachedStatement(sql: "UPDATE document_file SET state = ?, archive = ?, member = ? WHERE id = ?")
            for (id, state) in files {
                try updateFile.execute(arguments: [state.rawValue, archive, memberOfFile[id], id])
            }
            let addEvent = try db.cachedStatement(sql: "INSERT INTO event (document_id, at, kind, detail) VALUES (?, ?, ?, ?)")
            for event in events {
                try addEvent.execute(arguments: [event.documentId, event.at, event.kind.rawValue, event.detail])
            }
            try Self.saveArchiveCheck(db, archive: archive, clean: true, problem: nil)
        }
    }

    /// A company's files still loose in its folder whose documents are dated before `month`.
    package func looseFiles(company: String, before month: Month) async throws -> [(file: DocumentFileRecord, document: DocumentRecord)] {
        try await read { db in
            let files = try DocumentFileRecord.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT f.* FROM document_file f JOIN document d ON d.id = f.document_id
                        WHERE d.company = \(company) AND f.state = \(FileState.published) AND d.document_date < \(month.first)
                        ORDER BY d.document_date, f.id
                        """))
            var documents: [String: DocumentRecord] = [:]
            let ids = Array(Set(files.map(\.documentId)))
            for start in stride(from: 0, to: ids.count, by: 500) {
                for document in try DocumentRecord.filter(keys: ids[start..<min(start + 500, ids.count)]).fetchAll(db) {
                    documents[document.id] = document
                }
            }
            return files.compactMap { file in documents[file.documentId].map { (file, $0) } }
        }
    }

    /// Document files of a company in a state (archived or superseded files whose loose copy may remain).
    package func files(company: String, state: FileState) async throws -> [DocumentFileRecord] {
        try await read { db in
            try DocumentFileRecord.fetchAll(
                db,
                SQLRequest(
                    literal:
                        "SELECT f.* FROM document_file f JOIN document d ON d.id = f.document_id WHERE d.company = \(company) AND f.state = \(state)"
                ))
        }
    }

    package func documentFile(id: Int64) async throws -> DocumentFileRecord? {
        try await read { db in try DocumentFileRecord.fetchOne(db, key: id) }
    }

    /// Sets a document file's state (deleted by an admin, restored, …) and adds an event.
    package func setFileState(id: Int64, _ state: FileState, event: EventRecord?) async throws {
        try await write { db in
            let now = try db.transactionDate
            let gone: Date? = state == .deleted ? now : nil
            // A file back in the folder is loose again from now (the portal may take it again).
            let publishedAt: Date? = state == .published ? now : nil
            try db.execute(
                literal: """
                    UPDATE document_file SET state = \(state), gone_at = \(gone), published_at = COALESCE(\(publishedAt), published_at)
                    WHERE id = \(id)
                    """)
            if var event { try event.insert(db) }
        }
    }

    /// All live files (pending or published) of a company, by path.
    package func liveFiles(company: String) async throws -> [DocumentFileRecord] {
        try await read { db in
            try DocumentFileRecord.fetchAll(
                db,
                SQLRequest(
                    literal: """
                        SELECT f.* FROM document_file f JOIN document d ON d.id = f.document_id
                        WHERE d.company = \(company) AND f.state IN \([FileState.published, .pending])
                        """))
        }
    }

    /// Every file of a company with a state, newest revision first.
    package func allFiles(documentId: String) async throws -> [DocumentFileRecord] {
        try await read { db in
            try DocumentFileRecord.filter { $0.documentId == documentId }.order { [$0.revision.desc, $0.id] }.fetchAll(db)
        }
    }
}

extension DropIndex {
    /// Every file ever recorded for a company's documents.
    package func allFiles(company: String) async throws -> [DocumentFileRecord] {
        try await read { db in
            try DocumentFileRecord.fetchAll(
                db, sql: "SELECT f.* FROM document_file f JOIN document d ON d.id = f.document_id WHERE d.company = ?",
                arguments: [company])
        }
    }

    /// Adopts a file an admin put in the outbox as a manual revision of a document: recorded as
    /// published, never overwritten; the document keeps its id (and so its payments).
    package func adoptManualFile(documentId: String, path: String, sha256: String, size: Int64, format: DocumentFormat) async throws {
        try await write { db in
            guard var document = try DocumentRecord.fetchOne(db, key: documentId) else { return }
            document.revision += 1
            document.source = .manual
            try document.update(db)
            var file = DocumentFileRecord(
                documentId: documentId, revision: document.revision, format: format, path: path, sha256: sha256, size: size,
                state: .published, publishedAt: SystemClock.now())
            try file.insert(db)
            var event = EventRecord(
                documentId: documentId, kind: .manualRevision,
                detail: "revision \(document.revision): \((path as NSString).lastPathComponent), put there by hand")
            try event.insert(db)
        }
    }
}
