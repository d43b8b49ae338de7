import DropValues
package import Foundation
package import GRDB

/// What happened to a document, in order: its timeline.
package struct EventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "event"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case id
        case documentId = "document_id"
        case at
        case kind
        case detail
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let documentId = Column(CodingKeys.documentId)
        static let at = Column(CodingKeys.at)
        static let kind = Column(CodingKeys.kind)
        static let detail = Column(CodingKeys.detail)
    }

    package var id: Int64?
    package var documentId: String?
    package var at: Date
    package var kind: EventKind
    package var detail: String?

    package init(documentId: String?, kind: EventKind, detail: String? = nil, at: Date = SystemClock.now()) {
        self.documentId = documentId
        self.kind = kind
        self.detail = detail
        self.at = at
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The kinds of events a document's timeline holds.
package enum EventKind: String, Codable, Sendable, DatabaseValueConvertible {
    case mirrored
    case adopted
    case conflict
    case changedInTeamleader
    case deletedInTeamleader
    case deletedInOutbox
    case reimported
    /// A re-import found the same bytes as the current revision: nothing moved.
    case reimportUnchanged
    case reimportFailed
    case manualRevision
    case archived
    case restored
    case paymentQueued
    case paymentRegistered
    case paymentAlreadyRegistered
    case paymentFailed
    case paymentHeld
    case formatRefused
    case formatReceived
    case reported
}
