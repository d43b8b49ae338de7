package import DropValues
package import Foundation
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
        firstSeenAt: Date = SystemClock.now(), mirroredAt: Date? = nil
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
