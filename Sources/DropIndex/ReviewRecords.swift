package import DropValues
package import Foundation
package import GRDB

/// Where a held line stands.
package enum ReviewState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Waiting for the accountant.
    case open
    /// The accountant named a document; its payment is queued (or it turned out already paid).
    case resolved
    /// The accountant said none: nothing is registered.
    case dismissed
}

/// A line tldrop held instead of registering, written to `Inbox/Review/<file>.review.csv` for the
/// accountant to settle.
package struct ReviewItemRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "review_item"
    enum CodingKeys: String, CodingKey {
        case id, token, source, location, company, amount, currency, counterparty, said, candidates, reason, state
        case inboxFileId = "inbox_file_id"
        case paymentId = "payment_id"
        case paidOn = "paid_on"
        case reviewFile = "review_file"
        case resolvedBy = "resolved_by"
        case resolvedPaymentId = "resolved_payment_id"
        case createdAt = "created_at"
        case resolvedAt = "resolved_at"
        case candidateIds = "candidate_ids"
    }

    /// Its columns for the query interface, named once by `CodingKeys`.
    package enum Columns {
        static let id = Column(CodingKeys.id)
        static let token = Column(CodingKeys.token)
        static let source = Column(CodingKeys.source)
        static let location = Column(CodingKeys.location)
        static let company = Column(CodingKeys.company)
        static let amount = Column(CodingKeys.amount)
        static let currency = Column(CodingKeys.currency)
        static let counterparty = Column(CodingKeys.counterparty)
        static let said = Column(CodingKeys.said)
        static let candidates = Column(CodingKeys.candidates)
        static let reason = Column(CodingKeys.reason)
        static let state = Column(CodingKeys.state)
        static let inboxFileId = Column(CodingKeys.inboxFileId)
        static let paymentId = Column(CodingKeys.paymentId)
        static let paidOn = Column(CodingKeys.paidOn)
        static let reviewFile = Column(CodingKeys.reviewFile)
        static let resolvedBy = Column(CodingKeys.resolvedBy)
        static let resolvedPaymentId = Column(CodingKeys.resolvedPaymentId)
        static let createdAt = Column(CodingKeys.createdAt)
        static let resolvedAt = Column(CodingKeys.resolvedAt)
        static let candidateIds = Column(CodingKeys.candidateIds)
    }

    package var id: Int64?
    package var token: String
    package var inboxFileId: Int64?
    package var paymentId: Int64?
    package var source: String
    package var location: String
    package var company: String?
    package var paidOn: CalendarDate?
    package var amount: Decimal?
    package var currency: String?
    package var counterparty: String?
    package var said: String
    package var candidates: String
    package var reason: String
    package var state: ReviewState
    package var reviewFile: String?
    package var resolvedBy: String?
    package var resolvedPaymentId: Int64?
    package var createdAt: Date
    package var resolvedAt: Date?
    /// The documents the line may mean, by Teamleader id, one a line (nil for items of earlier versions).
    package var candidateIds: String?

    package init(
        token: String, inboxFileId: Int64? = nil, paymentId: Int64? = nil, source: String, location: String, company: String?,
        paidOn: CalendarDate?, amount: Decimal?, currency: String?, counterparty: String?, said: String, candidates: String,
        reason: String, createdAt: Date = SystemClock.now()
    ) {
        self.token = token
        self.inboxFileId = inboxFileId
        self.paymentId = paymentId
        self.source = source
        self.location = location
        self.company = company
        self.paidOn = paidOn
        self.amount = amount
        self.currency = currency
        self.counterparty = counterparty
        self.said = said
        self.candidates = candidates
        self.reason = reason
        self.state = .open
        self.createdAt = createdAt
    }

    /// The id of a row read from the index (never nil there).
    package var persistedID: Int64 {
        get throws {
            guard let id else { throw IndexError.conflict(detail: "a review item of '\(source)' has no id yet") }
            return id
        }
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
