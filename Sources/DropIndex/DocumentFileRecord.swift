package import DropValues
package import Foundation
package import GRDB

/// Where one of a document's files stands: being written, in the outbox, gone (deleted by the admin or
/// superseded by a new revision), or in a month's archive.
package enum FileState: String, Codable, Sendable, DatabaseValueConvertible {
    case pending, published, deleted, superseded, archived
}

/// One file of one revision of a document: where it is (or went), and its bytes' hash.
package struct DocumentFileRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "document_file"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case id
        case documentId = "document_id"
        case revision
        case format
        case path
        case sha256
        case size
        case state
        case archive
        case member
        case createdAt = "created_at"
        case publishedAt = "published_at"
        case goneAt = "gone_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let documentId = Column(CodingKeys.documentId)
        static let revision = Column(CodingKeys.revision)
        static let format = Column(CodingKeys.format)
        static let path = Column(CodingKeys.path)
        static let sha256 = Column(CodingKeys.sha256)
        static let size = Column(CodingKeys.size)
        static let state = Column(CodingKeys.state)
        static let archive = Column(CodingKeys.archive)
        static let member = Column(CodingKeys.member)
        static let createdAt = Column(CodingKeys.createdAt)
        static let publishedAt = Column(CodingKeys.publishedAt)
        static let goneAt = Column(CodingKeys.goneAt)
    }

    package var id: Int64?
    package var documentId: String
    package var revision: Int
    package var format: DocumentFormat
    /// Relative to the root, `Outbox/<Company>/<name>`.
    package var path: String
    package var sha256: String
    package var size: Int64
    package var state: FileState
    package var archive: String?
    package var member: String?
    package var createdAt: Date
    package var publishedAt: Date?
    package var goneAt: Date?

    package init(
        id: Int64? = nil, documentId: String, revision: Int, format: DocumentFormat, path: String, sha256: String,
        size: Int64, state: FileState = .pending, archive: String? = nil, member: String? = nil,
        createdAt: Date = SystemClock.now(), publishedAt: Date? = nil, goneAt: Date? = nil
    ) {
        self.id = id
        self.documentId = documentId
        self.revision = revision
        self.format = format
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.state = state
        self.archive = archive
        self.member = member
        self.createdAt = createdAt
        self.publishedAt = publishedAt
        self.goneAt = goneAt
    }

    /// The id of a row read from the index (never nil there; a row not yet saved has none).
    package var persistedID: Int64 {
        get throws {
            guard let id else { throw IndexError.conflict(detail: "a file of document \(documentId) has no id yet") }
            return id
        }
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
