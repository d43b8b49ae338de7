import Foundation
import GRDB

/// Where a held line stands.
public enum ReviewState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Waiting for the accountant.
    case open
    /// The accountant named a document; its payment is queued (or it turned out already paid).
    case resolved
    /// The accountant said none: nothing is registered.
    case dismissed
}

/// A line tldrop held instead of registering, written to `Inbox/Review/<file>.review.csv` for the
/// accountant to settle.
public struct ReviewItemRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "review_item"
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
    }

    public var id: Int64?
    public var token: String
    public var inboxFileId: Int64?
    public var paymentId: Int64?
    public var source: String
    public var location: String
    public var company: String?
    /// `yyyy-mm-dd`.
    public var paidOn: String?
    /// Decimal text.
    public var amount: String?
    public var currency: String?
    public var counterparty: String?
    public var said: String
    public var candidates: String
    public var reason: String
    public var state: ReviewState
    public var reviewFile: String?
    public var resolvedBy: String?
    public var resolvedPaymentId: Int64?
    public var createdAt: Date
    public var resolvedAt: Date?

    public init(
        token: String, inboxFileId: Int64? = nil, paymentId: Int64? = nil, source: String, location: String, company: String?,
        paidOn: String?, amount: String?, currency: String?, counterparty: String?, said: String, candidates: String,
        reason: String, createdAt: Date = Date()
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

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
