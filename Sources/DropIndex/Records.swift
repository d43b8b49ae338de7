import Foundation
import GRDB

/// An invoice or a credit note.
package enum DocumentKind: String, Codable, Sendable, DatabaseValueConvertible {
    case invoice
    case creditNote
}

/// Where a document stands on the link.
package enum DocumentState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Its files are being published; a crash here is finished by the next run.
    case pending
    /// Its files are (or were) in the outbox.
    case mirrored
    /// A different file already had its name; nothing was overwritten.
    case conflict
}

package enum FileState: String, Codable, Sendable, DatabaseValueConvertible {
    case pending, published, deleted, superseded, archived
}

package enum DocumentSource: String, Codable, Sendable, DatabaseValueConvertible {
    /// Written by tldrop from Teamleader.
    case link
    /// Put in the outbox by an admin and adopted.
    case manual
}

/// A document the link knows. Identified by its Teamleader id, never by its number.
package struct DocumentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "document"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case id
        case kind
        case departmentId = "department_id"
        case company
        case number
        case numberKey = "number_key"
        case documentDate = "document_date"
        case customer
        case paymentReference = "payment_reference"
        case currency
        case total
        case remoteStatus = "remote_status"
        case remoteUpdatedAt = "remote_updated_at"
        case remoteDue = "remote_due"
        case remotePaid = "remote_paid"
        case remoteSent = "remote_sent"
        case fingerprint
        case state
        case changedAfterSending = "changed_after_sending"
        case deletedInTeamleader = "deleted_in_teamleader"
        case revision
        case source
        case firstSeenAt = "first_seen_at"
        case mirroredAt = "mirrored_at"
        case contentFingerprint = "content_fingerprint"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
        static let departmentId = Column(CodingKeys.departmentId)
        static let company = Column(CodingKeys.company)
        static let number = Column(CodingKeys.number)
        static let numberKey = Column(CodingKeys.numberKey)
        static let documentDate = Column(CodingKeys.documentDate)
        static let customer = Column(CodingKeys.customer)
        static let paymentReference = Column(CodingKeys.paymentReference)
        static let currency = Column(CodingKeys.currency)
        static let total = Column(CodingKeys.total)
        static let remoteStatus = Column(CodingKeys.remoteStatus)
        static let remoteUpdatedAt = Column(CodingKeys.remoteUpdatedAt)
        static let remoteDue = Column(CodingKeys.remoteDue)
        static let remotePaid = Column(CodingKeys.remotePaid)
        static let remoteSent = Column(CodingKeys.remoteSent)
        static let fingerprint = Column(CodingKeys.fingerprint)
        static let state = Column(CodingKeys.state)
        static let changedAfterSending = Column(CodingKeys.changedAfterSending)
        static let deletedInTeamleader = Column(CodingKeys.deletedInTeamleader)
        static let revision = Column(CodingKeys.revision)
        static let source = Column(CodingKeys.source)
        static let firstSeenAt = Column(CodingKeys.firstSeenAt)
        static let mirroredAt = Column(CodingKeys.mirroredAt)
        static let contentFingerprint = Column(CodingKeys.contentFingerprint)
    }

    package var id: String
    package var kind: DocumentKind
    package var departmentId: String
    package var company: String
    package var number: String
    package var numberKey: String
    package var documentDate: CalendarDate
    package var customer: String
    package var paymentReference: String?
    package var currency: String
    /// Tax included.
    package var total: Decimal
    package var remoteStatus: RemoteStatus
    package var remoteUpdatedAt: Date?
    package var remoteDue: Decimal?
    package var remotePaid: Bool
    package var remoteSent: Bool
    package var fingerprint: String
    package var state: DocumentState
    package var changedAfterSending: Bool
    package var deletedInTeamleader: Bool
    package var revision: Int
    package var source: DocumentSource
    package var firstSeenAt: Date
    package var mirroredAt: Date?
    /// What `invoices.info` showed of its content when an updated_at-only change was last checked.
    package var contentFingerprint: String?

    package init(
        id: String, kind: DocumentKind, departmentId: String, company: String, number: String, numberKey: String,
        documentDate: CalendarDate, customer: String, paymentReference: String?, currency: String, total: Decimal,
        remoteStatus: RemoteStatus, remoteUpdatedAt: Date?, remoteDue: Decimal?, remotePaid: Bool, remoteSent: Bool,
        fingerprint: String, state: DocumentState = .pending, changedAfterSending: Bool = false,
        deletedInTeamleader: Bool = false, revision: Int = 1, source: DocumentSource = .link,
        firstSeenAt: Date = Date(), mirroredAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.departmentId = departmentId
        self.company = company
        self.number = number
        self.numberKey = numberKey
        self.documentDate = documentDate
        self.customer = customer
        self.paymentReference = paymentReference
        self.currency = currency
        self.total = total
        self.remoteStatus = remoteStatus
        self.remoteUpdatedAt = remoteUpdatedAt
        self.remoteDue = remoteDue
        self.remotePaid = remotePaid
        self.remoteSent = remoteSent
        self.fingerprint = fingerprint
        self.state = state
        self.changedAfterSending = changedAfterSending
        self.deletedInTeamleader = deletedInTeamleader
        self.revision = revision
        self.source = source
        self.firstSeenAt = firstSeenAt
        self.mirroredAt = mirroredAt
    }
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
    package var format: String
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
        id: Int64? = nil, documentId: String, revision: Int, format: String, path: String, sha256: String,
        size: Int64, state: FileState = .pending, archive: String? = nil, member: String? = nil,
        createdAt: Date = Date(), publishedAt: Date? = nil, goneAt: Date? = nil
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

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

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

    package init(documentId: String?, kind: EventKind, detail: String? = nil, at: Date = Date()) {
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

/// Where incremental listing of a department resumes.
package struct SyncCursor: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "sync_cursor"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case departmentId = "department_id"
        case kind
        case updatedSince = "updated_since"
        case lastFullSweepAt = "last_full_sweep_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let departmentId = Column(CodingKeys.departmentId)
        static let kind = Column(CodingKeys.kind)
        static let updatedSince = Column(CodingKeys.updatedSince)
        static let lastFullSweepAt = Column(CodingKeys.lastFullSweepAt)
    }

    package var departmentId: String
    package var kind: DocumentKind
    package var updatedSince: Date?
    package var lastFullSweepAt: Date?

    package init(departmentId: String, kind: DocumentKind, updatedSince: Date? = nil, lastFullSweepAt: Date? = nil) {
        self.departmentId = departmentId
        self.kind = kind
        self.updatedSince = updatedSince
        self.lastFullSweepAt = lastFullSweepAt
    }
}

/// One `run`, `sync` or other command that changed things, and how it ended.
package struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "run"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case id
        case command
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case exitCode = "exit_code"
        case summary
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let command = Column(CodingKeys.command)
        static let startedAt = Column(CodingKeys.startedAt)
        static let finishedAt = Column(CodingKeys.finishedAt)
        static let exitCode = Column(CodingKeys.exitCode)
        static let summary = Column(CodingKeys.summary)
    }

    package var id: Int64?
    package var command: String
    package var startedAt: Date
    package var finishedAt: Date?
    package var exitCode: Int?
    /// One line a human reads.
    package var summary: String?

    package init(command: String, startedAt: Date = Date()) {
        self.command = command
        self.startedAt = startedAt
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
