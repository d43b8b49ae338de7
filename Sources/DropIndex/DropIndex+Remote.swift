package import DropValues
package import Foundation
import GRDB

extension DropIndex {
    /// Records a refusal (or another one): attempts counted, the next attempt put off.
    package func recordRefusal(documentId: String, format: DocumentFormat, reason: String, now: Date = SystemClock.now()) async throws {
        try await write { db in
            let known = try FormatRefusalRecord.fetchOne(db, key: ["document_id": documentId, "format": format])
            let attempts = (known?.attempts ?? 0) + 1
            let row = FormatRefusalRecord(
                documentId: documentId, format: format, reason: reason, firstRefusedAt: known?.firstRefusedAt ?? now,
                attempts: attempts, nextAttemptAt: FormatRefusalRecord.nextAttempt(after: attempts, from: now))
            try row.save(db)
            if known == nil {
                var event = EventRecord(documentId: documentId, kind: .formatRefused, detail: "\(format): \(reason)", at: now)
                try event.insert(db)
            }
        }
    }

    /// The format came after all: the refusal is gone.
    package func clearRefusal(documentId: String, format: DocumentFormat) async throws {
        try await write { db in
            _ = try FormatRefusalRecord.deleteOne(db, key: ["document_id": documentId, "format": format])
        }
    }

    /// Refusals whose next attempt is due, for the documents of a department and kind.
    package func dueRefusals(departmentId: String, kind: DocumentKind, now: Date = SystemClock.now()) async throws -> [FormatRefusalRecord] {
        try await read { db in
            try FormatRefusalRecord.fetchAll(
                db,
                sql: """
                    SELECT format_refusal.* FROM format_refusal JOIN document ON document.id = format_refusal.document_id
                    WHERE document.department_id = ? AND document.kind = ? AND format_refusal.next_attempt_at <= ?
                    ORDER BY format_refusal.document_id
                    """,
                arguments: [departmentId, kind, now])
        }
    }

    /// Every refusal, newest first, with its document.
    package func refusals(limit: Int = 100) async throws -> [(FormatRefusalRecord, DocumentRecord)] {
        try await read { db in
            let rows = try FormatRefusalRecord.order { $0.firstRefusedAt.desc }.limit(limit).fetchAll(db)
            let documents = try DocumentRecord.filter(keys: rows.map(\.documentId)).fetchAll(db)
            let byId = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0) })
            return rows.compactMap { row in byId[row.documentId].map { (row, $0) } }
        }
    }

    package func refusals(documentId: String) async throws -> [FormatRefusalRecord] {
        try await read { db in try FormatRefusalRecord.filter { $0.documentId == documentId }.fetchAll(db) }
    }

    /// Records listed records that could not be read (or again), keeping when they were first seen.
    package func recordUnreadable(_ rows: [UnreadableRecordRow]) async throws {
        guard !rows.isEmpty else { return }
        try await write { db in
            for row in rows {
                var row = row
                if let known = try UnreadableRecordRow.fetchOne(db, key: ["id": row.id, "kind": row.kind.rawValue]) {
                    row.firstSeenAt = known.firstSeenAt
                }
                try row.save(db)
            }
        }
    }

    /// The record was read this time.
    package func clearUnreadable(ids: [String], kind: DocumentKind) async throws {
        guard !ids.isEmpty else { return }
        _ = try await write { db in
            try UnreadableRecordRow.filter { ids.contains($0.id) && $0.kind == kind }.deleteAll(db)
        }
    }

    package func unreadableRecords(departmentId: String? = nil, kind: DocumentKind? = nil) async throws -> [UnreadableRecordRow] {
        try await read { db in
            var request = UnreadableRecordRow.order { $0.firstSeenAt }
            if let departmentId { request = request.filter { $0.departmentId == departmentId } }
            if let kind { request = request.filter { $0.kind == kind } }
            return try request.fetchAll(db)
        }
    }

    /// Adds one more file (a format that came late) to a document's current revision: recorded as
    /// pending before it is written, like any publish.
    package func beginAddingFile(_ file: DocumentFileRecord) async throws {
        try await write { db in
            var file = file
            file.state = .pending
            try file.insert(db)
        }
    }

    /// Stores what `invoices.info` showed of a document's content (for updated_at-only changes).
    package func setContentFingerprint(documentId: String, _ fingerprint: String, remoteUpdatedAt: Date?) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE document SET content_fingerprint = ?, remote_updated_at = COALESCE(?, remote_updated_at) WHERE id = ?",
                arguments: [fingerprint, remoteUpdatedAt, documentId])
        }
    }
}

extension DropIndex {
    /// Forgets pending file rows that will not be written (another file had the name).
    package func abandonPendingFiles(documentId: String) async throws {
        _ = try await write { db in
            try DocumentFileRecord
                .filter { $0.documentId == documentId && $0.state == FileState.pending }
                .deleteAll(db)
        }
    }
}
