package import DropValues
package import Foundation
import GRDB

/// A format Teamleader refused for one document (a structured format it could not generate, say):
/// recorded so that it never blocks the other formats, the cursor or the department, and asked for
/// again on a back-off.
package struct FormatRefusalRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "format_refusal"
    enum CodingKeys: String, CodingKey {
        case format, reason, attempts
        case documentId = "document_id"
        case firstRefusedAt = "first_refused_at"
        case nextAttemptAt = "next_attempt_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let format = Column(CodingKeys.format)
        static let reason = Column(CodingKeys.reason)
        static let attempts = Column(CodingKeys.attempts)
        static let documentId = Column(CodingKeys.documentId)
        static let firstRefusedAt = Column(CodingKeys.firstRefusedAt)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
    }

    package var documentId: String
    /// `ubl/peppol_bis_3`, `pdf`, …
    package var format: DocumentFormat
    /// Teamleader's own words.
    package var reason: String
    package var firstRefusedAt: Date
    /// Refusals so far.
    package var attempts: Int
    package var nextAttemptAt: Date

    package init(documentId: String, format: DocumentFormat, reason: String, firstRefusedAt: Date, attempts: Int, nextAttemptAt: Date) {
        self.documentId = documentId
        self.format = format
        self.reason = reason
        self.firstRefusedAt = firstRefusedAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
    }

    /// The back-off after `attempts` refusals: a day for the first week, then a week.
    package static func nextAttempt(after attempts: Int, from now: Date) -> Date {
        now.addingTimeInterval(attempts < 7 ? 86_400 : 7 * 86_400)
    }
}

/// A listed record tldrop could not read: its id and why, asked for again by id on later runs.
package struct UnreadableRecordRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "unreadable_record"
    enum CodingKeys: String, CodingKey {
        case id, kind, reason
        case departmentId = "department_id"
        case firstSeenAt = "first_seen_at"
        case lastSeenAt = "last_seen_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
        static let reason = Column(CodingKeys.reason)
        static let departmentId = Column(CodingKeys.departmentId)
        static let firstSeenAt = Column(CodingKeys.firstSeenAt)
        static let lastSeenAt = Column(CodingKeys.lastSeenAt)
    }

    package var id: String
    package var kind: DocumentKind
    package var departmentId: String
    package var reason: String
    package var firstSeenAt: Date
    package var lastSeenAt: Date

    package init(id: String, kind: DocumentKind, departmentId: String, reason: String, firstSeenAt: Date, lastSeenAt: Date) {
        self.id = id
        self.kind = kind
        self.departmentId = departmentId
        self.reason = reason
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
    }
}
