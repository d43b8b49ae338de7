package import DropValues
package import Foundation
package import GRDB

/// Where an inbox file stands.
package enum InboxFileState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Its payments are queued; the file is being moved to `Processed/`.
    case applied
    /// Read and moved to `Processed/` with its report.
    case done
    /// The same bytes were applied before: moved to `Processed/`, applied zero times.
    case duplicate
    /// Could not be read: moved to `Rejected/` with the reason.
    case rejected
    /// Was rejected, and the admin moved it back to be read again: no longer waiting in `Rejected/`.
    case retried
}

/// A file accountants dropped into the inbox, identified by its bytes' SHA-256.
package struct InboxFileRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "inbox_file"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case id
        case sha256
        case name
        case company
        case size
        case format
        case state
        case receivedAt = "received_at"
        case finalPath = "final_path"
        case report
        case reportSha256 = "report_sha256"
        case reportNextSha256 = "report_next_sha256"
        case outcomesAt = "outcomes_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let sha256 = Column(CodingKeys.sha256)
        static let name = Column(CodingKeys.name)
        static let company = Column(CodingKeys.company)
        static let size = Column(CodingKeys.size)
        static let format = Column(CodingKeys.format)
        static let state = Column(CodingKeys.state)
        static let receivedAt = Column(CodingKeys.receivedAt)
        static let finalPath = Column(CodingKeys.finalPath)
        static let report = Column(CodingKeys.report)
        static let reportSha256 = Column(CodingKeys.reportSha256)
        static let reportNextSha256 = Column(CodingKeys.reportNextSha256)
        static let outcomesAt = Column(CodingKeys.outcomesAt)
    }

    package var id: Int64?
    package var sha256: String
    /// The name it was dropped under (control characters escaped).
    package var name: String
    /// Set when dropped in `Inbox/<Company>/`.
    package var company: String?
    package var size: Int64
    package var format: String?
    package var state: InboxFileState
    package var receivedAt: Date
    /// Where it went (relative to the root): planned before the move, so a crash can finish it.
    package var finalPath: String?
    /// The report (or, when rejected, the reason) written beside it.
    package var report: String?
    /// The bytes its report holds as tldrop wrote it, and those a rewrite was about to give it.
    package var reportSha256: String?
    package var reportNextSha256: String?
    /// When its report last got the outcomes its payments had in Teamleader.
    package var outcomesAt: Date?

    package init(
        sha256: String, name: String, company: String?, size: Int64, format: String?, state: InboxFileState,
        receivedAt: Date = SystemClock.now(), finalPath: String? = nil, report: String? = nil
    ) {
        self.sha256 = sha256
        self.name = name
        self.company = company
        self.size = size
        self.format = format
        self.state = state
        self.receivedAt = receivedAt
        self.finalPath = finalPath
        self.report = report
    }

    /// The id of a row read from the index (never nil there).
    package var persistedID: Int64 {
        get throws {
            guard let id else { throw IndexError.conflict(detail: "inbox file '\(name)' has no id yet") }
            return id
        }
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

package enum PaymentState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Waiting to be registered in Teamleader.
    case queued
    /// A `registerPayment` was sent; its outcome is checked before anything is sent again.
    case sending
    case registered
    /// Teamleader already had it paid: reported, nothing sent.
    case alreadyPaid = "already_paid"
    /// Teamleader refused it (reported; not retried by itself).
    case failed
    /// Not sent: it no longer fits the invoice (more than its open amount, or a free-text match whose
    /// amount is not the open amount); a review item asks the accountant.
    case held
}

/// What a payment's document was recognised by, which decides how much must fit before it is sent.
package enum PaymentBasis: String, Codable, Sendable, DatabaseValueConvertible {
    case teamleaderID = "id"
    case structuredCommunication = "structured"
    case creditorReference = "rf"
    /// A number column of an accounting export.
    case number
    /// A number found in a payer's free text, with the document's open amount.
    case text
    /// A number in free text, a partial amount, the payer being the document's customer.
    case textAndCustomer = "text+customer"
    /// The accountant named the document in a review file.
    case review

    /// Free-text matches are only sent when the amount still is the open amount (or, for a named
    /// customer, at most that).
    package var isFreeText: Bool { self == .text || self == .textAndCustomer }
}

/// A payment to register in Teamleader, queued from an inbox line.
package struct PaymentRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "payment"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case id
        case documentId = "document_id"
        case inboxFileId = "inbox_file_id"
        case line
        case amount
        case currency
        case paidAt = "paid_at"
        case state
        case attempts
        case lastError = "last_error"
        case createdAt = "created_at"
        case doneAt = "done_at"
        case basis
        case dueBefore = "due_before"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let documentId = Column(CodingKeys.documentId)
        static let inboxFileId = Column(CodingKeys.inboxFileId)
        static let line = Column(CodingKeys.line)
        static let amount = Column(CodingKeys.amount)
        static let currency = Column(CodingKeys.currency)
        static let paidAt = Column(CodingKeys.paidAt)
        static let state = Column(CodingKeys.state)
        static let attempts = Column(CodingKeys.attempts)
        static let lastError = Column(CodingKeys.lastError)
        static let createdAt = Column(CodingKeys.createdAt)
        static let doneAt = Column(CodingKeys.doneAt)
        static let basis = Column(CodingKeys.basis)
        static let dueBefore = Column(CodingKeys.dueBefore)
    }

    package var id: Int64?
    package var documentId: String
    package var inboxFileId: Int64?
    package var line: Int?
    /// Nil means the document's open amount when it is pushed.
    package var amount: Decimal?
    package var currency: String?
    package var paidAt: CalendarDate
    package var state: PaymentState
    package var attempts: Int
    package var lastError: String?
    package var createdAt: Date
    package var doneAt: Date?
    package var basis: PaymentBasis
    /// What Teamleader showed open just before the call for a lost answer's check.
    package var dueBefore: Decimal?

    package init(
        documentId: String, inboxFileId: Int64? = nil, line: Int?, amount: Decimal?, currency: String?, paidAt: CalendarDate,
        state: PaymentState = .queued, attempts: Int = 0, lastError: String? = nil, createdAt: Date = SystemClock.now(), doneAt: Date? = nil,
        basis: PaymentBasis = .number
    ) {
        self.basis = basis
        self.documentId = documentId
        self.inboxFileId = inboxFileId
        self.line = line
        self.amount = amount
        self.currency = currency
        self.paidAt = paidAt
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.doneAt = doneAt
    }

    /// The id of a row read from the index (never nil there).
    package var persistedID: Int64 {
        get throws {
            guard let id else { throw IndexError.conflict(detail: "a payment of document \(documentId) has no id yet") }
            return id
        }
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// When an inbox file was last seen with this size and time: settling is measured by our clock,
/// not by the file's own time (a copy may keep an old one).
package struct InboxObservation: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "inbox_observation"
    /// Column names spelled out: cheaper than converting every key on every row.
    enum CodingKeys: String, CodingKey {
        case path
        case size
        case mtime
        case changedAt = "changed_at"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let path = Column(CodingKeys.path)
        static let size = Column(CodingKeys.size)
        static let mtime = Column(CodingKeys.mtime)
        static let changedAt = Column(CodingKeys.changedAt)
    }

    package var path: String
    package var size: Int64
    /// Modification time (seconds, with the nanoseconds as a fraction) and inode, folded into one value.
    package var mtime: Double
    package var changedAt: Date

    package init(path: String, size: Int64, mtime: Double, changedAt: Date) {
        self.path = path
        self.size = size
        self.mtime = mtime
        self.changedAt = changedAt
    }
}
